import type { Tier } from '@cps/policy';
import { In, type EntityManager } from 'typeorm';
import { MemberRecord } from '../entities/member.entity';
import { TierChangeRecord } from '../entities/tier-change.entity';

export interface HeldTierChange {
  memberId: number;
  from: Tier | null;
  to: Tier | null;
}

export interface ChangeContext {
  /** Why, in words (kept in the history). */
  reason: string;
  /** When the change counts from (a yearly run's date, or now). */
  at: Date;
  /** When it is written: a new card is requested then. */
  now: Date;
  policyVersion: string;
}

/**
 * The one place a held tier changes: the new tier with a new card request (one UPDATE per target
 * tier) and a history row for each change (one multi-row INSERT), in the caller's transaction.
 */
export async function writeHeldTierChanges(manager: EntityManager, changes: HeldTierChange[], context: ChangeContext): Promise<void> {
  if (changes.length === 0) return;
  for (const tier of new Set(changes.map((c) => c.to))) {
    const ids = changes.filter((c) => c.to === tier).map((c) => c.memberId);
    await manager.update(MemberRecord, { id: In(ids) }, { heldTier: tier, cardRequestedAt: context.now });
  }
  await manager.insert(
    TierChangeRecord,
    changes.map((c) => ({
      memberId: c.memberId,
      fromTier: c.from,
      toTier: c.to,
      at: context.at,
      reason: context.reason,
      policyVersion: context.policyVersion,
    })),
  );
}
