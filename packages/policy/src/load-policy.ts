import type { ExtraChecks, LoadOptions, Policy, PolicyProblem } from './types';
import { PolicyError, problem } from './problems';
import { digestOf, listScheduledFolders, readRuleFiles, SCHEDULED_FOLDER, type RuleFile, type RuleFileSet } from './rule-files';
import { builtInPlugins } from './plugins';
import { compilePolicy } from './policy-from-packs';
import { runPolicyTests } from './run-policy-tests';

/** Reads the rule files (with `read`: a policy store's, which skips unchanged folders); a missing directory is a policy problem, not a crash. */
export async function readRules(dir: string, read: (dir: string) => Promise<RuleFileSet> = readRuleFiles): Promise<RuleFileSet> {
  try {
    return await read(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new PolicyError([problem('', '', `rules directory not found: ${dir}`)], dir);
    throw error;
  }
}

/** Compiles a snapshot of rule files and runs the caller's checks (and, if asked, the policy-tests packs). */
export async function loadFromFiles(set: RuleFileSet, options: LoadOptions = {}): Promise<Policy> {
  const { policy, problems, world } = await checkRuleFiles(set, options);
  const all = [...refusalsOf(world), ...problems];
  if (!policy || all.length) throw new PolicyError(all, set.dir);
  return policy;
}

/** What the service's extra checks found, and why they could not look (a peer down, …). */
export interface WorldVerdict {
  problems: PolicyProblem[];
  unchecked: string[];
}

/** Where a version must be refused: what the checks found, and each check that could not look. */
export const refusalsOf = (world: WorldVerdict): PolicyProblem[] => [
  ...world.problems,
  ...world.unchecked.map((reason) => problem('', '', `extra check failed: ${reason}`)),
];

/** The service's extra checks: what they found, and why they could not look (a peer down, …). */
export async function runExtraChecks(checks: ExtraChecks | undefined, policy: Policy): Promise<WorldVerdict> {
  if (!checks) return { problems: [], unchecked: [] };
  try {
    return { problems: await checks(policy), unchecked: [] };
  } catch (error) {
    return { problems: [], unchecked: [(error as Error).message] };
  }
}

export interface RuleFilesVerdict {
  /** The compiled policy, if the files compile (it may still fail its tests or the world checks). */
  policy: Policy | null;
  /** What is wrong in the files themselves, the owners' test cases included. */
  problems: PolicyProblem[];
  /** What the service's extra checks found in the world beside the files (members in a country, …), and why one could not look. */
  world: WorldVerdict;
}

/** Every check of a snapshot of rule files, its problems kept apart by where they come from. */
export async function checkRuleFiles(set: RuleFileSet, options: LoadOptions = {}): Promise<RuleFilesVerdict> {
  const { policy, tests, problems } = compilePolicy(set, builtInPlugins, options.verdictMemo);
  if (!policy) return { policy: null, problems, world: { problems: [], unchecked: [] } };
  const world = await runExtraChecks(options.extraChecks, policy);
  const testProblems = options.runPolicyTests ? await runPolicyTests(policy, tests) : [];
  return { policy, problems: testProblems, world };
}

/**
 * A policy from rule files kept elsewhere (members keeps every version that went live, with its
 * files): the same checks as from a folder; `label` says where the files came from.
 */
export function policyFromFiles(files: RuleFile[], label: string, options: LoadOptions = {}): Promise<Policy> {
  // The order readRuleFiles reads them in, so the version is the same hash.
  const sorted = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return loadFromFiles({ dir: label, files: sorted, digest: digestOf(sorted) }, options);
}

/** Loads the policy from a rules directory; throws PolicyError listing every problem. */
export async function loadPolicy(dir: string, options: LoadOptions = {}): Promise<Policy> {
  return loadFromFiles(await readRules(dir), options);
}

async function problemsOf(dir: string, options: LoadOptions): Promise<PolicyProblem[]> {
  try {
    await loadPolicy(dir, { ...options, runPolicyTests: true });
    return [];
  } catch (error) {
    if (error instanceof PolicyError) return error.problems;
    throw error;
  }
}

/**
 * Every problem of a rules directory and of each version scheduled in it (`scheduled/<day>/`,
 * each with its own test cases), including failing policy-tests cases; a problem of a scheduled
 * version names its folder in `file`. [] when every version is good. The same checks a service
 * runs before a version goes live.
 */
export async function validatePolicy(dir: string, options: LoadOptions = {}): Promise<PolicyProblem[]> {
  const problems = await problemsOf(dir, options);
  const { folders, misnamed } = await listScheduledFolders(dir);
  for (const name of misnamed) problems.push(problem(name, '', 'a scheduled version is a folder named after its day, YYYY-MM-DD'));
  for (const folder of folders) {
    for (const p of await problemsOf(folder.dir, options)) problems.push({ ...p, file: `${SCHEDULED_FOLDER}/${folder.day}/${p.file}` });
  }
  return problems;
}
