import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { compareTiers, defaultRulesDir, loadPolicy, type Policy, type Tier } from '@cps/policy';
import type { Env } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabases, openMembersDatabase, readCatalogue, readDealers } from '../databases';
import { PopulationGenerator, type CatalogueProduct } from '../population';
import { NotEmptyError, seedPopulation, type SeedResult } from '../seed-population';

/** SQLite always; MySQL/MariaDB too when MYSQL_URL is set (as the storage tests do). */
const kinds = process.env.MYSQL_URL ? (['sqlite', 'mysql'] as const) : (['sqlite'] as const);
const MEMBERS = 1000;

interface Item {
  member_id: number;
  product_id: number;
  product_model: string;
  serial_number: string;
  status: string;
  active_key: string | null;
  open_key: string | null;
}

describe.each(kinds)('a seeded population of 1,000 members (%s)', (db) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-seed-test-'));
  const env: Env = { DB: db, DATA_DIR: dataDir, MYSQL_URL: process.env.MYSQL_URL, DB_NAME_PREFIX: `cps_t${randomBytes(4).toString('hex')}_` };
  let seeded: SeedResult;
  let members: DataSource;
  let policy: Policy;
  let products: Map<number, CatalogueProduct>;
  let memberRows: Array<{ id: number; country_code: string; held_tier: string | null }>;
  let items: Item[];

  beforeAll(async () => {
    seeded = await seedPopulation({ env, members: MEMBERS, seed: 7, reset: true });
    members = await openMembersDatabase(env);
    policy = await loadPolicy(defaultRulesDir());
    products = new Map((await readCatalogue(env)).map((p) => [p.id, p]));
    memberRows = await members.query('SELECT id, country_code, held_tier FROM member ORDER BY id');
    items = await members.query(
      'SELECT member_id, product_id, product_model, serial_number, status, active_key, open_key FROM equipment ORDER BY id',
    );
  });

  afterAll(async () => {
    await members?.destroy();
    await dropDatabases(env);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const itemsOf = (id: number) => items.filter((i) => i.member_id === id);

  it('has every member it was asked for, in several programme countries, Silver-only ones too', () => {
    expect(memberRows).toHaveLength(MEMBERS);
    expect(seeded.members).toBe(MEMBERS);
    const countries = new Set(memberRows.map((m) => m.country_code));
    expect(countries.size).toBeGreaterThanOrEqual(15);
    for (const code of countries) expect(policy.country(code), code).toBeDefined();
    expect([...countries].some((code) => policy.country(code)!.maxTier === 'SILVER')).toBe(true);
  });

  it('gives each member 0 to 15 items, and some members none and some many', () => {
    const counts = memberRows.map((m) => itemsOf(m.id).length);
    expect(Math.min(...counts)).toBe(0);
    expect(Math.max(...counts)).toBeLessThanOrEqual(15);
    expect(counts.filter((n) => n >= 10).length).toBeGreaterThan(50);
  });

  it('registers bodies and lenses of every cap, Pro Video, and some products the programme no longer supports', () => {
    const seen = new Set(items.map((i) => {
      const rule = policy.product(i.product_model);
      return rule ? `${rule.countsAs}:${rule.supported ? rule.cap : 'unsupported'}` : 'not qualifying';
    }));
    for (const kind of ['BODY', 'LENS']) for (const cap of ['SILVER', 'GOLD', 'PLATINUM']) expect(seen).toContain(`${kind}:${cap}`);
    expect(seen).toContain('PRO_VIDEO:null');
    expect([...seen].some((s) => s.endsWith(':unsupported'))).toBe(true);
  });

  it("stores each item under the catalogue's exact model, with a serial of that model's format", () => {
    for (const item of items) {
      const product = products.get(item.product_id)!;
      expect(item.product_model).toBe(product.model);
      expect(item.serial_number).toMatch(new RegExp(product.serialPattern));
    }
  });

  it('keeps ACTIVE serials unique, and the unique keys as the members subgraph writes them', () => {
    const active = items.filter((i) => i.status === 'ACTIVE');
    expect(new Set(active.map((i) => i.active_key)).size).toBe(active.length);
    for (const item of items) {
      expect(item.active_key).toBe(item.status === 'ACTIVE' ? `${item.product_id}:${item.serial_number}` : null);
      const open = item.status === 'ACTIVE' || item.status === 'PENDING_TRANSFER';
      expect(item.open_key).toBe(open ? `${item.member_id}:${item.product_id}:${item.serial_number}` : null);
    }
    const open = items.filter((i) => i.open_key);
    expect(new Set(open.map((i) => i.open_key)).size).toBe(open.length);
  });

  it('has second-hand items pending transfer whose serial is still ACTIVE on another account', () => {
    const owner = new Map(items.filter((i) => i.status === 'ACTIVE').map((i) => [i.active_key, i.member_id]));
    const pending = items.filter((i) => i.status === 'PENDING_TRANSFER');
    expect(pending.length).toBeGreaterThan(5);
    for (const item of pending) {
      const seller = owner.get(`${item.product_id}:${item.serial_number}`);
      expect(seller, `${item.product_model} ${item.serial_number}`).toBeDefined();
      expect(seller).not.toBe(item.member_id);
    }
    const statuses = new Set(items.map((i) => i.status));
    for (const status of ['REMOVED', 'TRANSFERRED', 'REJECTED']) expect(statuses).toContain(status);
  });

  it('holds the tier the policy gives, or the higher one items that since left the account gave', async () => {
    let above = 0;
    for (const member of memberRows) {
      const own = itemsOf(member.id);
      const facts = (left: boolean) => ({
        countryCode: member.country_code,
        items: own.map((i, n) => ({
          id: String(n),
          model: i.product_model,
          status: left && (i.status === 'REMOVED' || i.status === 'TRANSFERRED') ? 'ACTIVE' : i.status,
        })),
      });
      const now = (await policy.evaluate(facts(false))).qualifyingTier;
      const before = (await policy.evaluate(facts(true))).qualifyingTier;
      const held = member.held_tier as Tier | null;
      expect(compareTiers(held, now), `member ${member.id}`).toBeGreaterThanOrEqual(0);
      expect(held, `member ${member.id}`).toBe(compareTiers(before, now) > 0 ? before : now);
      if (compareTiers(held, now) > 0) above++;
    }
    expect(above).toBeGreaterThan(0); // the 1 January run has something to lower
    expect(memberRows.filter((m) => m.held_tier).length).toBeGreaterThan(MEMBERS / 5);
  });

  it('writes the tier history that leads to each held tier', async () => {
    const history: Array<{ member_id: number; from_tier: string | null; to_tier: string | null }> = await members.query(
      'SELECT member_id, from_tier, to_tier FROM tier_change ORDER BY id',
    );
    const last = new Map(history.map((h) => [h.member_id, h.to_tier]));
    for (const member of memberRows) expect(last.get(member.id) ?? null, `member ${member.id}`).toBe(member.held_tier);
  });

  it('refuses to seed a members database that is not empty, unless told to start afresh', async () => {
    await expect(seedPopulation({ env, members: 10 })).rejects.toBeInstanceOf(NotEmptyError);
  });
});

describe('the population generator', () => {
  it('makes the same population from the same seed', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-seed-test-'));
    const env: Env = { DB: 'sqlite', DATA_DIR: dataDir };
    try {
      await seedPopulation({ env, members: 1, reset: true });
      const [products, dealers, policy] = await Promise.all([readCatalogue(env), readDealers(env), loadPolicy(defaultRulesDir())]);
      const now = new Date('2026-06-01T00:00:00Z');
      const make = () => new PopulationGenerator(products, policy, dealers, { members: 200, firstId: 1, seed: 99, now }).batch(200);
      expect(await make()).toEqual(await make());
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
