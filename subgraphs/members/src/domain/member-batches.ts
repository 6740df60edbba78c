import type { MemberFacts, Tier } from '@cps/policy';
import { forUpdate } from '@cps/service-kit';
import type { EntityManager } from 'typeorm';
import { EquipmentRecord } from '../entities/equipment.entity';
import { MemberRecord } from '../entities/member.entity';

export interface MemberSnapshot {
  id: number;
  heldTier: Tier | null;
  videoMember: boolean;
  facts: MemberFacts;
}

/**
 * The next `size` members after id `after`, with what the policy needs of them: two queries per
 * batch, whatever the batch size, and memory bounded by the batch (never the whole table).
 */
export async function readMemberBatch(
  manager: EntityManager,
  after: number,
  size: number,
  { lock = false }: { lock?: boolean } = {},
): Promise<MemberSnapshot[]> {
  const query = manager
    .createQueryBuilder(MemberRecord, 'm')
    .select(['m.id', 'm.countryCode', 'm.heldTier', 'm.videoMember'])
    .where('m.id > :after', { after })
    .orderBy('m.id', 'ASC')
    .limit(size);
  // Writers of held tiers lock the members they decide, so a registration's rise in between is
  // never overwritten with an older decision.
  const members = await (lock ? forUpdate(query) : query).getMany();
  if (members.length === 0) return [];
  const items = await manager
    .createQueryBuilder(EquipmentRecord, 'e')
    .select(['e.id', 'e.memberId', 'e.productModel', 'e.status'])
    .where('e.memberId BETWEEN :first AND :last', { first: members[0].id, last: members[members.length - 1].id })
    .getMany();
  const byMember = new Map<number, MemberFacts['items']>(members.map((m) => [m.id, []]));
  for (const item of items) {
    byMember.get(item.memberId)?.push({ id: String(item.id), model: item.productModel, status: item.status });
  }
  return members.map((m) => ({ id: m.id, heldTier: m.heldTier, videoMember: Boolean(m.videoMember), facts: { countryCode: m.countryCode, items: byMember.get(m.id)! } }));
}

/** Every member, batch by batch, in id order. */
export async function* allMembers(manager: EntityManager, size = 2000): AsyncGenerator<MemberSnapshot[]> {
  for (let after = 0; ; ) {
    const batch = await readMemberBatch(manager, after, size);
    if (batch.length === 0) return;
    yield batch;
    after = batch[batch.length - 1].id;
  }
}
