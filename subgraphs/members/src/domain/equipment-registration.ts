import type { Policy } from '@cps/policy';
import { badInput, domainError, forUpdate, inTransaction, isUniqueViolation, parseId, requireIdentity, RetryTransaction, countryCodeInput, type Identity } from '@cps/service-kit';
import { copyProduct } from '../catalogue/product-mirror';
import { EquipmentRecord, type EquipmentStatusValue } from '../entities/equipment.entity';
import { enqueueEmail } from '../mail/outbox';
import { assertMayChangeMember, signedInMemberId } from './access';
import { activeKey, isOpen, keysFor, openKey } from './equipment-keys';
import { purchaseDate, requiredText } from './input-checks';
import { lockItem, lockMember } from './locks';
import { nowOf, type MembershipDeps } from './membership-deps';
import { checkSerialNumber } from './serial-number';
import { raiseHeldTier } from './raise-held-tier';
import { handlerTeamFor, proofRequestToBuyer, transferRequestToTeam } from './transfer-email';
import { historyReason } from './history-reasons';

export interface RegisterEquipmentInput {
  productId: string;
  serialNumber: string;
  purchaseDate: string;
  purchaseCountryCode: string;
  dealer: string;
  estimated?: boolean | null;
}

export interface CorrectEquipmentInput {
  purchaseDate?: string | null;
  purchaseCountryCode?: string | null;
  dealer?: string | null;
  estimated?: boolean | null;
}


/**
 * Registers an item for the signed-in member. The product is chosen first and decides the serial
 * format. A serial active on another account registers as PENDING_TRANSFER and the handler is
 * e-mailed (through the outbox, in the same transaction). Nothing is stored when a check fails.
 */
export async function registerEquipment(
  deps: MembershipDeps,
  identity: Identity | null,
  input: RegisterEquipmentInput,
): Promise<EquipmentRecord> {
  const memberId = signedInMemberId(identity);
  const now = nowOf(deps);
  const productId = parseId('productId', input.productId);
  const product = await deps.catalogue.product(String(productId), deps.requestId);
  if (!product) {
    throw domainError('UNKNOWN_PRODUCT', `There is no product ${input.productId} in the catalogue: choose the model from the catalogue first.`, 'productId', {
      key: 'error.unknownProduct',
      params: { id: input.productId },
    });
  }
  // Serials are printed in capitals; a member typing lower case means the same serial.
  const serialNumber = String(input.serialNumber ?? '').toUpperCase();
  checkSerialNumber(serialNumber, product);
  const date = purchaseDate('purchaseDate', input.purchaseDate, now);
  const country = countryCodeInput('purchaseCountryCode', input.purchaseCountryCode);
  const dealer = requiredText('dealer', input.dealer, 'Dealer');
  const parallelImport = isParallelImport(deps.policy, country, dealer);

  return inTransaction(deps.dataSource, async (manager) => {
    const member = await lockMember(manager, memberId);
    if (await manager.existsBy(EquipmentRecord, { openKey: openKey(memberId, productId, serialNumber) })) {
      throw alreadyRegistered(product.model, serialNumber);
    }
    const holder = await forUpdate(
      manager.createQueryBuilder(EquipmentRecord, 'e').where('e.activeKey = :key', { key: activeKey(productId, serialNumber) }),
    ).getOne();
    const status: EquipmentStatusValue = holder ? 'PENDING_TRANSFER' : 'ACTIVE';
    const fields = { memberId, productId, serialNumber };
    let item: EquipmentRecord;
    try {
      item = await manager.save(
        manager.create(EquipmentRecord, {
          ...fields,
          productModel: product.model,
          purchaseDate: date,
          purchaseCountryCode: country,
          dealer,
          estimated: Boolean(input.estimated),
          parallelImport,
          status,
          transferNote: null,
          ...keysFor(fields, status),
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error, 'open_key')) throw alreadyRegistered(product.model, serialNumber);
      // Another account activated this serial after we looked: look again (it becomes a transfer).
      if (isUniqueViolation(error, 'active_key')) throw new RetryTransaction('serial activated concurrently');
      throw error;
    }
    // The dashboard reads the product from members' own copy: it is there before the item is.
    await copyProduct(manager, product, now);
    if (holder) {
      const team = handlerTeamFor(deps.policy, member.countryCode);
      await enqueueEmail(manager, proofRequestToBuyer(team, member, item));
      await enqueueEmail(manager, transferRequestToTeam(team, item, holder));
    } else {
      await raiseHeldTier(manager, member, deps.policy, historyReason.registered(product.model), now);
    }
    return item;
  });
}

/**
 * Bought from a dealer the country's file does not list as authorised (names matched ignoring case,
 * spacing and punctuation; the file lists other spellings). Outside the programme countries no
 * dealer is authorised by this programme, so such items are flagged too, and still register.
 */
const isParallelImport = (policy: Policy, countryCode: string, dealer: string) => policy.authorisedDealer(countryCode, dealer) === null;

const alreadyRegistered = (model: string, serial: string) =>
  domainError('ALREADY_REGISTERED', `Your account already has the ${model} with serial ${serial}.`, 'serialNumber', { key: 'error.alreadyRegistered', params: { model, serial } });

/** Fixes estimated purchase details; changing dealer or country re-checks the parallel-import flag. */
export async function correctEquipment(
  deps: MembershipDeps,
  identity: Identity | null,
  id: string,
  input: CorrectEquipmentInput,
): Promise<EquipmentRecord> {
  // Who asks comes first: nobody learns whether an id exists without signing in.
  requireIdentity(identity);
  const itemId = parseId('id', id);
  const now = nowOf(deps);
  const changes: Partial<EquipmentRecord> = {};
  // Fields named as in registerEquipment: one input, one name, in both operations.
  if (input.purchaseDate != null) changes.purchaseDate = purchaseDate('purchaseDate', input.purchaseDate, now);
  if (input.purchaseCountryCode != null) changes.purchaseCountryCode = countryCodeInput('purchaseCountryCode', input.purchaseCountryCode);
  if (input.dealer != null) changes.dealer = requiredText('dealer', input.dealer, 'Dealer');
  if (input.estimated != null) changes.estimated = input.estimated;
  if (Object.keys(changes).length === 0) throw badInput('input', 'Give at least one detail to correct.');

  const current = await deps.dataSource.getRepository(EquipmentRecord).findOneBy({ id: itemId });
  if (!current) throw domainError('NOT_FOUND', `There is no registered item ${id}.`, 'id');
  assertMayChangeMember(identity, current.memberId);
  const dealerChanged = changes.dealer !== undefined || changes.purchaseCountryCode !== undefined;
  if (dealerChanged) {
    changes.parallelImport = isParallelImport(deps.policy, changes.purchaseCountryCode ?? current.purchaseCountryCode, changes.dealer ?? current.dealer);
  }
  return inTransaction(deps.dataSource, async (manager) => {
    const item = await lockItem(manager, itemId);
    if (!isOpen(item.status)) {
      throw badInput('id', `This item is ${item.status.toLowerCase().replace('_', ' ')} and can no longer be corrected.`);
    }
    Object.assign(item, changes);
    return manager.save(item);
  });
}

/** Sold or lost: the item stays in the history as REMOVED; the held tier falls only on 1 January. */
export async function removeEquipment(deps: MembershipDeps, identity: Identity | null, id: string): Promise<EquipmentRecord> {
  requireIdentity(identity);
  const itemId = parseId('id', id);
  return inTransaction(deps.dataSource, async (manager) => {
    const item = await lockItem(manager, itemId);
    assertMayChangeMember(identity, item.memberId);
    if (!isOpen(item.status)) throw badInput('id', `This item is ${item.status.toLowerCase().replace('_', ' ')} already.`);
    Object.assign(item, { status: 'REMOVED', ...keysFor(item, 'REMOVED') });
    return manager.save(item);
  });
}

