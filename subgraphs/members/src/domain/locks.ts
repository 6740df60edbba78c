import { domainError, forUpdate } from '@cps/service-kit';
import type { EntityManager } from 'typeorm';
import { EquipmentRecord } from '../entities/equipment.entity';
import { MemberRecord } from '../entities/member.entity';

/** Locks a member's row for the rest of the transaction: writes to one account happen one at a time. */
export async function lockMember(manager: EntityManager, memberId: number, field?: string): Promise<MemberRecord> {
  const member = await forUpdate(manager.createQueryBuilder(MemberRecord, 'm').where('m.id = :memberId', { memberId })).getOne();
  if (!member || member.deletedAt) throw domainError('NOT_FOUND', `There is no member account ${memberId}.`, field);
  return member;
}

/** Locks a registered item's row for the rest of the transaction. */
export async function lockItem(manager: EntityManager, id: number, field = 'id'): Promise<EquipmentRecord> {
  const item = await forUpdate(manager.createQueryBuilder(EquipmentRecord, 'e').where('e.id = :id', { id })).getOne();
  if (!item) throw domainError('NOT_FOUND', `There is no registered item ${id}.`, field);
  return item;
}
