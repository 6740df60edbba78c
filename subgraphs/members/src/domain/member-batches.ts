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
 * The next `size` members after id `after` (up to id `through`, when given), with what the policy needs of them: two queries per
 * batch, whatever the batch size, and memory bounded by the batch (never the whole table). Raw
 * rows, not entities: the yearly run reads every member, and hydrating entities was half its time.
 */
export async function readMemberBatch(
  manager: EntityManager,
  after: number,
  size: number,
  { lock = false, through }: { lock?: boolean; through?: number } = {},
): Promise<MemberSnapshot[]> {
  const query = manager
    .createQueryBuilder(MemberRecord, 'm')
    .select('m.id', 'id')
    .addSelect('m.countryCode', 'countryCode')
    .addSelect('m.heldTier', 'heldTier')
    .addSelect('m.videoMember', 'videoMember')
    .where('m.id > :after', { after })
    // An erased account is nobody's: no run decides it, no outlook counts it.
    .andWhere('m.deleted_at IS NULL')
    .orderBy('m.id', 'ASC')
    .limit(size);
  if (through !== undefined) query.andWhere('m.id <= :through', { through });
  // Writers of held tiers lock the members they decide, so a registration's rise in between is
  // never overwritten with an older decision.
  const members = await (lock ? forUpdate(query) : query).getRawMany<MemberRow>();
  if (members.length === 0) return [];
  const first = Number(members[0].id);
  const last = Number(members[members.length - 1].id);
  const items = await manager
    .createQueryBuilder(EquipmentRecord, 'e')
    .select('e.id', 'id')
    .addSelect('e.memberId', 'memberId')
    .addSelect('e.productModel', 'model')
    .addSelect('e.status', 'status')
    .where('e.memberId BETWEEN :first AND :last', { first, last })
    .getRawMany<ItemRow>();
  const byMember = new Map<number, MemberFacts['items']>(members.map((m) => [Number(m.id), []]));
  for (const item of items) {
    byMember.get(Number(item.memberId))?.push({ id: String(item.id), model: item.model, status: item.status });
  }
  return members.map((m) => {
    const id = Number(m.id);
    return { id, heldTier: m.heldTier, videoMember: Boolean(Number(m.videoMember)), facts: { countryCode: m.countryCode, items: byMember.get(id)! } };
  });
}

interface MemberRow {
  id: number | string;
  countryCode: string;
  heldTier: Tier | null;
  videoMember: number | boolean | string;
}

interface ItemRow {
  id: number | string;
  memberId: number | string;
  model: string;
  status: MemberFacts['items'][number]['status'];
}

/**
 * Every member, batch by batch, in id order. The next batch is read while the caller works on
 * this one, so reading and deciding overlap (the database answers while the policy runs).
 */
export async function* allMembers(manager: EntityManager, size = 2000): AsyncGenerator<MemberSnapshot[]> {
  let next = readMemberBatch(manager, 0, size);
  for (;;) {
    const batch = await next;
    if (batch.length === 0) return;
    next = readMemberBatch(manager, batch[batch.length - 1].id, size);
    // A reader that stops early leaves the read ahead unawaited: never an unhandled rejection.
    next.catch(() => undefined);
    yield batch;
  }
}
