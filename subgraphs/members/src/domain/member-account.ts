// A member looks after their own account: changes their details, takes their data with them,
// or has it erased. Self or admin, nobody else.
import { badInput, domainError, inTransaction, isUniqueViolation, parseId, type Identity } from '@cps/service-kit';
import type { EntityManager } from 'typeorm';
import { EquipmentRecord } from '../entities/equipment.entity';
import { MemberRecord } from '../entities/member.entity';
import { OutboxEmailRecord } from '../entities/outbox-email.entity';
import { TierChangeRecord } from '../entities/tier-change.entity';
import { assertMayChangeMember } from './access';
import { cardOf } from './card';
import { isOpen, keysFor } from './equipment-keys';
import { writeHeldTierChanges } from './held-tier-changes';
import { lockMember } from './locks';
import { checkedAddress, checkedEmail, checkedName, emailTaken, type AddressDetails } from './member-details';
import { checkedLanguage } from './member-language';
import { memberNumber } from './member-number';
import { nowOf, type MembershipDeps } from './membership-deps';
import { raiseHeldTier } from './raise-held-tier';
import { historyReason } from './history-reasons';

export interface MemberUpdate {
  name?: string | null;
  email?: string | null;
  address?: Partial<AddressDetails> | null;
  /** The language of the member's texts and e-mails (one the programme has texts in). */
  language?: string | null;
}

export interface DeletedMember {
  id: string;
  deletedAt: Date;
  itemsReleased: number;
}

const ACCOUNT = "another member's account (only the member or an admin may)";

/**
 * Changes name, e-mail and address with sign-up's checks; nothing is stored unless all pass. A move
 * to another programme country applies its cap as the domain says: a rise at once (with history),
 * a fall only at the next 1 January (the outlook says so meanwhile).
 */
export async function updateMember(deps: MembershipDeps, identity: Identity | null, id: string, input: MemberUpdate): Promise<MemberRecord> {
  const memberId = parseId('id', id);
  assertMayChangeMember(identity, memberId, ACCOUNT);
  const changes: Partial<MemberRecord> = {};
  if (input.name != null) changes.name = checkedName(input.name);
  if (input.email != null) changes.email = checkedEmail(input.email);
  if (input.language != null) changes.language = checkedLanguage(deps.policy, input.language);
  if (input.name == null && input.email == null && input.address == null && input.language == null) {
    throw badInput('input', 'Give at least one detail to change: name, email, address or language.');
  }
  const now = nowOf(deps);
  try {
    return await inTransaction(deps.dataSource, async (manager) => {
      const member = await lockMember(manager, memberId, 'id');
      if (input.address != null) Object.assign(changes, checkedAddress(deps.policy, input.address, member.countryCode));
      const moved = changes.countryCode !== undefined && changes.countryCode !== member.countryCode;
      Object.assign(member, changes);
      await manager.save(member);
      if (moved) {
        await raiseHeldTier(manager, member, deps.policy, historyReason.moved(member.countryCode), now);
        return manager.findOneByOrFail(MemberRecord, { id: memberId });
      }
      return member;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'email')) throw emailTaken();
    throw error;
  }
}

/**
 * Erasure: name, e-mail and address are overwritten, the e-mails written to the member are
 * deleted, and the member's serials are released (their items become REMOVED), so the next owner
 * registers them without a transfer. The row stays, without the person, for anonymous tier
 * statistics (country and tier history); the e-mail address is free for a new sign-up.
 */
export async function deleteMember(deps: MembershipDeps, identity: Identity | null, id: string): Promise<DeletedMember> {
  const memberId = parseId('id', id);
  assertMayChangeMember(identity, memberId, ACCOUNT);
  const now = nowOf(deps);
  return inTransaction(deps.dataSource, async (manager) => {
    const member = await lockMember(manager, memberId, 'id');
    const itemsReleased = await releaseItems(manager, memberId);
    // Every e-mail written to the member, at whatever address they had then.
    await manager.delete(OutboxEmailRecord, { memberId });
    await manager.delete(OutboxEmailRecord, { recipient: member.email });
    const from = { heldTier: member.heldTier, videoMember: Boolean(member.videoMember) };
    if (from.heldTier || from.videoMember) {
      await writeHeldTierChanges(manager, [{ memberId, from, to: { heldTier: null, videoMember: false } }], {
        reason: historyReason.accountErased(), at: now, now, policy: deps.policy,
      });
    }
    await manager.update(MemberRecord, { id: memberId }, {
      name: 'Erased member',
      // Unique and not null: a placeholder that can never receive mail (.invalid is reserved).
      email: `erased-${memberId}@erased.invalid`,
      street: '',
      postalCode: '',
      city: '',
      heldTier: null,
      videoMember: false,
      deletedAt: now,
    });
    return { id: String(memberId), deletedAt: now, itemsReleased };
  });
}

async function releaseItems(manager: EntityManager, memberId: number): Promise<number> {
  const items = await manager.find(EquipmentRecord, { where: { memberId } });
  let released = 0;
  for (const item of items) {
    // A handler's reason may say something about the person: it goes with them.
    if (isOpen(item.status)) {
      Object.assign(item, { status: 'REMOVED', ...keysFor(item, 'REMOVED') });
      released++;
    }
    item.transferNote = null;
    await manager.save(item);
  }
  return released;
}

/** Every stored fact about the member, as one JSON document (what a data-protection request asks for). */
export async function exportMember(deps: MembershipDeps, identity: Identity | null, id: string): Promise<string> {
  const memberId = parseId('id', id);
  assertMayChangeMember(identity, memberId, ACCOUNT);
  const manager = deps.dataSource.manager;
  const member = await manager.findOneBy(MemberRecord, { id: memberId });
  if (!member || member.deletedAt) throw domainError('NOT_FOUND', `There is no member account ${id}.`, 'id');
  const [equipment, tierHistory, emails] = await Promise.all([
    manager.find(EquipmentRecord, { where: { memberId }, order: { id: 'ASC' } }),
    manager.find(TierChangeRecord, { where: { memberId }, order: { at: 'ASC', id: 'ASC' } }),
    manager.find(OutboxEmailRecord, { where: [{ memberId }, { recipient: member.email }], order: { id: 'ASC' } }),
  ]);
  const document = {
    exportedAt: nowOf(deps).toISOString(),
    programme: 'Professional services membership programme',
    member: { ...member, memberNumber: memberNumber(member.id), card: cardOf(member, nowOf(deps)) },
    equipment: equipment.map(({ activeKey, openKey, ...item }) => item),
    tierHistory,
    emailsToYou: emails.map(({ recipient, replyTo, subject, body, createdAt, sentAt }) => ({ to: recipient, replyTo, subject, body, writtenAt: createdAt, sentAt })),
  };
  return JSON.stringify(document, null, 2);
}
