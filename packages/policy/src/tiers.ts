import type { Tier } from './types';

const TIER_WORDS: Readonly<Record<Tier, string>> = { SILVER: 'Silver', GOLD: 'Gold', PLATINUM: 'Platinum' };

/** A tier as members and policy owners read it: "Gold"; no tier is "no tier". */
export const tierWords = (tier: Tier | null): string => (tier ? TIER_WORDS[tier] : 'no tier');

/** All tiers, lowest first. */
export const TIERS: readonly Tier[] = Object.freeze(['SILVER', 'GOLD', 'PLATINUM'] as const);

const RANK: Readonly<Record<Tier, number>> = { SILVER: 1, GOLD: 2, PLATINUM: 3 };

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RANK, value);
}

/** 0 for "no tier", 1.. for the tiers in order: lets null take part in comparisons. */
export function tierRank(tier: Tier | null | undefined): number {
  return tier ? RANK[tier] : 0;
}

/** Negative when a is lower than b, 0 when equal, positive when higher; null (no tier) is lowest. */
export function compareTiers(a: Tier | null, b: Tier | null): number {
  return tierRank(a) - tierRank(b);
}

/** The tiers a product with this cap can count towards, lowest first. */
export function tiersUpTo(cap: Tier | null): Tier[] {
  return cap ? TIERS.filter((t) => RANK[t] <= RANK[cap]) : [];
}

/** The tier after this one, or null at the top; after "no tier" comes the lowest tier. */
export function tierAbove(tier: Tier | null): Tier | null {
  return TIERS[tierRank(tier)] ?? null;
}
