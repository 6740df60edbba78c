import type { Policy } from '@cps/policy';
import { isUniqueViolation } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { keysFor } from '../domain/equipment-keys';
import { memberFacts } from '../domain/member-facts';
import { historyReason, storedReason } from '../domain/history-reasons';
import { EquipmentRecord } from '../entities/equipment.entity';
import { MemberRecord } from '../entities/member.entity';
import { TierChangeRecord } from '../entities/tier-change.entity';
import demoMembers from './demo-members.json';

export type DemoMember = (typeof demoMembers)[number];
export { demoMembers };

/**
 * First start: a few demo members that show the tiers (Platinum with video, the worked Silver
 * example, Gold, Platinum gear capped in a Silver-only country, no equipment). Held tiers are
 * what the policy gives them now.
 */
export async function seedDemoMembers(dataSource: DataSource, policy: Policy, now = new Date()): Promise<void> {
  await dataSource.transaction(async (manager) => {
    if ((await manager.count(MemberRecord)) > 0) return;
    for (const demo of demoMembers as DemoMember[]) {
      const member = await manager.save(
        manager.create(MemberRecord, {
          name: demo.name,
          email: demo.email,
          ...demo.address,
          heldTier: null,
          cardRequestedAt: now,
          cardSentAt: 'cardSent' in demo && demo.cardSent ? now : null,
        }),
      );
      const items = await manager.save(
        demo.equipment.map((item) =>
          manager.create(EquipmentRecord, {
            memberId: member.id,
            productId: item.productId,
            productModel: item.model,
            serialNumber: item.serialNumber,
            purchaseDate: item.purchaseDate,
            purchaseCountryCode: item.purchaseCountryCode,
            dealer: item.dealer,
            estimated: 'estimated' in item ? Boolean(item.estimated) : false,
            parallelImport: 'parallelImport' in item ? Boolean(item.parallelImport) : false,
            status: 'ACTIVE' as const,
            ...keysFor({ memberId: member.id, productId: item.productId, serialNumber: item.serialNumber }, 'ACTIVE'),
          }),
        ),
      );
      const decision = await policy.evaluate(memberFacts(member, items));
      if (decision.qualifyingTier || decision.videoMember) {
        // Held from the start; the demo cards keep the dates the demo data gives them.
        await manager.update(MemberRecord, member.id, { heldTier: decision.qualifyingTier, videoMember: decision.videoMember });
        const row = { memberId: member.id, at: now, policyVersion: decision.policyVersion };
        if (decision.qualifyingTier) {
          await manager.insert(TierChangeRecord, { ...row, fromTier: null, toTier: decision.qualifyingTier, ...storedReason(policy, historyReason.demoTier()) });
        }
        if (decision.videoMember) {
          await manager.insert(TierChangeRecord, { ...row, fromTier: decision.qualifyingTier, toTier: decision.qualifyingTier, ...storedReason(policy, historyReason.demoVideo()) });
        }
      }
    }
  }).catch((error) => {
    // Instances starting together: another one seeded them first (its transaction won).
    if (!isUniqueViolation(error)) throw error;
  });
}
