import type { MemberFacts, Policy, Tier } from './types';
import { compareTiers } from './tiers';

export interface TierMove {
  from: Tier | null;
  to: Tier | null;
  count: number;
  sample: string[]; // a few member numbers, to look at real cases
}

export interface PreviewResult {
  total: number;
  moved: TierMove[]; // largest groups first
  unchanged: number;
  /** Video membership changes (an addition to the agreed shape: a tier preview alone would hide them). */
  videoChanged: { gained: number; lost: number };
  /** How many members qualify for each tier now and under the candidate ("NONE" = below Silver). */
  tierCounts: { current: Record<TierOrNone, number>; candidate: Record<TierOrNone, number> };
}

export type TierOrNone = Tier | 'NONE';
const emptyCounts = (): Record<TierOrNone, number> => ({ NONE: 0, SILVER: 0, GOLD: 0, PLATINUM: 0 });

const SAMPLE_SIZE = 5;

/** What a candidate policy would change: every member is evaluated under both policies. */
export async function previewChanges(
  current: Policy,
  candidate: Policy,
  members: AsyncIterable<{ number: string; facts: MemberFacts }>,
  onProgress?: (done: number) => void,
): Promise<PreviewResult> {
  const moves = new Map<string, TierMove>();
  const videoChanged = { gained: 0, lost: 0 };
  let total = 0;
  let unchanged = 0;
  const tierCounts = { current: emptyCounts(), candidate: emptyCounts() };

  for await (const { number, facts } of members) {
    const [before, after] = await Promise.all([current.evaluate(facts), candidate.evaluate(facts)]);
    total++;
    tierCounts.current[before.qualifyingTier ?? 'NONE']++;
    tierCounts.candidate[after.qualifyingTier ?? 'NONE']++;
    if (before.videoMember !== after.videoMember) videoChanged[after.videoMember ? 'gained' : 'lost']++;
    if (before.qualifyingTier === after.qualifyingTier) {
      unchanged++;
    } else {
      const key = `${before.qualifyingTier}>${after.qualifyingTier}`;
      let move = moves.get(key);
      if (!move) moves.set(key, (move = { from: before.qualifyingTier, to: after.qualifyingTier, count: 0, sample: [] }));
      move.count++;
      if (move.sample.length < SAMPLE_SIZE) move.sample.push(number);
    }
    onProgress?.(total);
  }

  const moved = [...moves.values()].sort(
    (a, b) => b.count - a.count || compareTiers(a.from, b.from) || compareTiers(a.to, b.to),
  );
  return { total, moved, unchanged, videoChanged, tierCounts };
}
