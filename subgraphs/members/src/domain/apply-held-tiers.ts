import type { Policy, Tier } from '@cps/policy';
import { In, type EntityManager } from 'typeorm';
import { MemberRecord } from '../entities/member.entity';
import { TierChangeRecord } from '../entities/tier-change.entity';
import { nextHeldTier, type TierMove } from './held-tier';
import type { MemberSnapshot } from './member-batches';

export interface ApplyOptions {
  /** The yearly run may lower held tiers; at any other time they only rise. */
  yearly: boolean;
  reason: string;
  /** When the change counts from (the run's date, or now). */
  at: Date;
  now: Date;
}

/**
 * Decides a batch of members under `policy` and writes the held tiers that change, in bulk: one
 * UPDATE per target tier (with a new card request) and one multi-row INSERT for the history.
 */
export async function applyHeldTiers(
  manager: EntityManager,
  batch: MemberSnapshot[],
  policy: Policy,
  options: ApplyOptions,
): Promise<Record<TierMove, number>> {
  const counts: Record<TierMove, number> = { upgraded: 0, downgraded: 0, unchanged: 0 };
  const changes: Array<{ id: number; from: Tier | null; to: Tier | null }> = [];
  for (const member of batch) {
    const decision = await policy.evaluate(member.facts);
    const next = nextHeldTier(member.heldTier as Tier | null, decision.qualifyingTier, options.yearly);
    counts[next.move]++;
    if (next.move !== 'unchanged') changes.push({ id: member.id, from: member.heldTier as Tier | null, to: next.tier });
  }
  for (const tier of new Set(changes.map((c) => c.to))) {
    const ids = changes.filter((c) => c.to === tier).map((c) => c.id);
    await manager.update(MemberRecord, { id: In(ids) }, { heldTier: tier, cardRequestedAt: options.now });
  }
  if (changes.length) {
    await manager.insert(
      TierChangeRecord,
      changes.map((c) => ({
        memberId: c.id,
        fromTier: c.from,
        toTier: c.to,
        at: options.at,
        reason: options.reason,
        policyVersion: policy.version,
      })),
    );
  }
  return counts;
}
