import type { Decision } from './types';

/** A decision as plain text for the command line. */
export function formatDecision(decision: Decision): string {
  const { nextTier, nextTierBlockedBy } = decision;
  const next = nextTier
    ? `${nextTier.tier}: ${nextTier.missingBodies} more ${nextTier.missingBodies === 1 ? 'body' : 'bodies'}, ` +
      `${nextTier.missingLenses} more ${nextTier.missingLenses === 1 ? 'lens' : 'lenses'}`
    : nextTierBlockedBy
      ? `none (${nextTierBlockedBy})`
      : 'none (top tier)';
  const lines = [
    `Qualifying tier: ${decision.qualifyingTier ?? 'none (below SILVER)'}`,
    `Video member:    ${decision.videoMember ? 'yes' : 'no'}`,
    `Next tier:       ${next}`,
    `Policy version:  ${decision.policyVersion}`,
    `Items (${decision.items.length}):`,
    ...decision.items.map((item) =>
      item.counts ? `  + [${item.id}] ${item.reason}` : `  - [${item.id}] ${item.model}: ${item.reason}`,
    ),
    'Why:',
    ...decision.explanation.map((line) => `  ${line}`),
  ];
  return lines.join('\n');
}
