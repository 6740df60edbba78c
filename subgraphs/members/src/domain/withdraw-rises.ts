import { compareTiers, type Policy } from '@cps/policy';
import { inTransaction } from '@cps/service-kit';
import { IsNull, MoreThan, type DataSource } from 'typeorm';
import { PolicyVersionRecord } from '../entities/policy-version.entity';
import { TierChangeRecord } from '../entities/tier-change.entity';
import { writeHeldTierChanges } from './held-tier-changes';
import { lockMember } from './locks';
import { memberFacts } from './member-facts';
import { EquipmentRecord } from '../entities/equipment.entity';
import { historyReason } from './history-reasons';

/**
 * Undo a mistake: when the version `replaced` is replaced within `windowMs` of going live, every
 * held tier its sweep raised, that the policy now in force (`policy`) does not give, falls back to
 * what it was, with a history entry saying the change was withdrawn. A member whose tier changed
 * again since (a registration, a transfer) keeps it. Returns how many were withdrawn.
 */
export async function withdrawRises(dataSource: DataSource, replaced: string, policy: Policy, now: Date, windowMs: number): Promise<number> {
  const record = await dataSource.getRepository(PolicyVersionRecord).findOneBy({ version: replaced });
  if (!record || now.getTime() - record.wentLiveAt.getTime() > windowMs) return 0;
  const found = await dataSource.getRepository(TierChangeRecord).find({
    // Rows from before reason codes are known by their English.
    where: [{ policyVersion: replaced, reasonCode: 'POLICY_RISE' }, { policyVersion: replaced, reasonCode: IsNull(), reason: `policy ${replaced}: qualifying tier rose` }],
    order: { id: 'ASC' },
  });
  // A rise of the tier, not the row of a video membership it started (whose tier stays the same).
  const rises = found.filter((row) => row.fromTier !== row.toTier);
  let withdrawn = 0;
  for (const rise of rises) {
    withdrawn += await inTransaction(dataSource, async (manager) => {
      const member = await lockMember(manager, rise.memberId);
      if (await manager.existsBy(TierChangeRecord, { memberId: member.id, id: MoreThan(rise.id) })) return 0;
      const items = await manager.find(EquipmentRecord, { where: { memberId: member.id } });
      const decision = await policy.evaluate(memberFacts(member, items));
      if (compareTiers(decision.qualifyingTier, member.heldTier) >= 0) return 0;
      const held = { heldTier: member.heldTier, videoMember: Boolean(member.videoMember) };
      await writeHeldTierChanges(manager, [{ memberId: member.id, from: held, to: { ...held, heldTier: rise.fromTier } }], {
        reason: historyReason.riseWithdrawn(replaced, Math.round(windowMs / 3_600_000)),
        at: now,
        now,
        policy,
      });
      return 1;
    });
  }
  return withdrawn;
}
