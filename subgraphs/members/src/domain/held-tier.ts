import { compareTiers, type Tier } from '@cps/policy';

export type TierMove = 'upgraded' | 'downgraded' | 'unchanged';

/**
 * The held tier follows the qualifying tier upwards at once; downwards only at the yearly
 * recalculation (`yearly = true`).
 */
export function nextHeldTier(held: Tier | null, qualifying: Tier | null, yearly: boolean): { tier: Tier | null; move: TierMove } {
  const order = compareTiers(qualifying, held);
  if (order > 0) return { tier: qualifying, move: 'upgraded' };
  if (order < 0 && yearly) return { tier: qualifying, move: 'downgraded' };
  return { tier: held, move: 'unchanged' };
}
