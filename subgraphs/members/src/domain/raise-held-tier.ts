import type { Policy, Tier } from '@cps/policy';
import type { EntityManager } from 'typeorm';
import { EquipmentRecord } from '../entities/equipment.entity';
import type { MemberRecord } from '../entities/member.entity';
import { nextHeldState } from './held-tier';
import { writeHeldTierChanges } from './held-tier-changes';
import { memberFacts } from './member-facts';
import type { HistoryReason } from './history-reasons';

/**
 * After an item starts counting for a member: a higher qualifying tier (or a first Pro Video
 * item) raises what the member holds at once, records the change and requests a new card. A
 * lower one waits for 1 January.
 */
export async function raiseHeldTier(
  manager: EntityManager,
  member: MemberRecord,
  policy: Policy,
  reason: HistoryReason,
  now: Date,
): Promise<Tier | null> {
  const items = await manager.find(EquipmentRecord, { where: { memberId: member.id } });
  const decision = await policy.evaluate(memberFacts(member, items));
  const from = { heldTier: member.heldTier, videoMember: Boolean(member.videoMember) };
  const next = nextHeldState(from, decision, false);
  if (next.changed) {
    await writeHeldTierChanges(manager, [{ memberId: member.id, from, to: next }], { reason, at: now, now, policy });
  }
  return next.heldTier;
}
