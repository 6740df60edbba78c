import type { Policy, Tier } from '@cps/policy';
import type { EntityManager } from 'typeorm';
import { EquipmentRecord } from '../entities/equipment.entity';
import type { MemberRecord } from '../entities/member.entity';
import { nextHeldTier } from './held-tier';
import { writeHeldTierChanges } from './held-tier-changes';
import { memberFacts } from './member-facts';

/**
 * After an item starts counting for a member: a higher qualifying tier raises the held tier at
 * once, records the change and requests a new card. A lower one waits for 1 January.
 */
export async function raiseHeldTier(
  manager: EntityManager,
  member: MemberRecord,
  policy: Policy,
  reason: string,
  now: Date,
): Promise<Tier | null> {
  const items = await manager.find(EquipmentRecord, { where: { memberId: member.id } });
  const decision = await policy.evaluate(memberFacts(member, items));
  const next = nextHeldTier(member.heldTier, decision.qualifyingTier, false);
  if (next.move === 'upgraded') {
    await writeHeldTierChanges(manager, [{ memberId: member.id, from: member.heldTier, to: next.tier }], {
      reason,
      at: now,
      now,
      policyVersion: decision.policyVersion,
    });
  }
  return next.tier;
}
