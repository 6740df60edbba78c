import type { Policy, Tier } from '@cps/policy';
import { In, type EntityManager } from 'typeorm';
import { MemberRecord } from '../entities/member.entity';
import { TierChangeRecord } from '../entities/tier-change.entity';
import type { HeldState } from './held-tier';
import { storedReason, type HistoryReason } from './history-reasons';

export interface HeldTierChange {
  memberId: number;
  from: HeldState;
  to: HeldState;
}

export interface ChangeContext {
  /** Why (kept in the history as a code, and in the policy's English). */
  reason: HistoryReason;
  /** When the change counts from (a yearly run's midnight, or now). */
  at: Date;
  /** When it is written: a new card is requested then. */
  now: Date;
  /** The policy that decided it: its version is kept with the change. */
  policy: Policy;
}

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
  const tierReason = storedReason(context.policy, context.reason);
  const videoReasons = { starts: storedReason(context.policy, context.reason, 'starts'), ends: storedReason(context.policy, context.reason, 'ends') };
  const rows = changes.flatMap((c) => {
    const base = { memberId: c.memberId, at: context.at, policyVersion: context.policy.version };
    const tierChanged = c.from.heldTier !== c.to.heldTier;
    const videoChanged = c.from.videoMember !== c.to.videoMember;
    return [
      ...(tierChanged ? [{ ...base, fromTier: c.from.heldTier, toTier: c.to.heldTier, ...tierReason }] : []),
      ...(videoChanged ? [{ ...base, fromTier: c.to.heldTier, toTier: c.to.heldTier, ...videoReasons[c.to.videoMember ? 'starts' : 'ends'] }] : []),
    ];
  });
  await manager.insert(TierChangeRecord, rows);
}
