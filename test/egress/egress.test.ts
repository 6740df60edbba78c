/**
 * Nothing leaves the machine. Every process of the stack runs with a preloaded guard
 * (no-egress.cjs) that records and blocks each connection attempt and DNS lookup to anything but
 * loopback; the stack is started as `npm start` starts it and as the test harness does, without
 * APOLLO_TELEMETRY_DISABLED in its environment, and used as a member, a buyer, a handler and a
 * policy owner would. Any target that is not loopback fails the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEV_AUTH_SECRET, signToken, type Role } from '@cps/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, DASHBOARD_QUERY, dropStackDatabases, freePort, postGraphQL, type Stack } from '../harness';
import { bodySerial, newMember, PRODUCTS, registerEquipment } from '../lifecycle/workflows';
import { copyRules, untilEveryService } from '../policy/rules-copy';
import { SmtpSink } from '../smtp-sink';

const root = path.resolve(__dirname, '..', '..');
const GUARD = path.join(__dirname, 'no-egress.cjs');

interface Attempt {
  kind: string;
  target: string;
  argv: string;
}

const readAttempts = (file: string): Attempt[] =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];

/** The environment of a guarded process tree: the guard is preloaded into every Node process in it. */
function guardedEnv(logFile: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, NODE_OPTIONS: `--require ${GUARD}`, CPS_EGRESS_LOG: logFile };
  // The code must turn Apollo's telemetry off itself, not rely on the shell.
  delete env.APOLLO_TELEMETRY_DISABLED;
  delete env.AUTH_SECRET;
  return env;
}

function waitForOutput(child: ChildProcess, done: (output: string) => boolean, timeoutMs = 60_000): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not started in ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (done(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`exited (${code}) while starting:\n${output}`)));
  });
}

async function stop(child: ChildProcess, signal: NodeJS.Signals, group = false): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (group) process.kill(-child.pid!, signal);
  else child.kill(signal);
  await exited;
}

interface Running {
  gatewayUrl: string;
  subgraphUrls: string[];
  stop(): Promise<void>;
}

/** Like `npm start`: the launcher and its four service processes. */
async function startLikeNpmStart(db: string, logFile: string, env: NodeJS.ProcessEnv): Promise<Running> {
  const ports = { GATEWAY_PORT: await freePort(), MEMBERS_PORT: await freePort(), CATALOGUE_PORT: await freePort(), REGIONS_PORT: await freePort() };
  const child = spawn(process.execPath, [path.join(root, 'gateway', 'dist', 'launcher.js')], {
    env: guardedEnv(logFile, { ...env, DB: db, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  await waitForOutput(child, (output) => output.includes('Ctrl-C stops everything'));
  return {
    gatewayUrl: `http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`,
    subgraphUrls: [ports.MEMBERS_PORT, ports.CATALOGUE_PORT, ports.REGIONS_PORT].map((p) => `http://127.0.0.1:${p}/graphql`),
    stop: () => stop(child, 'SIGINT', true),
  };
}

/** Like the tests and the benchmark: the harness's startStack, in a process of its own. */
async function startLikeTheHarness(db: string, logFile: string, env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(process.execPath, [path.join(__dirname, 'stack-process.cjs')], {
    env: guardedEnv(logFile, { ...env, DB: db }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = await waitForOutput(child, (text) => text.includes('"gatewayUrl"'));
  const started = JSON.parse(output.split('\n').find((line) => line.includes('"gatewayUrl"'))!);
  return { gatewayUrl: started.gatewayUrl, subgraphUrls: Object.values(started.subgraphs), stop: () => stop(child, 'SIGTERM') };
}

/** What the workflow helpers need of a stack: a gateway to query and tokens. */
const client = (gatewayUrl: string) =>
  ({
    query: (query: string, { variables, token }: { variables?: object; token?: string } = {}) => postGraphQL(gatewayUrl, query, variables, token),
    token: ({ member, role }: { member?: number | string; role?: Role }) =>
      signToken(DEV_AUTH_SECRET, { sub: member === undefined ? undefined : String(member), roles: role ? [role] : ['member'] }),
  }) as unknown as Stack;

/** A member's dashboard, a second-hand transfer with its e-mail and decision, and a policy reload. */
async function useTheProgramme(running: Running, smtp: SmtpSink, rules: ReturnType<typeof copyRules>): Promise<void> {
  const stack = client(running.gatewayUrl);
  const seller = await newMember(stack);
  const buyer = await newMember(stack);
  const serialNumber = bodySerial();
  expect((await registerEquipment(stack, seller, { productId: PRODUCTS.eosR6, serialNumber })).errors).toBeUndefined();
  const pending = await registerEquipment(stack, buyer, { productId: PRODUCTS.eosR6, serialNumber });
  expect(pending.data?.registerEquipment.status).toBe('PENDING_TRANSFER');
  await smtp.waitFor((mail) => mail.raw.includes(serialNumber));
  const handler = await stack.token({ role: 'handler' });
  const confirmed = await stack.query('mutation ($id: ID!) { confirmTransfer(equipmentId: $id) { status } }', {
    token: handler,
    variables: { id: pending.data.registerEquipment.id },
  });
  expect(confirmed.data?.confirmTransfer.status).toBe('ACTIVE');
  const dashboard = await stack.query(DASHBOARD_QUERY, { token: await stack.token({ member: buyer }) });
  expect(dashboard.errors).toBeUndefined();
  expect(dashboard.data.me.equipment).toHaveLength(1);

  const before = (await untilEveryService(running.subgraphUrls, (p) => Boolean(p?.version)))[0].version;
  rules.edit('benefits.json', (json) => (json.tiers.SILVER[0].description += ' (reviewed)'));
  await untilEveryService(running.subgraphUrls, (p) => p?.version && p.version !== before, 5000);
}

describe.each(databaseKinds())('nothing leaves the machine (%s)', (db) => {
  const smtp = new SmtpSink();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-egress-'));
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    env = { SMTP_URL: await smtp.start(), OUTBOX_POLL_MS: '100', LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await smtp.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('the guard sees and blocks what phones home (a cloud metadata probe, a vendor host, a DNS lookup)', async () => {
    const logFile = path.join(work, 'self-test.jsonl');
    const probe = spawn(
      process.execPath,
      ['-e', "fetch('http://169.254.169.254/latest/meta-data').catch(() => {}); require('node:dns').lookup('metadata.google.internal', () => {}); require('node:https').get('https://usage-reporting.api.apollographql.com/').on('error', () => {}); setTimeout(() => {}, 300);"],
      { env: guardedEnv(logFile, {}), stdio: 'ignore' },
    );
    await new Promise((resolve) => probe.once('exit', resolve));
    expect(readAttempts(logFile).map((a) => a.target).sort()).toEqual(['169.254.169.254:80', 'metadata.google.internal', 'usage-reporting.api.apollographql.com:443']);
  });

  for (const [how, start] of [
    ['as npm start runs it', startLikeNpmStart],
    ['as the test harness runs it', startLikeTheHarness],
  ] as const) {
    it(`${how}: dashboard, registration, second-hand transfer with its e-mail and a policy reload reach only loopback`, async () => {
      const logFile = path.join(work, `${how.replace(/\W+/g, '-')}.jsonl`);
      const rules = copyRules();
      const dataDir = fs.mkdtempSync(path.join(work, 'data-'));
      const prefix = `cps_e${randomBytes(4).toString('hex')}_`;
      const running = await start(db, logFile, { ...env, RULES_DIR: rules.dir, DATA_DIR: dataDir, DB_NAME_PREFIX: prefix });
      try {
        await useTheProgramme(running, smtp, rules);
        // Telemetry exporters start late (Apollo's after a few seconds): give them the time.
        await new Promise((resolve) => setTimeout(resolve, 1500));
      } finally {
        await running.stop();
        rules.remove();
        if (db === 'mysql') await dropStackDatabases(process.env.MYSQL_URL!, prefix);
      }
      expect(readAttempts(logFile)).toEqual([]);
    }, 120_000);
  }
});
