import { compareTiers, type Decision, type Tier } from '@cps/policy';

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

/** Video membership is held the same way: it starts at once, and ends only at the yearly recalculation. */
export function nextHeldVideo(held: boolean, qualifies: boolean, yearly: boolean): boolean {
  return qualifies || (held && !yearly);
}

export interface HeldState {
  heldTier: Tier | null;
  videoMember: boolean;
}

/** What a member holds after `decision`: the tier move (for the counts) and the new state. */
export function nextHeldState(held: HeldState, decision: Pick<Decision, 'qualifyingTier' | 'videoMember'>, yearly: boolean) {
  const tier = nextHeldTier(held.heldTier, decision.qualifyingTier, yearly);
  const videoMember = nextHeldVideo(held.videoMember, decision.videoMember, yearly);
  return { move: tier.move, heldTier: tier.tier, videoMember, changed: tier.move !== 'unchanged' || videoMember !== held.videoMember };
}
