import type { MemberFacts } from '@cps/policy';
import type { EquipmentRecord } from '../entities/equipment.entity';
import type { MemberRecord } from '../entities/member.entity';

/** What the policy needs to decide a member's tier: the address country and every item. */
export const memberFacts = (member: Pick<MemberRecord, 'countryCode'>, items: EquipmentRecord[]): MemberFacts => ({
  countryCode: member.countryCode,
  items: items.map((item) => ({ id: String(item.id), model: item.productModel, status: item.status })),
});
