import { assertRole, domainError, inTransaction, parseId, type Identity } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { MemberRecord } from '../entities/member.entity';

/** Admin: the member's card went out today. */
export async function markCardSent(dataSource: DataSource, identity: Identity | null, memberId: string, now = new Date()): Promise<MemberRecord> {
  assertRole(identity, 'admin');
  const id = parseId('memberId', memberId);
  return inTransaction(dataSource, async (manager) => {
    const member = await manager.findOneBy(MemberRecord, { id });
    if (!member) throw domainError('NOT_FOUND', `There is no member ${memberId}.`, 'memberId');
    member.cardSentAt = now;
    return manager.save(member);
  });
}
