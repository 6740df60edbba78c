import { assertRole, badInput, domainError, forUpdate, inTransaction, isUniqueViolation, parseId, RetryTransaction, type Identity } from '@cps/service-kit';
import type { EntityManager } from 'typeorm';
import { EquipmentRecord } from '../entities/equipment.entity';
import { MemberRecord } from '../entities/member.entity';
import { keysFor } from './equipment-keys';
import { lockItem } from './locks';
import { requiredText } from './input-checks';
import { nowOf, type MembershipDeps } from './membership-deps';
import { raiseHeldTier } from './raise-held-tier';
import { handlerTeamFor, transferDecisionToBuyer } from './transfer-email';
import { enqueueEmail } from '../mail/outbox';
import { historyReason } from './history-reasons';

/** Who decides, as the decision records it: the staff member the token names, else the role. */
export const deciderOf = (identity: Identity): string => identity.memberId ?? (identity.roles.has('admin') ? 'admin' : 'handler');

async function lockPending(manager: EntityManager, id: number): Promise<EquipmentRecord> {
  const item = await lockItem(manager, id, 'equipmentId');
  if (item.status !== 'PENDING_TRANSFER') {
    throw badInput('equipmentId', `Item ${id} is not waiting for a transfer decision (it is ${item.status}).`);
  }
  return item;
}

/**
 * The handler validated the purchase: in one transaction the previous owner's copy becomes
 * TRANSFERRED and the new one ACTIVE, and the new owner's held tier rises if it qualifies.
 * (The previous owner's held tier falls only at the yearly recalculation.)
 */
export async function confirmTransfer(deps: MembershipDeps, identity: Identity | null, equipmentId: string): Promise<EquipmentRecord> {
  const decider = deciderOf(assertRole(identity, 'handler'));
  const id = parseId('equipmentId', equipmentId);
  const now = nowOf(deps);
  return inTransaction(deps.dataSource, async (manager) => {
    const item = await lockPending(manager, id);
    const previous = await forUpdate(
      manager.createQueryBuilder(EquipmentRecord, 'e').where('e.activeKey = :key', { key: keysFor(item, 'ACTIVE').activeKey }),
    ).getOne();
    if (previous) {
      Object.assign(previous, { status: 'TRANSFERRED', ...keysFor(previous, 'TRANSFERRED') });
      await manager.save(previous);
    }
    Object.assign(item, { status: 'ACTIVE', decidedBy: decider, decidedAt: now, ...keysFor(item, 'ACTIVE') });
    try {
      await manager.save(item);
    } catch (error) {
      // A concurrent decision activated the serial elsewhere: decide again on what is there now.
      if (isUniqueViolation(error, 'active_key')) throw new RetryTransaction('serial activated concurrently');
      throw error;
    }
    const owner = await forUpdate(manager.createQueryBuilder(MemberRecord, 'm').where('m.id = :id', { id: item.memberId })).getOne();
    if (!owner) throw domainError('NOT_FOUND', `The member of item ${id} no longer exists.`, 'equipmentId');
    await raiseHeldTier(manager, owner, deps.policy, historyReason.transferConfirmed(item.productModel), now);
    await enqueueEmail(manager, transferDecisionToBuyer(handlerTeamFor(deps.policy, owner.countryCode), owner, item));
    return item;
  });
}

/** The purchase could not be validated: the item stays with the previous owner. */
export async function rejectTransfer(
  deps: MembershipDeps,
  identity: Identity | null,
  equipmentId: string,
  reason: string,
): Promise<EquipmentRecord> {
  const decider = deciderOf(assertRole(identity, 'handler'));
  const id = parseId('equipmentId', equipmentId);
  const why = requiredText('reason', reason, 'A reason', 500);
  const now = nowOf(deps);
  return inTransaction(deps.dataSource, async (manager) => {
    const item = await lockPending(manager, id);
    Object.assign(item, { status: 'REJECTED', transferNote: why, decidedBy: decider, decidedAt: now, ...keysFor(item, 'REJECTED') });
    await manager.save(item);
    const buyer = await manager.findOneBy(MemberRecord, { id: item.memberId });
    if (buyer && !buyer.deletedAt) await enqueueEmail(manager, transferDecisionToBuyer(handlerTeamFor(deps.policy, buyer.countryCode), buyer, item));
    return item;
  });
}

export async function pendingTransfers(deps: MembershipDeps, identity: Identity | null): Promise<EquipmentRecord[]> {
  assertRole(identity, 'handler');
  return deps.dataSource.getRepository(EquipmentRecord).find({ where: { status: 'PENDING_TRANSFER' }, order: { id: 'ASC' } });
}
