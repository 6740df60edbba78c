import type { Policy, Tier } from '@cps/policy';
import type { EntityManager } from 'typeorm';
import { EquipmentRecord } from '../entities/equipment.entity';
import { MemberRecord } from '../entities/member.entity';
import { TierChangeRecord } from '../entities/tier-change.entity';
import { nextHeldTier } from './held-tier';
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
  const held = member.heldTier as Tier | null;
  const next = nextHeldTier(held, decision.qualifyingTier, false);
  if (next.move === 'upgraded') {
    await manager.update(MemberRecord, member.id, { heldTier: next.tier, cardRequestedAt: now });
    await manager.insert(TierChangeRecord, {
      memberId: member.id,
      fromTier: held,
      toTier: next.tier,
      at: now,
      reason,
      policyVersion: decision.policyVersion,
    });
  }
  return next.tier;
}
