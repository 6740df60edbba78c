import type { MemberFacts, Policy, Tier, TierGap } from '@cps/policy';

/**
 * The benchmark's yardstick: today's tier rules (rules/tiers.json) written as plain TypeScript,
 * reading product caps and country caps from the same loaded policy. It exists only to put the
 * rules engine's speed in proportion; the benchmark checks that it agrees with the engine on every
 * member of its sample. It decides what the API shows (qualifying tier, video membership, next
 * tier and gap, which items count); it does not write the engine's explanation sentences.
 */
const THRESHOLDS: Record<Tier, { bodies: number; lenses: number }> = {
  SILVER: { bodies: 2, lenses: 3 },
  GOLD: { bodies: 2, lenses: 3 },
  PLATINUM: { bodies: 3, lenses: 4 },
};
const TIERS: Tier[] = ['SILVER', 'GOLD', 'PLATINUM'];
const RANK: Record<string, number> = { SILVER: 1, GOLD: 2, PLATINUM: 3 };

export interface YardstickDecision {
  qualifyingTier: Tier | null;
  videoMember: boolean;
  nextTier: TierGap | null;
  counts: boolean[];
}

/** What today's tier rules read of a member (the engine's fact values), counted in plain TypeScript. */
interface YardstickCounts {
  /** Index 1..3 (SILVER..PLATINUM): items counting towards at least that tier. */
  bodies: number[];
  lenses: number[];
  proVideo: number;
  /** The country's cap as a rank (0: not a programme country). */
  cap: number;
  counts: boolean[];
}

function counter(policy: Policy): (facts: MemberFacts) => YardstickCounts {
  const products = new Map(policy.products().map((p) => [p.model, p]));
  const countries = new Map(policy.countries().map((c) => [c.code, c.maxTier]));
  return (facts) => {
    const bodies = [0, 0, 0, 0];
    const lenses = [0, 0, 0, 0];
    let proVideo = 0;
    const counts = facts.items.map((item) => {
      const rule = products.get(item.model);
      if (!rule || !rule.supported || item.status !== 'ACTIVE') return false;
      if (rule.countsAs === 'PRO_VIDEO') proVideo++;
      else {
        const counter = rule.countsAs === 'BODY' ? bodies : lenses;
        for (let r = 1; r <= RANK[rule.cap!]; r++) counter[r]++;
      }
      return true;
    });
    const cap = RANK[countries.get((facts.countryCode ?? '').toUpperCase()) ?? ''] ?? 0;
    return { bodies, lenses, proVideo, cap, counts };
  };
}

/**
 * The values json-rules-engine's facts take for a member, as plain constants: the benchmark's
 * floor of the engine itself (Engine.run with nothing of ours inside the run).
 */
export function engineFactValues(policy: Policy): (facts: MemberFacts) => Record<string, unknown> {
  const count = counter(policy);
  return (facts) => {
    const { bodies, lenses, proVideo, cap } = count(facts);
    return {
      bodiesCountingTowards: (params: { tier: Tier }) => bodies[RANK[params.tier]],
      lensesCountingTowards: (params: { tier: Tier }) => lenses[RANK[params.tier]],
      countryMaxTier: cap ? TIERS[cap - 1] : null,
      proVideoItems: proVideo,
    };
  };
}

export function yardstick(policy: Policy): (facts: MemberFacts) => YardstickDecision {
  const count = counter(policy);
  return (facts) => {
    const { bodies, lenses, proVideo, cap, counts } = count(facts);
    let qualifyingTier: Tier | null = null;
    for (const tier of TIERS) {
      const r = RANK[tier];
      if (bodies[r] >= THRESHOLDS[tier].bodies && lenses[r] >= THRESHOLDS[tier].lenses && cap >= r) qualifyingTier = tier;
    }
    const next = TIERS[qualifyingTier ? RANK[qualifyingTier] : 0];
    let nextTier: TierGap | null = null;
    if (next && cap >= RANK[next]) {
      const r = RANK[next];
      nextTier = {
        tier: next,
        missingBodies: Math.max(0, THRESHOLDS[next].bodies - bodies[r]),
        missingLenses: Math.max(0, THRESHOLDS[next].lenses - lenses[r]),
      };
    }
    return { qualifyingTier, videoMember: proVideo >= 1, nextTier, counts };
  };
}
