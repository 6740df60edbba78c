// From rule files to a checked policy: parse, dispatch each pack on its "kind" to its plugin, validate
// it against the plugin's JSON Schema, let the plugin contribute it, then run the cross-pack checks.
import { Engine } from 'json-rules-engine';
import type { PackInfo, PolicyProblem } from './types';
import { problem } from './problems';
import { parseJson } from './json-source';
import { validateAgainstSchema } from './schema-validation';
import type { RuleFileSet } from './rule-files';
import { CompiledPolicy } from './checked-policy';
import { builtInPlugins } from './plugins';
import type { CheckContext, FactDefinition, OperatorDefinition, PackPlugin, PolicyDraft, PolicyTestCase, Sourced } from './plugins/plugin';

export interface CompileResult {
  policy: CompiledPolicy | null;
  tests: ReadonlyArray<Sourced<PolicyTestCase>>; // the policy-tests cases, run on demand
  problems: PolicyProblem[];
}

function emptyDraft(dir: string): PolicyDraft {
  return {
    dir,
    products: new Map(),
    countries: new Map(),
    engineRules: [],
    benefits: { file: null, tiers: new Map(), video: [], otherRegionCard: [] },
    texts: new Map(),
    tests: [],
    packs: [],
  };
}

function checkContext(facts: readonly FactDefinition[], operators: readonly OperatorDefinition[]): CheckContext {
  // Ask a real engine which operator names it knows, so built-in operators and decorators
  // ("not:equal", "someFact:...") are accepted exactly as json-rules-engine would accept them.
  const probe = new Engine();
  for (const op of operators) probe.addOperator(op.name, op.evaluate);
  const known = (probe as unknown as { operators: { get(name: string): unknown } }).operators;
  return {
    facts: new Map(facts.map((f) => [f.id, f])),
    operators: new Map(operators.map((o) => [o.name, o])),
    isOperator: (name) => known.get(name) != null,
  };
}

/** Kinds of earlier policies, with what replaced them. */
const REPLACED_KINDS: Readonly<Record<string, string>> = {
  countries: 'kind "countries" (a list) was replaced by one file of kind "country" per country, holding its handler team, dealers and service point: see rules/README.md',
};

/** The kind and version every pack starts with; anything else is the plugin's schema's business. */
function packHeader(file: string, value: unknown, plugins: ReadonlyMap<string, PackPlugin>): { plugin?: PackPlugin; problems: PolicyProblem[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problems: [problem(file, '', 'a rule pack must be a JSON object with "kind" and "version"')] };
  }
  const { kind } = value as { kind?: unknown };
  if (kind === undefined) return { problems: [problem(file, '', 'missing required property "kind"')] };
  const plugin = typeof kind === 'string' ? plugins.get(kind) : undefined;
  if (!plugin && typeof kind === 'string' && REPLACED_KINDS[kind]) return { problems: [problem(file, '/kind', REPLACED_KINDS[kind])] };
  if (!plugin) {
    return { problems: [problem(file, '/kind', `unknown kind ${JSON.stringify(kind)}; known kinds: ${[...plugins.keys()].join(', ')}`)] };
  }
  return { plugin, problems: [] };
}

export function compilePolicy(set: RuleFileSet, plugins: readonly PackPlugin[] = builtInPlugins, verdictMemo?: number): CompileResult {
  const byKind = new Map(plugins.map((p) => [p.kind, p]));
  const facts = plugins.flatMap((p) => p.facts ?? []);
  const operators = plugins.flatMap((p) => p.operators ?? []);
  const draft = emptyDraft(set.dir);
  const problems: PolicyProblem[] = [];

  if (set.files.length === 0) problems.push(problem('', '', `no rule files (*.json) found in ${set.dir}`));

  for (const { file, text } of set.files) {
    const parsed = parseJson(file, text);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      continue;
    }
    const { plugin, problems: headerProblems } = packHeader(file, parsed.value, byKind);
    if (!plugin) {
      problems.push(...headerProblems);
      continue;
    }
    const schemaProblems = validateAgainstSchema(plugin.schema, parsed.value, file);
    if (schemaProblems.length) {
      problems.push(...schemaProblems);
      continue;
    }
    const pack = parsed.value as { kind: string; version: string };
    draft.packs.push({ file, kind: pack.kind, version: pack.version } satisfies PackInfo);
    problems.push(...plugin.contribute(parsed.value, file, draft));
  }

  // Cross-pack checks need every pack: run them only on a complete set, or they report
  // "missing" things that are merely in a file refused above.
  if (problems.length === 0) {
    const context = checkContext(facts, operators);
    for (const plugin of plugins) problems.push(...(plugin.check?.(draft, context) ?? []));
  }
  if (problems.length) return { policy: null, tests: draft.tests, problems };

  try {
    return { policy: new CompiledPolicy(set.digest, set.dir, Object.freeze([...set.files]), draft, facts, operators, verdictMemo), tests: draft.tests, problems: [] };
  } catch (error) {
    const file = draft.engineRules[0]?.file ?? '';
    return { policy: null, tests: draft.tests, problems: [problem(file, '', `the rules engine refused the rules: ${(error as Error).message}`)] };
  }
}
