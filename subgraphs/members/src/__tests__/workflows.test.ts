/**
 * The membership workflows without HTTP: a real SQLite database (migrated as in production), the
 * real rule files, and a catalogue and dealer register that answer from the catalogue's own seed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultRulesDir, loadPolicy, type Policy } from '@cps/policy';
import { openDatabase, type Identity } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogueSeed from '../../../catalogue/src/seed/products.json';
import type { ProductCatalogue } from '../clients/catalogue.client';
import type { DealerRegister } from '../clients/regions.client';
import { createMembersDataSource } from '../data-source';
import { registerEquipment } from '../domain/equipment-registration';
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
const dealers: DealerRegister = { isAuthorisedDealer: async (_country, dealer) => dealer === 'Calumet Photographic' };
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
    deps = { dataSource, policy, catalogue, dealers, handlerEmail: 'handlers@cps.example' };
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

  it('a serial active on another account is a pending transfer with a handler e-mail; confirming moves it', async () => {
    const seller = await signUp(3);
    const buyer = await signUp(4);
    const sold = item('EOS R6');
    await registerEquipment(deps, member(seller), sold);
    const pending = await registerEquipment(deps, member(buyer), sold);
    expect(pending.status).toBe('PENDING_TRANSFER');
    const mails = await dataSource.getRepository(OutboxEmailRecord).find();
    expect(mails.some((m) => JSON.stringify(m).includes(sold.serialNumber))).toBe(true);

    const confirmed = await confirmTransfer(deps, handler, String(pending.id));
    expect(confirmed.status).toBe('ACTIVE');
    const items = await dataSource.getRepository(EquipmentRecord).findBy({ serialNumber: sold.serialNumber });
    expect(items.map((i) => [i.memberId, i.status]).sort()).toEqual([
      [buyer, 'ACTIVE'],
      [seller, 'TRANSFERRED'],
    ].sort());
  });
});
