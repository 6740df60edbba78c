import { assertRole, inTransaction, parseId, type Identity } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import type { MemberRecord } from '../entities/member.entity';
import { lockMember } from './locks';

/** Admin: the member's card went out today. */
export async function markCardSent(dataSource: DataSource, identity: Identity | null, memberId: string, now = new Date()): Promise<MemberRecord> {
  assertRole(identity, 'admin');
  const id = parseId('memberId', memberId);
  return inTransaction(dataSource, async (manager) => {
    const member = await lockMember(manager, id, 'memberId');
    member.cardSentAt = now;
    return manager.save(member);
  });
}
