/**
 * Two instances of each subgraph and two gateways on one MariaDB, each pair behind a round-robin
 * balancer, under load: sign-ups, second-hand sales confirmed and rejected, dashboards. Mid-way
 * one members instance is killed with SIGKILL and started again, and the policy is edited; then
 * 1 January comes and both members instances start the yearly run at the same moment. Afterwards
 * the databases are read directly: every acknowledged write is there as acknowledged, nothing is
 * half-written, each e-mail went out once, each held-tier change is one history row, the run ran
 * once, and the instances switched to the new policy within 2 seconds of each other.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DEV_AUTH_SECRET, midnightIn, ServiceProcess, signToken, SUBGRAPH_NAMES, type Env, type ServiceName, type SubgraphName } from '@cps/service-kit';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_QUERY, dropStackDatabases, freePort, postGraphQL } from '../harness';
import { eventually, subgraphProcess } from '../faults/tools';
import { bodySerial, lensSerial, newMember, PRODUCTS, registerEquipment, type GatewayClient } from '../lifecycle/workflows';
import { SmtpSink } from '../smtp-sink';
import { roundRobinBalancer, type Balancer } from './round-robin-balancer';

const mysqlUrl = process.env.MYSQL_URL;
const root = path.resolve(__dirname, '..', '..');
const NEW_YEAR = '2027-01-01';
/** 1 January comes this long after the services are spawned: time to start, sign up and fail over first. */
const MIDNIGHT_AFTER_MS = 45_000;
const CONFIRM = 'mutation($id: ID!) { confirmTransfer(equipmentId: $id) { id status } }';
const REJECT = 'mutation($id: ID!, $reason: String!) { rejectTransfer(equipmentId: $id, reason: $reason) { id status } }';

interface Acknowledged {
  members: Array<{ id: number; at: number }>;
  items: Array<{ id: string; member: number; serial: string; status: string }>;
  decisions: Array<{ id: string; status: string }>;
  dashboards: Array<{ at: number; ok: boolean }>;
}

describe.skipIf(!mysqlUrl)('two of everything on one MariaDB (mysql)', () => {
  it('under load, with an instance killed, a policy edit and 1 January: nothing lost, nothing twice', async () => {
    const prefix = `cps_t${randomBytes(4).toString('hex')}_`;
    const rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-rules-'));
    fs.cpSync(path.join(root, 'rules'), rulesDir, { recursive: true });
    // The owners' own cases pin today's thresholds; the edit below changes one.
    fs.rmSync(path.join(rulesDir, 'tests'), { recursive: true });
    const smtp = new SmtpSink();
    const smtpUrl = await smtp.start();
    const ports = Object.fromEntries(await Promise.all([...SUBGRAPH_NAMES, 'gateway'].map(async (name) => [name, [await freePort(), await freePort()]]))) as Record<ServiceName, number[]>;
    const balancers: Balancer[] = [];
    const balance = async (name: ServiceName) => {
      const balancer = await roundRobinBalancer(ports[name]);
      balancers.push(balancer);
      return balancer;
    };
    const front = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await balance(name)]))) as Record<SubgraphName, Balancer>;
    const spawnedAt = Date.now();
    const midnight = midnightIn(NEW_YEAR, 'Europe/Amsterdam').getTime();
    const env: Env = {
      DB: 'mysql', MYSQL_URL: mysqlUrl, DB_NAME_PREFIX: prefix, AUTH_SECRET: DEV_AUTH_SECRET, RULES_DIR: rulesDir,
      LOG_LEVEL: 'warn', NODE_OPTIONS: process.env.NODE_OPTIONS, SMTP_URL: smtpUrl, OUTBOX_POLL_MS: '200', YEARLY_RUN_CHECK_MS: '500',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000', DEMO_MEMBERS: 'false',
      // An e-mail the killed members instance was sending is taken over 10 s later, not a minute.
      OUTBOX_CLAIM_MS: '10000',
      // Every service agrees on the time, and 1 January comes while the load runs.
      CPS_CLOCK: new Date(midnight - MIDNIGHT_AFTER_MS).toISOString(), CPS_CLOCK_SET_AT: String(spawnedAt),
      // Each service reaches its peers through their balancer, as it would in a deployment.
      ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, front[name].url])),
    };
    const instances = Object.fromEntries(
      SUBGRAPH_NAMES.map((name) => [name, ports[name].map((port) => subgraphProcess(name, port, env, 90_000))]),
    ) as Record<SubgraphName, ServiceProcess[]>;
    const gateways = ports.gateway.map((port) => new ServiceProcess({ name: 'gateway', port, env: { PATH: process.env.PATH, ...env, GATEWAY_PORT: String(port) } as Env, startupMs: 90_000 }));
    const everything = [...Object.values(instances).flat(), ...gateways];
    const databases: Partial<Record<SubgraphName, DataSource>> = {};
    try {
      // The catalogue first (the others check the policy's models against it), then the rest together.
      await Promise.all(instances.catalogue.map((i) => i.start()));
      await Promise.all([...instances.regions, ...instances.members].map((i) => i.start()));
      await Promise.all(gateways.map((g) => g.start()));
      const api = await balance('gateway');
      const client: GatewayClient = {
        query: (query, { variables, token } = {}) => postGraphQL(api.url, query, variables, token),
        token: ({ member, role }) => signToken(DEV_AUTH_SECRET, { sub: member === undefined ? undefined : String(member), roles: role ? [role] : ['member'] }),
      };
      const acknowledged: Acknowledged = { members: [], items: [], decisions: [], dashboards: [] };
      const signUp = async (country = 'DE') => {
        const id = await newMember(client, country);
        acknowledged.members.push({ id, at: Date.now() });
        return id;
      };
      const register = async (member: number, input: { productId: string; serialNumber: string; dealer?: string }) => {
        const answer = await registerEquipment(client, member, input);
        if (answer.errors) throw new Error(JSON.stringify(answer.errors));
        const item = answer.data.registerEquipment;
        acknowledged.items.push({ id: item.id, member, serial: input.serialNumber, status: item.status });
        return item as { id: string; status: string };
      };

      // Members one policy edit away from Silver (two Silver bodies, two of the three lenses it needs).
      const almostSilver: number[] = [];
      for (let i = 0; i < 4; i++) {
        const member = await signUp();
        for (const productId of [PRODUCTS.eos90D, PRODUCTS.eos90D]) await register(member, { productId, serialNumber: bodySerial() });
        for (let l = 0; l < 2; l++) await register(member, { productId: PRODUCTS.ef100MacroUsm, serialNumber: lensSerial().slice(-7) });
        almostSilver.push(member);
      }

      // The load: each worker loops until stopped; a failed call is simply not acknowledged.
      let running = true;
      let sales = 0;
      const worker = (step: () => Promise<unknown>) =>
        (async () => {
          while (running) await step().catch(() => undefined);
        })();
      const sale = async () => {
        // A Gold member sells one of their two bodies: they stay Gold until 1 January, then fall.
        const seller = await signUp('FR');
        const serials = [bodySerial(), bodySerial()];
        for (const serialNumber of serials) await register(seller, { productId: PRODUCTS.eosR6, serialNumber });
        for (let l = 0; l < 3; l++) await register(seller, { productId: PRODUCTS.ef24_105, serialNumber: lensSerial() });
        const buyer = await signUp();
        const bought = await register(buyer, { productId: PRODUCTS.eosR6, serialNumber: serials[0], dealer: 'private sale' });
        const handler = await client.token({ role: 'handler' });
        const confirm = sales++ % 3 !== 2;
        const decided = await client.query(confirm ? CONFIRM : REJECT, { token: handler, variables: confirm ? { id: bought.id } : { id: bought.id, reason: 'no receipt' } });
        if (decided.errors) throw new Error(JSON.stringify(decided.errors));
        const { id, status } = confirm ? decided.data.confirmTransfer : decided.data.rejectTransfer;
        acknowledged.decisions.push({ id, status });
      };
      const dashboard = async () => {
        const { id } = acknowledged.members[Math.floor(Math.random() * acknowledged.members.length)];
        const answer = await client.query(DASHBOARD_QUERY, { token: await client.token({ member: id }) });
        acknowledged.dashboards.push({ at: Date.now(), ok: !answer.errors && answer.data?.me?.number !== undefined });
      };
      const workers = [worker(() => signUp()), worker(sale), worker(sale), worker(dashboard), worker(dashboard)];

      // Mid-way, one members instance crashes and comes back.
      await sleep(4000);
      const killedAt = Date.now();
      await instances.members[0].kill();
      await sleep(1500);
      await instances.members[0].start();
      const restartedAt = Date.now();

      // A policy edit while the load runs: Silver needs two lenses instead of three.
      const tiersFile = path.join(rulesDir, 'tiers.json');
      const tiers = JSON.parse(fs.readFileSync(tiersFile, 'utf8'));
      const silverLenses = tiers.rules.find((r: { name: string }) => r.name === 'Silver').conditions.all.find((c: { fact: string }) => c.fact === 'lensesCountingTowards');
      silverLenses.value = 2;
      const before = await versionsServed(instances);
      fs.writeFileSync(tiersFile, JSON.stringify(tiers, null, 2));
      const switchedAt = await whenEachServesANewVersion(instances, before);
      // The kill and the edit happened in the old year, before both instances start the run.
      const margin = spawnedAt + MIDNIGHT_AFTER_MS - Date.now();
      expect(margin, 'the crash and the policy edit came before midnight (a slower machine needs a later MIDNIGHT_AFTER_MS)').toBeGreaterThan(0);
      console.info(`replicas: crash and policy edit done ${margin} ms before midnight`);

      // 1 January comes; both members instances look every 500 ms and start the run at the same moment.
      const members = await openDatabase(mysqlUrl!, `${prefix}members`);
      databases.members = members;
      const runDone = await eventually(async () => Boolean((await members.query('SELECT finished_at FROM recalculation_run WHERE as_of = ?', [NEW_YEAR]))[0]?.finished_at), MIDNIGHT_AFTER_MS + 60_000);
      expect(runDone, 'the 1 January run completed').toBe(true);
      await sleep(2000);
      running = false;
      await Promise.all(workers);

      // The load did what it says: both gateways and both members instances served, the sales were decided.
      expect(api.served.every((n) => n > 0), `gateways served ${api.served}`).toBe(true);
      expect(front.members.served.every((n) => n > 0), `members instances served ${front.members.served}`).toBe(true);
      expect(acknowledged.decisions.filter((d) => d.status === 'ACTIVE').length).toBeGreaterThanOrEqual(2);
      expect(acknowledged.decisions.filter((d) => d.status !== 'ACTIVE').length).toBeGreaterThanOrEqual(1);

      // Every acknowledged write is there, as it was acknowledged.
      const memberRows = new Map<number, { id: number; held_tier: string | null; deleted_at: unknown }>(
        (await members.query('SELECT id, held_tier, deleted_at FROM member')).map((row: { id: number }) => [Number(row.id), row]),
      );
      for (const { id } of acknowledged.members) expect(memberRows.has(id), `member ${id}`).toBe(true);
      const itemRows = new Map<string, { member_id: number; serial_number: string; status: string }>(
        (await members.query('SELECT id, member_id, serial_number, status FROM equipment')).map((row: { id: number }) => [String(row.id), row]),
      );
      for (const item of acknowledged.items) {
        const row = itemRows.get(item.id);
        expect(row, `item ${item.id}`).toBeDefined();
        expect([Number(row!.member_id), row!.serial_number]).toEqual([item.member, item.serial]);
      }
      for (const decision of acknowledged.decisions) expect(itemRows.get(decision.id)?.status, `transfer ${decision.id}`).toBe(decision.status);
      // Nothing half-written: no item without its member; every held tier is the last entry of its history.
      for (const row of itemRows.values()) expect(memberRows.has(Number(row.member_id))).toBe(true);
      const history: Array<{ member_id: number; from_tier: string | null; to_tier: string | null; reason: string }> = await members.query('SELECT member_id, from_tier, to_tier, reason FROM tier_change ORDER BY id');
      const lastTier = new Map(history.map((h) => [Number(h.member_id), h.to_tier]));
      for (const [id, tier] of lastTier) expect(memberRows.get(id)?.held_tier ?? null, `member ${id}`).toBe(tier);

      // Each held-tier change is one history row (never the same change twice), and the edit raised the almost-Silver members once each.
      const changes = history.map((h) => `member ${h.member_id}: ${h.from_tier} → ${h.to_tier} (${h.reason})`);
      expect(changes.filter((change, i) => changes.indexOf(change) !== i)).toEqual([]);
      for (const id of almostSilver) {
        expect(memberRows.get(id)?.held_tier).toBe('SILVER');
        expect(history.filter((h) => Number(h.member_id) === id && h.to_tier === 'SILVER')).toHaveLength(1);
      }

      // The yearly run ran once: one run, every slice finished, everyone decided at most once, the sellers fell.
      const [run] = await members.query('SELECT processed, upgraded, downgraded, unchanged FROM recalculation_run WHERE as_of = ?', [NEW_YEAR]);
      const slices: Array<Record<string, number | null>> = await members.query('SELECT processed, upgraded, downgraded, unchanged, finished_at FROM recalculation_range WHERE as_of = ?', [NEW_YEAR]);
      expect(slices.length).toBeGreaterThanOrEqual(1);
      expect(slices.every((s) => s.finished_at !== null)).toBe(true);
      const total = (field: string) => slices.reduce((sum, s) => sum + Number(s[field]), Number(run[field]));
      expect(total('processed')).toBe(total('upgraded') + total('downgraded') + total('unchanged'));
      const signedUpBeforeMidnight = acknowledged.members.filter((m) => m.at < spawnedAt + MIDNIGHT_AFTER_MS - 1000).length;
      expect(total('processed')).toBeGreaterThanOrEqual(signedUpBeforeMidnight);
      const yearly = history.filter((h) => h.reason === `yearly recalculation as of ${NEW_YEAR}`);
      expect(yearly.length).toBe(total('upgraded') + total('downgraded'));
      expect(total('downgraded')).toBeGreaterThanOrEqual(1);

      // Each e-mail went out once, and every one of them went out.
      const drained = await eventually(async () => Number((await members.query('SELECT COUNT(*) AS n FROM outbox_email WHERE sent_at IS NULL'))[0].n) === 0, 90_000);
      expect(drained, 'the outbox was sent').toBe(true);
      const outbox = Number((await members.query('SELECT COUNT(*) AS n FROM outbox_email'))[0].n);
      expect(outbox).toBeGreaterThanOrEqual(3 * acknowledged.decisions.length);
      expect(smtp.messages).toHaveLength(outbox);
      const sent = smtp.messages.map((m) => `${m.to.join(',')}\n${m.text.replace(/^(Message-ID|Date):.*$/gim, '')}`);
      expect(new Set(sent).size).toBe(sent.length);

      // Dashboards answered throughout, except for the calls the killed instance had in hand.
      const answered = acknowledged.dashboards.filter((d) => d.at < killedAt || d.at > restartedAt + 2000);
      expect(answered.length).toBeGreaterThanOrEqual(20);
      expect(answered.filter((d) => !d.ok)).toEqual([]);

      // The instances of each subgraph switched to the edited policy within 2 seconds of each other.
      for (const name of SUBGRAPH_NAMES) {
        const [a, b] = switchedAt[name];
        expect(Math.abs(a - b), `${name} instances switched ${Math.abs(a - b)} ms apart`).toBeLessThanOrEqual(2000);
      }
      // And the gateway sees them agree.
      const health = await (await fetch(new URL('/health/ready', api.url))).json();
      for (const name of SUBGRAPH_NAMES) expect(health.policies?.[name], name).toMatchObject({ agree: true, degraded: false });
    } finally {
      for (const db of Object.values(databases)) await db?.destroy();
      await Promise.all(everything.map((service) => service.kill()));
      await Promise.all(balancers.map((b) => b.close()));
      await smtp.stop();
      await dropStackDatabases(mysqlUrl!, prefix);
      fs.rmSync(rulesDir, { recursive: true, force: true });
    }
  }, 300_000);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function versionOf(instance: ServiceProcess): Promise<string | undefined> {
  const health = await fetch(instance.readyUrl).then((r) => r.json()).catch(() => undefined);
  return health?.policy?.version;
}

async function versionsServed(instances: Record<SubgraphName, ServiceProcess[]>): Promise<Record<SubgraphName, string[]>> {
  const entries = await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await Promise.all(instances[name].map(versionOf))] as const));
  for (const [name, versions] of entries) expect(new Set(versions).size, `${name} instances agree before the edit`).toBe(1);
  return Object.fromEntries(entries) as Record<SubgraphName, string[]>;
}

/** When each instance first reports a version other than the one it served before (asked every 100 ms). */
async function whenEachServesANewVersion(instances: Record<SubgraphName, ServiceProcess[]>, before: Record<SubgraphName, string[]>): Promise<Record<SubgraphName, number[]>> {
  const switched = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, instances[name].map(() => 0)])) as Record<SubgraphName, number[]>;
  const all = await eventually(async () => {
    await Promise.all(
      SUBGRAPH_NAMES.flatMap((name) =>
        instances[name].map(async (instance, i) => {
          if (switched[name][i]) return;
          const version = await versionOf(instance);
          if (version && version !== before[name][i]) switched[name][i] = Date.now();
        }),
      ),
    );
    return Object.values(switched).every((times) => times.every(Boolean));
  }, 30_000);
  expect(all, `every instance took the edit: ${JSON.stringify(switched)}`).toBe(true);
  return switched;
}

async function openDatabase(serverUrl: string, database: string): Promise<DataSource> {
  const url = new URL(serverUrl);
  return new DataSource({ type: 'mysql', host: url.hostname, port: Number(url.port || 3306), username: decodeURIComponent(url.username), password: decodeURIComponent(url.password), database }).initialize();
}
