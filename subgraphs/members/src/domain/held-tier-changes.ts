import type { Tier } from '@cps/policy';
import { In, type EntityManager } from 'typeorm';
import { MemberRecord } from '../entities/member.entity';
import { TierChangeRecord } from '../entities/tier-change.entity';
import type { HeldState } from './held-tier';

export interface HeldTierChange {
  memberId: number;
  from: HeldState;
  to: HeldState;
}

export interface ChangeContext {
  /** Why, in words (kept in the history). */
  reason: string;
  /** When the change counts from (a yearly run's midnight, or now). */
  at: Date;
  /** When it is written: a new card is requested then. */
  now: Date;
  policyVersion: string;
}

const videoWords = (change: HeldTierChange) =>
  change.to.videoMember ? 'video membership starts' : 'video membership ends';

/**
 * The one place a held tier or held video membership changes: the new state with a new card
 * request (one UPDATE per new state) and a history row for each change (one multi-row INSERT),
 * in the caller's transaction. A change of video membership alone is a history row whose tier
 * stays the same and whose reason says so.
 */
export async function writeHeldTierChanges(manager: EntityManager, changes: HeldTierChange[], context: ChangeContext): Promise<void> {
  if (changes.length === 0) return;
  const byState = new Map<string, number[]>();
  for (const change of changes) {
    const key = JSON.stringify([change.to.heldTier, change.to.videoMember]);
    byState.set(key, [...(byState.get(key) ?? []), change.memberId]);
  }
  for (const [key, ids] of byState) {
    const [heldTier, videoMember] = JSON.parse(key) as [Tier | null, boolean];
    await manager.update(MemberRecord, { id: In(ids) }, { heldTier, videoMember, cardRequestedAt: context.now });
  }
  const rows = changes.flatMap((c) => {
    const base = { memberId: c.memberId, at: context.at, policyVersion: context.policyVersion };
    const tierChanged = c.from.heldTier !== c.to.heldTier;
    const videoChanged = c.from.videoMember !== c.to.videoMember;
    return [
      ...(tierChanged ? [{ ...base, fromTier: c.from.heldTier, toTier: c.to.heldTier, reason: context.reason }] : []),
      ...(videoChanged ? [{ ...base, fromTier: c.to.heldTier, toTier: c.to.heldTier, reason: `${context.reason}: ${videoWords(c)}` }] : []),
    ];
  });
  await manager.insert(TierChangeRecord, rows);
}
