// Checks json-rules-engine conditions before an engine ever sees them, so a typo in a fact or operator
// name is refused at load time with its JSON pointer instead of failing member evaluations later.
import type { PolicyProblem } from './types';
import { problem } from './problems';
import type { CheckContext, ConditionOutcome } from './plugins/plugin';

const BOOLEAN_KEYS = ['all', 'any', 'not'] as const;

type Node = Record<string, unknown>;

function isObject(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkLeaf(node: Node, file: string, at: string, ctx: CheckContext): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const key of ['fact', 'operator', 'value']) {
    if (!(key in node)) problems.push(problem(file, at, `a fact comparison needs "fact", "operator" and "value": "${key}" is missing`));
  }
  if (problems.length) return problems;

  const factId = String(node.fact);
  const fact = ctx.facts.get(factId);
  if (!fact) {
    problems.push(problem(file, `${at}/fact`, `unknown fact "${factId}"; known facts: ${[...ctx.facts.keys()].join(', ')}`));
  } else {
    const message = fact.checkParams?.(node.params as Record<string, unknown> | undefined);
    if (message) problems.push(problem(file, `${at}/params`, `${factId} ${message}`));
  }

  const operator = String(node.operator);
  if (!ctx.isOperator(operator)) {
    problems.push(problem(file, `${at}/operator`, `unknown operator "${operator}"`));
  } else {
    const message = ctx.operators.get(operator)?.checkValue?.(node.value);
    if (message) problems.push(problem(file, `${at}/value`, message));
  }

  // A value may name another fact ({"fact": "..."}); that fact must exist too.
  if (isObject(node.value) && typeof node.value.fact === 'string' && !ctx.facts.has(node.value.fact)) {
    problems.push(problem(file, `${at}/value/fact`, `unknown fact "${node.value.fact}"`));
  }
  return problems;
}

/** Validates a condition tree; the top must be all/any/not, as json-rules-engine requires. */
export function checkConditions(node: unknown, file: string, at: string, ctx: CheckContext, top = true): PolicyProblem[] {
  if (!isObject(node)) return [problem(file, at, 'a condition must be an object')];
  const booleans = BOOLEAN_KEYS.filter((k) => k in node);
  const isLeaf = 'fact' in node || 'operator' in node || 'value' in node;

  if (booleans.length + (isLeaf ? 1 : 0) !== 1) {
    return [problem(file, at, 'a condition is exactly one of: "all": [...], "any": [...], "not": {...}, or a fact comparison (fact, operator, value)')];
  }
  if (isLeaf) {
    return top ? [problem(file, at, 'a rule\'s conditions must start with "all", "any" or "not"')] : checkLeaf(node, file, at, ctx);
  }
  const key = booleans[0];
  const inner = node[key];
  if (key === 'not') return checkConditions(inner, file, `${at}/not`, ctx, false);
  if (!Array.isArray(inner)) return [problem(file, `${at}/${key}`, `"${key}" must be a list of conditions`)];
  return inner.flatMap((child, i) => checkConditions(child, file, `${at}/${key}/${i}`, ctx, false));
}

/** The top-level leaves of an "all" condition, with their pointers (used to read thresholds). */
export function topLevelAllLeaves(conditions: unknown, at: string): Array<{ leaf: Node; pointer: string }> | null {
  if (!isObject(conditions) || !Array.isArray(conditions.all)) return null;
  return conditions.all
    .map((leaf, i) => ({ leaf: leaf as Node, pointer: `${at}/all/${i}` }))
    .filter(({ leaf }) => isObject(leaf) && 'fact' in leaf);
}

/** Every leaf condition of an evaluated condition tree, with the engine's factResult and result. */
export function evaluatedLeaves(node: unknown, into: ConditionOutcome[] = []): ConditionOutcome[] {
  if (!isObject(node)) return into;
  if (Array.isArray(node.all)) for (const c of node.all) evaluatedLeaves(c, into);
  else if (Array.isArray(node.any)) for (const c of node.any) evaluatedLeaves(c, into);
  else if (node.not !== undefined) evaluatedLeaves(node.not, into);
  else if (typeof node.fact === 'string') into.push(node as unknown as ConditionOutcome);
  return into;
}
