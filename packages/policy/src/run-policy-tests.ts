import type { Policy, PolicyProblem, TierGap } from './types';
import { problem } from './problems';
import type { PolicyTestCase, Sourced } from './plugins/plugin';

function showGap(gap: TierGap | null): string {
  return gap ? `${gap.tier} missing ${gap.missingBodies} bodies and ${gap.missingLenses} lenses` : 'none';
}

/** Runs the policy owners' cases; each failing case is a problem naming the case and what differed. */
export async function runPolicyTests(policy: Policy, cases: ReadonlyArray<Sourced<PolicyTestCase>>): Promise<PolicyProblem[]> {
  const problems: PolicyProblem[] = [];
  for (const { value: testCase, file, pointer } of cases) {
    const decision = await policy.evaluate(testCase.facts);
    const { expect } = testCase;
    const wrong: string[] = [];
    if (decision.qualifyingTier !== expect.tier) {
      wrong.push(`expected tier ${expect.tier ?? 'none'}, got ${decision.qualifyingTier ?? 'none'}`);
    }
    if (expect.videoMember !== undefined && decision.videoMember !== expect.videoMember) {
      wrong.push(`expected videoMember ${expect.videoMember}, got ${decision.videoMember}`);
    }
    if (expect.nextTier !== undefined && showGap(expect.nextTier) !== showGap(decision.nextTier)) {
      wrong.push(`expected next tier ${showGap(expect.nextTier)}, got ${showGap(decision.nextTier)}`);
    }
    if (wrong.length) problems.push(problem(file, pointer, `case "${testCase.name}" failed: ${wrong.join('; ')}`));
  }
  return problems;
}
