import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPolicy } from '@cps/policy';
import { recalculateMemberships, RUN_LEASE_MS } from '@cps/members';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, errorCodes, openStackDatabase, startStack, type Stack } from '../harness';
import { me, newMember, registerGoldKit } from './workflows';

const RECALC = 'mutation($asOf: Date!) { recalculateMemberships(asOf: $asOf) { asOf membersProcessed upgraded downgraded unchanged } }';
const root = path.resolve(__dirname, '..', '..');
const CLOCK = '2035-06-01T12:00:00+02:00';
const now = () => new Date(CLOCK);

describe.each(databaseKinds())('the yearly recalculation (%s)', (db) => {
  let stack: Stack;
  let rulesDir: string;
  beforeAll(async () => {
    // A copy of the rules this test may edit, as a policy owner would.
    rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-rules-'));
    fs.cpSync(path.join(root, 'rules'), rulesDir, { recursive: true });
    // Without the owners' own cases: the edits below are about the run, and several cases pin the EOS R6.
    fs.rmSync(path.join(rulesDir, 'tests'), { recursive: true });
    // A clock well past the 1 January dates below (the run is never for one ahead); no run by itself.
    stack = await startStack({ db, rulesDir, env: { CPS_CLOCK: CLOCK, YEARLY_RUN: 'off' } });
  });
  afterAll(async () => {
    await stack?.close();
    fs.rmSync(rulesDir, { recursive: true, force: true });
  });

  const recalc = async (asOf: string) => stack.query(RECALC, { token: await stack.token({ role: 'admin' }), variables: { asOf } });

  it('a fall of the qualifying tier lowers the held tier only at the run, with history; a second run changes nothing', async () => {
    const member = await newMember(stack);
    const [, , lens] = await registerGoldKit(stack, member);
    await stack.query('mutation($id: ID!) { removeEquipment(id: $id) { id } }', { token: await stack.token({ member }), variables: { id: lens } });
    expect(await me(stack, member)).toMatchObject({ tier: 'GOLD', qualifyingTier: null });

    const first = await recalc('2027-01-01');
    expect(first.errors).toBeUndefined();
    const report = first.data.recalculateMemberships;
    expect(report.asOf).toBe('2027-01-01');
    expect(report.downgraded).toBeGreaterThanOrEqual(1);
    expect(report.membersProcessed).toBe(report.upgraded + report.downgraded + report.unchanged);
    const after = await me(stack, member);
    expect(after.tier).toBeNull();
    // Dated at midnight of 1 January in Amsterdam (the programme's time zone).
    expect(after.tierHistory.find((c: any) => c.reason.startsWith('yearly'))).toEqual({ from: 'GOLD', to: null, at: '2026-12-31T23:00:00.000Z', reason: 'yearly recalculation as of 2027-01-01' });
    expect(after.card.status).toBe('REQUESTED');
    // The demo Platinum member keeps her tier.
    expect((await me(stack, 1)).tier).toBe('PLATINUM');

    const second = await recalc('2027-01-01');
    expect(second.data.recalculateMemberships).toEqual(report);
    expect((await me(stack, member)).tierHistory).toHaveLength(after.tierHistory.length);
  });

  it('a product leaving the supported list lowers tiers at the run, not before', async () => {
    const member = await newMember(stack);
    await registerGoldKit(stack, member); // two EOS R6 bodies
    const bodiesFile = path.join(rulesDir, 'products', 'bodies.json');
    const original = fs.readFileSync(bodiesFile, 'utf8');
    const bodies = JSON.parse(original);
    bodies.products.find((p: any) => p.model === 'EOS R6').supported = false;
    fs.writeFileSync(bodiesFile, JSON.stringify(bodies, null, 2));
    try {
      await expect.poll(async () => (await me(stack, member)).qualifyingTier, { timeout: 3000 }).toBeNull();
      expect((await me(stack, member)).tier).toBe('GOLD');
      await recalc('2028-01-01');
      expect((await me(stack, member)).tier).toBeNull();
    } finally {
      fs.writeFileSync(bodiesFile, original);
    }
    await expect.poll(async () => (await me(stack, member)).qualifyingTier, { timeout: 3000 }).toBe('GOLD');
  });

  it('only admins run it', async () => {
    const response = await stack.query(RECALC, { token: await stack.token({ role: 'handler' }), variables: { asOf: '2029-01-01' } });
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
  });

  it('an interrupted run resumes where it stopped, without counting anyone twice', async () => {
    const dataSource = await openStackDatabase(stack, 'members');
    const policy = await loadPolicy(rulesDir);
    try {
      const member = await newMember(stack);
      const [, , lens] = await registerGoldKit(stack, member);
      await stack.query('mutation($id: ID!) { removeEquipment(id: $id) { id } }', { token: await stack.token({ member }), variables: { id: lens } });
      let batches = 0;
      await expect(
        recalculateMemberships(dataSource, policy, '2030-01-01', {
          now,
          batchSize: 3,
          onProgress: () => {
            if (++batches === 2) throw new Error('killed');
          },
        }),
      ).rejects.toThrow('killed');
      // Another runner takes the run over once the first one's lease has lapsed.
      const later = () => new Date(now().getTime() + RUN_LEASE_MS + 1000);
      const meanwhile = await recalculateMemberships(dataSource, policy, '2030-01-01', { now, batchSize: 3 });
      expect(meanwhile.state).toBe('RUNNING');
      const resumed = await recalculateMemberships(dataSource, policy, '2030-01-01', { now: later, batchSize: 3 });
      expect(resumed.state).toBe('COMPLETED');
      const total = Number((await dataSource.query('SELECT COUNT(*) AS n FROM member'))[0].n);
      expect(resumed.membersProcessed).toBe(total);
      expect(resumed.downgraded).toBeGreaterThanOrEqual(1);
      // Every change is recorded exactly once, however often the run was started.
      const reason = 'yearly recalculation as of 2030-01-01';
      const history = await dataSource.query('SELECT member_id FROM tier_change WHERE reason = ?', [reason]);
      expect(history).toHaveLength(resumed.upgraded + resumed.downgraded);
      expect(history.filter((row: any) => Number(row.member_id) === member)).toHaveLength(1);
      expect((await me(stack, member)).tier).toBeNull();
    } finally {
      await dataSource.destroy();
    }
  });

  it('two runners share one run slice by slice; a runner that dies mid-slice hands its slice over; nobody is decided twice', async () => {
    const dataSource = await openStackDatabase(stack, 'members');
    const policy = await loadPolicy(rulesDir);
    try {
      // Enough members for several slices of two ids each, one of them due to fall.
      const faller = await newMember(stack);
      const [, , lens] = await registerGoldKit(stack, faller);
      await stack.query('mutation($id: ID!) { removeEquipment(id: $id) { id } }', { token: await stack.token({ member: faller }), variables: { id: lens } });
      for (let i = 0; i < 6; i++) await newMember(stack);
      const asOf = '2032-01-01';
      const options = { now, batchSize: 1, rangeSize: 2 };
      // Runner "dies" after its first batch: its slice stays leased to it, half done.
      let batches = 0;
      await expect(
        recalculateMemberships(dataSource, policy, asOf, { ...options, runner: 'dies', onProgress: () => { if (++batches === 1) throw new Error('killed'); } }),
      ).rejects.toThrow('killed');
      // Two live runners at once take the other slices; the dead runner's slice waits for its lease to lapse.
      const [a, b] = await Promise.all([
        recalculateMemberships(dataSource, policy, asOf, { ...options, runner: 'a' }),
        recalculateMemberships(dataSource, policy, asOf, { ...options, runner: 'b' }),
      ]);
      expect([a.state, b.state]).toEqual(['RUNNING', 'RUNNING']);
      const slices: Array<{ finished_at: unknown; leased_by: string | null }> = await dataSource.query('SELECT finished_at, leased_by FROM recalculation_range WHERE as_of = ?', [asOf]);
      expect(slices.length).toBeGreaterThanOrEqual(4);
      expect(slices.filter((s) => !s.finished_at).map((s) => s.leased_by)).toEqual(['dies']);
      // Once the lease lapsed, whoever asks next finishes the dead runner's slice and the run.
      const later = () => new Date(now().getTime() + RUN_LEASE_MS + 1000);
      const done = await recalculateMemberships(dataSource, policy, asOf, { ...options, now: later, runner: 'b' });
      expect(done.state).toBe('COMPLETED');
      const total = Number((await dataSource.query('SELECT COUNT(*) AS n FROM member WHERE deleted_at IS NULL'))[0].n);
      expect(done.membersProcessed).toBe(total);
      expect(done.upgraded + done.downgraded + done.unchanged).toBe(total);
      const history: Array<{ member_id: number }> = await dataSource.query('SELECT member_id FROM tier_change WHERE reason = ?', [`yearly recalculation as of ${asOf}`]);
      expect(history.map((row) => Number(row.member_id))).toContain(faller);
      expect(new Set(history.map((row) => Number(row.member_id))).size).toBe(history.length);
      expect(history).toHaveLength(done.upgraded + done.downgraded);
    } finally {
      await dataSource.destroy();
    }
  });

  it('npm run recalc runs it from the command line with a progress bar and the report', () => {
    const result = spawnSync(process.execPath, [path.join(root, 'subgraphs/members/dist/cli/recalc.js'), '--as-of', '2031-01-01'], {
      env: { ...process.env, ...stack.env, RULES_DIR: rulesDir } as NodeJS.ProcessEnv,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toMatch(/recalculating memberships/);
    expect(result.stdout).toMatch(/Recalculation as of 2031-01-01 \(policy [0-9a-f]+\): \d+ members, \d+ upgraded, \d+ downgraded, \d+ unchanged/);
    expect(result.status).toBe(0);
  });
});
