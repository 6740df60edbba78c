import { assertRole, badInput, inTransaction, parseId, type Identity } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { MemberRecord } from '../entities/member.entity';
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

/** The most cards one request lists: the page marks them sent and asks again. */
export const CARDS_TO_SEND_MAX = 500;

/**
 * Admin: the members whose card was requested and not sent since, oldest request first (so the
 * overdue ones lead). Erased accounts get no card.
 */
export async function cardsToSend(dataSource: DataSource, identity: Identity | null, first: number): Promise<MemberRecord[]> {
  assertRole(identity, 'admin');
  if (!Number.isInteger(first) || first < 1 || first > CARDS_TO_SEND_MAX) throw badInput('first', `must be a whole number from 1 to ${CARDS_TO_SEND_MAX}`);
  return dataSource
    .getRepository(MemberRecord)
    .createQueryBuilder('m')
    .where('m.deleted_at IS NULL')
    .andWhere('(m.card_sent_at IS NULL OR m.card_sent_at < m.card_requested_at)')
    .orderBy('m.card_requested_at', 'ASC')
    .addOrderBy('m.id', 'ASC')
    .limit(first)
    .getMany();
}
