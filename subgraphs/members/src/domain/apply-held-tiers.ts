import type { Policy } from '@cps/policy';
import type { EntityManager } from 'typeorm';
import { nextHeldState, type TierMove } from './held-tier';
import { writeHeldTierChanges, type HeldTierChange } from './held-tier-changes';
import type { MemberSnapshot } from './member-batches';
import type { HistoryReason } from './history-reasons';

export interface ApplyOptions {
  /** The yearly run may lower held tiers; at any other time they only rise. */
  yearly: boolean;
  reason: HistoryReason;
  /** When the change counts from (the run's date, or now). */
  at: Date;
  now: Date;
}

/**
 * Decides a batch of members under `policy` and writes the held tiers that change, in bulk.
 */
export async function applyHeldTiers(
  manager: EntityManager,
  batch: MemberSnapshot[],
  policy: Policy,
  options: ApplyOptions,
): Promise<Record<TierMove, number>> {
  const counts: Record<TierMove, number> = { upgraded: 0, downgraded: 0, unchanged: 0 };
  const changes: HeldTierChange[] = [];
  for (const member of batch) {
    const decision = await policy.evaluate(member.facts);
    const from = { heldTier: member.heldTier, videoMember: member.videoMember };
    const next = nextHeldState(from, decision, options.yearly);
    counts[next.move]++;
    if (next.changed) changes.push({ memberId: member.id, from, to: { heldTier: next.heldTier, videoMember: next.videoMember } });
  }
  await writeHeldTierChanges(manager, changes, { reason: options.reason, at: options.at, now: options.now, policy });
  return counts;
}
