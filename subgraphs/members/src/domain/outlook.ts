import { compareTiers, tierWords, type Decision, type Tier } from '@cps/policy';
import type { HeldState } from './held-tier';

export type OutlookChange = 'UP' | 'DOWN' | 'SAME';

export interface Outlook {
  /** The next 1 January. */
  on: string;
  tier: Tier | null;
  videoMember: boolean;
  change: OutlookChange;
  reasons: string[];
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "1 January 2027"; one formatter for all (making one per call costs more than deciding a member). */
const dayWordsCache = new Map<string, string>();
export const dayWords = (day: string): string => {
  let words = dayWordsCache.get(day);
  if (words === undefined) dayWordsCache.set(day, (words = DAY_FORMAT.format(new Date(`${day}T12:00:00Z`))));
  return words;
};
const plural = (n: number, one: string, many: string) => `${n} more ${n === 1 ? one : many}`;

/**
 * What the 1 January run on `on` will make of a member if nothing changes: the run gives the
 * qualifying tier and video membership under the policy in force then (`decision`), so a held
 * tier above it falls. The reasons are sentences a photographer understands.
 */
/** What the outlook reads of an item: which product, and whether it is still on the account. */
export interface OutlookItem {
  productModel: string;
  status: string;
}

export function outlookFor(held: HeldState, decision: Decision, items: readonly OutlookItem[], on: string): Outlook {
  const tier = decision.qualifyingTier;
  const order = compareTiers(tier, held.heldTier);
  const change: OutlookChange = order > 0 ? 'UP' : order < 0 ? 'DOWN' : 'SAME';
  const date = dayWords(on);
  const reasons: string[] = [];
  if (change === 'DOWN') {
    const heldWords = tierWords(held.heldTier);
    for (const item of items) {
      if (item.status === 'REMOVED') reasons.push(`You removed the ${item.productModel} from your account.`);
      if (item.status === 'TRANSFERRED') reasons.push(`The ${item.productModel} now belongs to its new owner.`);
    }
    for (const item of decision.items) {
      if (!item.supported) reasons.push(`The ${item.model} is no longer supported by the programme and counts for nothing.`);
    }
    if (decision.nextTierBlockedBy) reasons.push(`${heldWords} cannot be reached: ${decision.nextTierBlockedBy}.`);
    const gap = decision.nextTier;
    if (gap) {
      const needs = [gap.missingBodies ? plural(gap.missingBodies, 'body', 'bodies') : '', gap.missingLenses ? plural(gap.missingLenses, 'lens', 'lenses') : '']
        .filter(Boolean)
        .join(' and ');
      const target = gap.tier === held.heldTier ? `To keep ${heldWords}` : `To reach ${tierWords(gap.tier)} again`;
      reasons.push(`${target} you need ${needs} counting towards ${tierWords(gap.tier)}.`);
    }
    reasons.push(`On ${date} your membership goes from ${heldWords} to ${tierWords(tier)}.`);
  } else if (change === 'UP') {
    reasons.push(`Your registered equipment gives ${tierWords(tier)} on ${date}.`);
  } else {
    reasons.push(held.heldTier ? `Your registered equipment keeps ${tierWords(held.heldTier)} on ${date}.` : `Your registered equipment qualifies for no tier on ${date}.`);
  }
  if (held.videoMember && !decision.videoMember) {
    reasons.push(`You have no Pro Video product registered: your video membership ends on ${date}.`);
  }
  return { on, tier, videoMember: decision.videoMember, change, reasons };
}
