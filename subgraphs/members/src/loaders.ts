import type { Decision, Policy } from '@cps/policy';
import DataLoader from 'dataloader';
import { In, IsNull, type DataSource } from 'typeorm';
import type { ProductMirror, MirroredProduct } from './catalogue/product-mirror';
import type { MembersLoaders } from './context';
import { EquipmentRecord } from './entities/equipment.entity';
import { MemberRecord } from './entities/member.entity';
import { TierChangeRecord } from './entities/tier-change.entity';
import { memberFacts } from './domain/member-facts';

/** Rows of `entity` whose `key` column is one of `ids`, grouped by that column, one query. */
function groupedLoader<T extends object>(dataSource: DataSource, entity: new () => T, key: keyof T & string, order: object) {
  return new DataLoader<number, T[]>(async (ids) => {
    const rows: T[] = await dataSource.getRepository<T>(entity).find({ where: { [key]: In([...ids]) } as never, order } as never);
    const groups = new Map<number, T[]>(ids.map((id) => [id, []]));
    for (const row of rows) groups.get(row[key] as unknown as number)!.push(row);
    return ids.map((id) => groups.get(id)!);
  });
}

export function createLoaders(dataSource: DataSource, policy: Policy, products: ProductMirror): MembersLoaders {
  const memberById = new DataLoader<number, MemberRecord | null>(async (ids) => {
    // An erased account is nobody's any more: it reads as no member at all.
    const rows = await dataSource.getRepository(MemberRecord).findBy({ id: In([...ids]), deletedAt: IsNull() });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  const equipmentByMember = groupedLoader(dataSource, EquipmentRecord, 'memberId', { id: 'ASC' });
  const tierHistoryByMember = groupedLoader(dataSource, TierChangeRecord, 'memberId', { at: 'ASC', id: 'ASC' });
  const decisionByMember = new DataLoader<number, Decision>(async (ids) => {
    const [members, items] = await Promise.all([memberById.loadMany(ids), equipmentByMember.loadMany(ids)]);
    return Promise.all(
      ids.map((_, i) => {
        const member = members[i];
        if (!(member instanceof MemberRecord)) throw new Error(`member ${ids[i]} not found`);
        return policy.evaluate(memberFacts(member, items[i] as EquipmentRecord[]));
      }),
    );
  });
  const activeHolder = new DataLoader<string, EquipmentRecord | null>(async (keys) => {
    const rows = await dataSource.getRepository(EquipmentRecord).findBy({ activeKey: In([...keys]) });
    const byKey = new Map(rows.map((row) => [row.activeKey, row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
  const productById = new DataLoader<number, MirroredProduct | null>((ids) => products.find(ids));
  return { memberById, equipmentByMember, tierHistoryByMember, decisionByMember, activeHolder, productById };
}
