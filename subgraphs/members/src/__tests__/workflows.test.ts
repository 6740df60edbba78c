/**
 * The membership workflows without HTTP: a real SQLite database (migrated as in production), the
 * real rule files (dealers and handler teams from the country files), and a catalogue that answers
 * from the catalogue's own seed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultRulesDir, loadPolicy, policyFromFiles, readRuleFiles, type Policy } from '@cps/policy';
import { openDatabase, type Identity } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogueSeed from '../../../catalogue/src/seed/products.json';
import type { ProductCatalogue } from '../clients/catalogue.client';
import { createMembersDataSource } from '../data-source';
import { registerEquipment } from '../domain/equipment-registration';
import { deleteMember, exportMember, updateMember } from '../domain/member-account';
import { recordPolicyVersion } from '../domain/policy-history';
import { recalculateMemberships } from '../domain/recalculation';
import type { MembershipDeps } from '../domain/membership-deps';
import { registerMember } from '../domain/sign-up';
import { confirmTransfer } from '../domain/transfers';
import { CatalogueProductRecord } from '../entities/catalogue-product.entity';
import { EquipmentRecord } from '../entities/equipment.entity';
import { MemberRecord } from '../entities/member.entity';
import { OutboxEmailRecord } from '../entities/outbox-email.entity';
import { TierChangeRecord } from '../entities/tier-change.entity';

const catalogue: ProductCatalogue = {
  product: async (id) => catalogueSeed.find((p) => p.id === id) ?? null,
  products: async () => catalogueSeed,
};
const admin: Identity = { memberId: null, roles: new Set(['admin']) };
const member = (id: number): Identity => ({ memberId: String(id), roles: new Set(['member']) });
const handler: Identity = { memberId: null, roles: new Set(['handler']) };
const idOf = (model: string) => catalogueSeed.find((p) => p.model === model)!.id;

describe('membership workflows on SQLite, without HTTP', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-workflows-'));
  let dataSource: DataSource;
  let policy: Policy;
  let deps: MembershipDeps;
  let serial = 100_000_000_000;
  const item = (model: string) => ({
    productId: idOf(model),
    serialNumber: String(serial++).slice(model.startsWith('EOS') ? 0 : 2),
    purchaseDate: '2024-05-01',
    purchaseCountryCode: 'DE',
    dealer: 'Calumet Photographic',
  });
  const signUp = async (n: number) =>
    (await registerMember(dataSource, policy, {
      name: `Member ${n}`,
      email: `member${n}@example.org`,
      address: { street: 'Teststraße 1', postalCode: '10115', city: 'Berlin', countryCode: 'DE' },
    })).id;

  beforeAll(async () => {
    const database = { type: 'sqlite', file: path.join(dir, 'members.sqlite') } as const;
    dataSource = await openDatabase(createMembersDataSource(database), database);
    policy = await loadPolicy(defaultRulesDir());
    deps = { dataSource, policy, catalogue };
  });
  afterAll(async () => {
    await dataSource?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('two Gold bodies and three Gold lenses raise the held tier to Gold at once, with one history row and a card request', async () => {
    const id = await signUp(1);
    for (const model of ['EOS R6', 'EOS R6', 'EF 24-105mm f/4L IS II USM', 'EF 24-105mm f/4L IS II USM', 'EF 24-105mm f/4L IS II USM']) {
      await registerEquipment(deps, member(id), item(model));
    }
    const stored = await dataSource.getRepository(MemberRecord).findOneByOrFail({ id });
    expect(stored.heldTier).toBe('GOLD');
    const history = await dataSource.getRepository(TierChangeRecord).findBy({ memberId: id });
    // The fifth item crosses Silver's and Gold's thresholds at once: one change, straight to Gold.
    expect(history.map((h) => [h.fromTier, h.toTier])).toEqual([[null, 'GOLD']]);
    expect(stored.cardRequestedAt.getTime()).toBe(history[0].at.getTime());
    // Members keeps its own copy of the products its items name: the dashboard reads it.
    expect(await dataSource.getRepository(CatalogueProductRecord).findOneByOrFail({ id: Number(idOf('EOS R6')) })).toMatchObject({ model: 'EOS R6', kind: 'BODY' });
  });

  it('an unknown product is UNKNOWN_PRODUCT on productId, and nothing is stored', async () => {
    const id = await signUp(2);
    const before = await dataSource.getRepository(EquipmentRecord).count();
    await expect(registerEquipment(deps, member(id), { ...item('EOS R6'), productId: '99999' })).rejects.toMatchObject({
      extensions: { code: 'UNKNOWN_PRODUCT', field: 'productId' },
    });
    expect(await dataSource.getRepository(EquipmentRecord).count()).toBe(before);
  });

  it('a serial active on another account is a pending transfer: the buyer\'s country team asks the buyer and has the request; confirming moves it and tells the buyer', async () => {
    const seller = await signUp(3);
    const buyer = await signUp(4);
    const sold = item('EOS R6');
    await registerEquipment(deps, member(seller), sold);
    const pending = await registerEquipment(deps, member(buyer), sold);
    expect(pending.status).toBe('PENDING_TRANSFER');
    const team = policy.country('DE')!.handlerTeam.email;
    const about = async () => (await dataSource.getRepository(OutboxEmailRecord).find()).filter((m) => m.body.includes(sold.serialNumber) || m.subject.includes(sold.serialNumber));
    expect((await about()).map((m) => [m.recipient, m.replyTo])).toEqual([
      ['member4@example.org', team],
      [team, null],
    ]);

    const confirmed = await confirmTransfer(deps, handler, String(pending.id));
    expect(confirmed.status).toBe('ACTIVE');
    const items = await dataSource.getRepository(EquipmentRecord).findBy({ serialNumber: sold.serialNumber });
    expect(items.map((i) => [i.memberId, i.status]).sort()).toEqual([
      [buyer, 'ACTIVE'],
      [seller, 'TRANSFERRED'],
    ].sort());
    expect((await about()).map((m) => m.recipient)).toEqual(['member4@example.org', team, 'member4@example.org']);
  });

  it('a dealer is matched ignoring case, spacing and punctuation, by the country file of the purchase country', async () => {
    const id = await signUp(5);
    const typed = await registerEquipment(deps, member(id), { ...item('EOS R6'), dealer: 'calumet-photographic.' });
    expect(typed.parallelImport).toBe(false);
    const elsewhere = await registerEquipment(deps, member(id), { ...item('EOS R6'), dealer: 'Calumet Photographic', purchaseCountryCode: 'PL' });
    expect(elsewhere.parallelImport).toBe(policy.authorisedDealer('PL', 'Calumet Photographic') === null);
    const uk = await registerEquipment(deps, member(id), { ...item('EOS R6'), dealer: 'Wex Photo Video', purchaseCountryCode: 'uk' });
    expect([uk.purchaseCountryCode, uk.parallelImport]).toEqual(['GB', false]);
    await expect(registerEquipment(deps, member(id), { ...item('EOS R6'), purchaseCountryCode: 'ZZ' })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'purchaseCountryCode' },
    });
  });

  it('updateMember checks like sign-up, stores nothing on failure, and a move to a full-programme country raises a capped tier at once', async () => {
    const id = (await registerMember(dataSource, policy, {
      name: 'Mover', email: 'mover@example.org', address: { street: 'Ilica 1', postalCode: '10000', city: 'Zagreb', countryCode: 'HR' },
    })).id;
    for (const model of ['EOS R6', 'EOS R6', 'EF 24-105mm f/4L IS II USM', 'EF 24-105mm f/4L IS II USM', 'EF 24-105mm f/4L IS II USM']) {
      await registerEquipment(deps, member(id), item(model));
    }
    const stored = () => dataSource.getRepository(MemberRecord).findOneByOrFail({ id });
    expect((await stored()).heldTier).toBe('SILVER'); // Croatia is Silver-only
    const before = await stored();
    await expect(updateMember(deps, member(id), String(id), { name: 'New', address: { street: 'x', postalCode: '1', city: 'y', countryCode: 'US' } })).rejects.toMatchObject({
      extensions: { code: 'NOT_IN_PROGRAMME_COUNTRY', field: 'address.countryCode' },
    });
    await expect(updateMember(deps, member(id), String(id), { email: 'member1@EXAMPLE.org' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'email' } });
    await expect(updateMember(deps, member(id + 1), String(id), { name: 'Not mine' })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(updateMember(deps, handler, String(id), { name: 'Not a handler\'s job' })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(await stored()).toEqual(before);

    const moved = await updateMember(deps, member(id), String(id), { address: { street: 'Unter den Linden 1', postalCode: '10117', city: 'Berlin', countryCode: 'de' } });
    expect([moved.countryCode, moved.heldTier]).toEqual(['DE', 'GOLD']);
    const history = await dataSource.getRepository(TierChangeRecord).find({ where: { memberId: id }, order: { id: 'ASC' } });
    expect(history.at(-1)).toMatchObject({ fromTier: 'SILVER', toTier: 'GOLD', reason: 'moved to Germany' });
    // Back to a Silver-only country: the tier waits for 1 January.
    const back = await updateMember(deps, admin, String(id), { address: { street: 'Ilica 1', postalCode: '10000', city: 'Zagreb', countryCode: 'HR' } });
    expect([back.countryCode, back.heldTier]).toEqual(['HR', 'GOLD']);
  });

  it('exportMember holds every stored fact; deleteMember erases the person, releases the serials and frees the e-mail', async () => {
    const id = await signUp(6);
    const kept = item('EOS R6');
    await registerEquipment(deps, member(id), kept);
    const exported = JSON.parse(await exportMember(deps, member(id), String(id)));
    expect(exported.member).toMatchObject({ id, name: 'Member 6', email: 'member6@example.org', city: 'Berlin', memberNumber: String(10_000_000 + id) });
    expect(exported.equipment.map((e: { serialNumber: string }) => e.serialNumber)).toEqual([kept.serialNumber]);
    await expect(exportMember(deps, handler, String(id))).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });

    const deleted = await deleteMember(deps, member(id), String(id));
    expect(deleted).toMatchObject({ id: String(id), itemsReleased: 1 });
    const row = await dataSource.getRepository(MemberRecord).findOneByOrFail({ id });
    expect(JSON.stringify(row)).not.toMatch(/Member 6|member6@example\.org|Berlin|Teststraße/);
    expect(row.countryCode).toBe('DE'); // anonymous statistics keep the country
    // The next owner registers the serial without a transfer, and the e-mail signs up again.
    const next = await signUp(7);
    expect((await registerEquipment(deps, member(next), kept)).status).toBe('ACTIVE');
    await expect(registerMember(dataSource, policy, {
      name: 'Again', email: 'member6@example.org', address: { street: 'Teststraße 1', postalCode: '10115', city: 'Berlin', countryCode: 'DE' },
    })).resolves.toMatchObject({ email: 'member6@example.org' });
    await expect(exportMember(deps, admin, String(id))).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    await expect(deleteMember(deps, member(id), String(id))).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('an interrupted 1 January run resumes under the policy it started with, even if the rules for that midnight changed', async () => {
    const goldMember = await signUp(20);
    for (const model of ['EOS R6', 'EOS R6', 'EF 24-105mm f/4L IS II USM', 'EF 24-105mm f/4L IS II USM', 'EF 24-105mm f/4L IS II USM']) {
      await registerEquipment(deps, member(goldMember), item(model));
    }
    expect((await dataSource.getRepository(MemberRecord).findOneByOrFail({ id: goldMember })).heldTier).toBe('GOLD');
    // The policy the run starts with is kept, with its files, as members keeps every version that goes live.
    await recordPolicyVersion(dataSource, policy, 'start', new Date());
    // An edit made after the run started: Gold now needs three bodies (the Gold member would fall).
    const { files } = await readRuleFiles(defaultRulesDir());
    const edited = files.map((f) => (f.file === 'tiers.json' ? { ...f, text: f.text.replace(/("tier": "GOLD"[\s\S]*?"value": )2/, '$13') } : f));
    const stricter = await policyFromFiles(edited, 'edited');
    const kit = ['EOS R6', 'EOS R6', 'EF 24-105mm f/4L IS II USM', 'EF 24-105mm f/4L IS II USM', 'EF 24-105mm f/4L IS II USM'];
    const facts = { countryCode: 'DE', items: kit.map((model, i) => ({ id: String(i), model, status: 'ACTIVE' })) };
    expect([(await policy.evaluate(facts)).qualifyingTier, (await stricter.evaluate(facts)).qualifyingTier]).toEqual(['GOLD', 'SILVER']);
    expect(stricter.version).not.toBe(policy.version);
    const asOf = '2026-01-01';
    const options = { batchSize: 1, now: () => new Date('2026-06-01T12:00:00Z') };
    let batches = 0;
    const first = await recalculateMemberships(dataSource, policy, asOf, { ...options, runner: 'a', shouldStop: () => batches++ >= 1 });
    expect(first).toMatchObject({ state: 'RUNNING', policyVersion: policy.version });
    expect(first.membersProcessed).toBeLessThan(goldMember);
    const resumed = await recalculateMemberships(dataSource, stricter, asOf, { ...options, runner: 'b' });
    expect(resumed).toMatchObject({ state: 'COMPLETED', policyVersion: policy.version });
    expect((await dataSource.getRepository(MemberRecord).findOneByOrFail({ id: goldMember })).heldTier).toBe('GOLD');
  });
});
