// Hot reload: edits go live within 2 s, invalid edits keep the last good policy. Uses temp copies of rules/.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PolicyError, PolicyStore, validatePolicy, type Policy } from '../index';
import { copyOfRules, editJson, member, platinumKit, RULES_DIR, threshold, tierRule } from './helpers';

const stores: PolicyStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

// These tests are about the mechanics of reloading, with edits that also change pinned decisions:
// the owners' own cases are left out here and checked in their own tests below.
async function openStore(dir: string, options: Parameters<typeof PolicyStore.open>[1] = {}): Promise<PolicyStore> {
  const store = await PolicyStore.open(dir, { runPolicyTests: false, ...options });
  stores.push(store);
  return store;
}

function next<T>(store: PolicyStore, event: 'reload' | 'rejected', withinMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' within ${withinMs} ms`)), withinMs);
    store.once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

const lowerPlatinumLenses = (t: any) => (threshold(tierRule(t, 'PLATINUM'), 'lensesCountingTowards').value = 3);
const threePlatinumLenses = () => member('DE', ...platinumKit().slice(0, 6));

describe('PolicyStore', () => {
  it('refuses to open an invalid policy', async () => {
    const dir = await copyOfRules();
    await fs.writeFile(path.join(dir, 'tiers.json'), '{');
    await expect(PolicyStore.open(dir)).rejects.toBeInstanceOf(PolicyError);
  });

  it('an edit changes the current policy within 2 s while watching', async () => {
    const dir = await copyOfRules();
    const logger = { info: vi.fn(), error: vi.fn() };
    const store = await openStore(dir, { logger });
    const before = store.current.version;
    expect((await store.current.evaluate(threePlatinumLenses())).qualifyingTier).toBe('GOLD');
    store.watch();

    const reloaded = next<Policy>(store, 'reload', 2000);
    await editJson(dir, 'tiers.json', lowerPlatinumLenses);
    const policy = await reloaded;

    expect(store.current).toBe(policy);
    expect(policy.version).not.toBe(before);
    expect(store.health()).toMatchObject({ version: policy.version, lastError: null });
    expect((await store.current.evaluate(threePlatinumLenses())).qualifyingTier).toBe('PLATINUM');
    expect(logger.info).toHaveBeenCalledWith(expect.objectContaining({ version: policy.version, previous: before }), 'policy reloaded');
  });

  it('an invalid edit keeps the last good policy, logs and emits rejected once; completing it goes live', async () => {
    const dir = await copyOfRules();
    const logger = { info: vi.fn(), error: vi.fn() };
    const store = await openStore(dir, { logger, pollMs: 100 });
    const good = store.current;
    store.watch();

    // A half-written file, as an editor or a copy in progress leaves it.
    const file = path.join(dir, 'countries/ee.json');
    const text = await fs.readFile(file, 'utf8');
    const rejected = next<PolicyError>(store, 'rejected', 2000);
    await fs.writeFile(file, text.slice(0, 120));
    const error = await rejected;

    expect(error.problems[0]).toMatchObject({ file: 'countries/ee.json', pointer: '' });
    expect(store.current).toBe(good);
    expect(store.health().version).toBe(good.version);
    expect(store.health().lastError?.problems).toEqual(error.problems);
    await new Promise((r) => setTimeout(r, 350)); // several polls of the same bad snapshot
    expect(logger.error).toHaveBeenCalledTimes(1);

    const reloaded = next<Policy>(store, 'reload', 2000);
    const completed = text.replace('"maxTier": "SILVER"', '"maxTier": "GOLD"');
    expect(completed).not.toBe(text);
    await fs.writeFile(file, completed);
    await reloaded;
    expect(store.current.country('EE')?.maxTier).toBe('GOLD');
    expect(store.health().lastError).toBeNull();
  });

  it('reload() checks now: false when nothing changed, true after an edit', async () => {
    const dir = await copyOfRules();
    const store = await openStore(dir);
    expect(await store.reload()).toBe(false);
    await editJson(dir, 'tiers.json', lowerPlatinumLenses);
    expect(await store.reload()).toBe(true);
    expect(await store.reload()).toBe(false);
  });

  it('reverting a rejected edit clears the error', async () => {
    const dir = await copyOfRules();
    const store = await openStore(dir);
    const file = path.join(dir, 'benefits.json');
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, '{"kind": "benefits"');
    expect(await store.reload()).toBe(false);
    expect(store.health().lastError).not.toBeNull();
    await fs.writeFile(file, text);
    expect(await store.reload()).toBe(false);
    expect(store.health().lastError).toBeNull();
  });

  it('after close() edits are no longer picked up', async () => {
    const dir = await copyOfRules();
    const store = await openStore(dir, { pollMs: 50 });
    const version = store.current.version;
    store.watch();
    store.close();
    await editJson(dir, 'tiers.json', lowerPlatinumLenses);
    await new Promise((r) => setTimeout(r, 300));
    expect(store.current.version).toBe(version);
  });

  it("by default, an edit that breaks one of the policy owners' own test cases is refused, naming the case", async () => {
    const dir = await copyOfRules();
    const store = await PolicyStore.open(dir, { pollMs: 100 });
    stores.push(store);
    const good = store.current;
    store.watch();
    const rejected = next<PolicyError>(store, 'rejected', 2000);
    await editJson(dir, 'tiers.json', lowerPlatinumLenses);
    const error = await rejected;
    expect(error.problems.some((p) => p.file.startsWith('tests/'))).toBe(true);
    expect(store.current).toBe(good);
  });

  it('a scheduled version takes effect at midnight of its day (programme time), by itself, and is checked like the live one', async () => {
    const dir = await copyOfRules();
    const day = path.join(dir, 'scheduled', '2027-01-01');
    await fs.mkdir(path.dirname(day), { recursive: true });
    await fs.cp(RULES_DIR, day, { recursive: true });
    await editJson(day, 'tiers.json', lowerPlatinumLenses);
    await fs.rm(path.join(day, 'tests'), { recursive: true }); // its owners' cases would pin the old thresholds
    let now = new Date('2026-12-31T22:59:59.000Z'); // 23:59:59 in Amsterdam
    const store = await openStore(dir, { now: () => now, timeZone: 'Europe/Amsterdam', pollMs: 50 });
    expect(store.health().next).toMatchObject({ day: '2027-01-01', effectiveFrom: '2026-12-31T23:00:00.000Z' });
    const live = store.current;
    expect((await live.evaluate(threePlatinumLenses())).qualifyingTier).toBe('GOLD');
    expect(store.at(new Date('2026-12-31T23:00:00.000Z'))).not.toBe(live);
    store.watch();
    const cause = new Promise((resolve) => store.once('reload', (_: Policy, change: { cause: string }) => resolve(change.cause)));
    const switched = next<Policy>(store, 'reload', 2000);
    now = new Date('2026-12-31T23:00:00.000Z');
    const policy = await switched;
    // Superseded by date, not withdrawn: members withdraws no rises for it.
    expect(await cause).toBe('schedule');
    expect((await policy.evaluate(threePlatinumLenses())).qualifyingTier).toBe('PLATINUM');
    expect(store.health()).toMatchObject({ version: policy.version, effectiveFrom: '2026-12-31T23:00:00.000Z', next: null });
  });

  it('a scheduled version that fails its checks is reported with its folder and never takes effect', async () => {
    const dir = await copyOfRules();
    const day = path.join(dir, 'scheduled', '2027-01-01');
    await fs.mkdir(path.dirname(day), { recursive: true });
    await fs.cp(RULES_DIR, day, { recursive: true });
    await fs.writeFile(path.join(day, 'tiers.json'), '{');
    const store = await PolicyStore.open(dir, { now: () => new Date('2027-06-01T00:00:00Z') });
    stores.push(store);
    expect(store.health().lastError?.problems[0].file).toBe('scheduled/2027-01-01/tiers.json');
    expect(store.health().scheduled).toEqual([]);
    expect(store.current.version).toBe(store.at(new Date('2020-01-01')).version);
    const problems = await validatePolicy(dir);
    expect(problems.map((p) => p.file)).toContain('scheduled/2027-01-01/tiers.json');
    // Deleting the refused folder clears the report: nothing is refused any more.
    await fs.rm(day, { recursive: true });
    await store.reload();
    expect(store.health().lastError).toBeNull();
  });

  it("a scheduled version is checked against the world again when its day comes, and retried while it is refused", async () => {
    const dir = await copyOfRules();
    const day = path.join(dir, 'scheduled', '2027-01-01');
    await fs.mkdir(path.dirname(day), { recursive: true });
    await fs.cp(RULES_DIR, day, { recursive: true });
    await fs.rm(path.join(day, 'countries', 'ee.json')); // the scheduled version drops Estonia
    // The world: whether members live in Estonia (as members' check would find).
    let estonians = 0;
    const extraChecks = (policy: Policy) =>
      estonians && !policy.country('EE') ? [{ file: '', pointer: '', message: `the policy has no country EE, where ${estonians} members live` }] : [];
    let now = new Date('2026-12-31T22:59:00.000Z');
    const store = await openStore(dir, { now: () => now, extraChecks, recheckMs: 200 });
    const live = store.current;
    expect(store.health().next).toMatchObject({ day: '2027-01-01' }); // nobody lives there yet: accepted
    estonians = 3; // members sign up in Estonia before the day
    const rejected = new Promise<PolicyError>((resolve) => store.once('rejected', resolve));
    now = new Date('2026-12-31T23:00:00.000Z');
    expect(await store.reload()).toBe(false);
    expect(store.current).toBe(live);
    expect((await rejected).problems[0].message).toContain('EE, where 3 members live');
    expect(store.health()).toMatchObject({ version: live.version, next: null, lastError: { problems: [{ file: 'scheduled/2027-01-01', message: expect.stringContaining('EE') }] } });
    // Refused for the same reason again: not reported twice. Once they have moved away, the retry lets it in.
    await new Promise((r) => setTimeout(r, 250));
    expect(await store.reload()).toBe(false);
    estonians = 0;
    await new Promise((r) => setTimeout(r, 250));
    expect(await store.reload()).toBe(true);
    expect(store.current.country('EE')).toBeUndefined();
    expect(store.health().lastError).toBeNull();
  });
});
