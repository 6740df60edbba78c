import fs from 'node:fs';
import path from 'node:path';
import { loadPolicy, validatePolicy, type Policy, type PolicyProblem } from '@cps/policy';
import { badInput } from '@cps/service-kit';

export interface PolicyCandidate {
  name: string;
  version: string | null;
  problems: PolicyProblem[];
  policy: Policy | null;
}

/** Candidate names are folder names: no path tricks can reach outside the candidates folder. */
const CANDIDATE_NAME = /^[\w][\w.-]{0,99}$/;

export function candidateNames(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && CANDIDATE_NAME.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** A version scheduled in the live rules, previewed by its folder name: `scheduled/2027-01-01`. */
const SCHEDULED_NAME = /^scheduled\/(\d{4}-\d{2}-\d{2})$/;

/** A candidate with every problem `validate` would list; `policy` only when it has none. */
export async function openCandidate(dir: string, name: string, rulesDir?: string): Promise<PolicyCandidate> {
  const scheduled = SCHEDULED_NAME.exec(name);
  const folder = scheduled && rulesDir ? path.join(rulesDir, 'scheduled', scheduled[1]) : path.join(dir, name);
  const known = scheduled ? Boolean(rulesDir) && fs.existsSync(folder) : CANDIDATE_NAME.test(name) && candidateNames(dir).includes(name);
  if (!known) throw badInput('candidate', `There is no candidate rules folder "${name}" on the server.`);
  const problems = await validatePolicy(folder);
  const policy = problems.length ? null : await loadPolicy(folder);
  return { name, version: policy?.version ?? null, problems, policy };
}
