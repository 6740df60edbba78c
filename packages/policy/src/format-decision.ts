import type { Texts } from './texts';
import type { Decision } from './types';

/** A decision as plain text for the command line, its reasons in `texts`' language (the policy's English for policy owners). */
export function formatDecision(decision: Decision, texts: Texts): string {
  const { nextTier } = decision;
  const nextTierBlockedBy = decision.nextTierBlockedBy && texts.words(decision.nextTierBlockedBy);
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
      item.counts ? `  + [${item.id}] ${texts.words(item.reason)}` : `  - [${item.id}] ${item.model}: ${texts.words(item.reason)}`,
    ),
    'Why:',
    ...decision.explanation.map((line) => `  ${texts.words(line)}`),
  ];
  return lines.join('\n');
}
