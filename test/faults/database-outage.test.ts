import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../harness';
import { composedOperations, HARDENED, sleep } from '../security/helpers';
import { eventually, load, tcpProxy, type Answer, type TcpProxy } from './tools';

/**
 * MySQL/MariaDB going away under load. Every connection of the three services runs through a TCP
 * proxy on 127.0.0.1 that the test cuts (as a database restart looks to them: every connection
 * dropped, new ones refused) and restores. The services must answer with coded errors meanwhile
 * (never a 5xx, never a crash), reconnect by themselves, and keep every write they acknowledged.
 *
 * With CPS_TEST_RESTART_MARIADB=1 (CI sets it; it restarts the machine's MariaDB with
 * `service mariadb restart`) the same is done to the real server.
 */
const MYSQL_URL = process.env.MYSQL_URL;
const RESTART_MARIADB = process.env.CPS_TEST_RESTART_MARIADB === '1';
const ops = await composedOperations();
const WRITES = ops.mutation.has('registerMember');

/**
 * Whatever happened to the restart, the server must be up again before anything else runs: every
 * later MySQL test depends on it.
 */
async function mariadbBackUp(timeoutMs = 60_000): Promise<void> {
  const run = promisify(execFile);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const up = await run('mariadb-admin', ['ping', '--silent']).then(() => true, () => false);
    if (up) return;
    if (Date.now() > deadline) throw new Error('MariaDB did not come back after the restart test');
    await run('service', ['mariadb', 'start'], { timeout: 30_000 }).catch(() => undefined);
    await sleep(500);
  }
}

const DASHBOARD = 'query Dashboard { me { number tier equipment { serialNumber product { model } } country { name } } }';

const answered = (a: Answer) => !!a.response && !a.response.body?.errors && !!a.response.body?.data?.me?.number;

function neverBroken(answers: Answer[]): void {
  expect(answers.filter((a) => a.failure).map((a) => a.failure)).toEqual([]);
  expect(answers.filter((a) => a.response!.status >= 500).map((a) => a.response!.text.slice(0, 200))).toEqual([]);
  for (const a of answers) {
    expect(a.response!.body, a.response!.text.slice(0, 200)).toBeTypeOf('object');
    for (const e of a.response!.body.errors ?? []) expect(typeof e.extensions?.code).toBe('string');
  }
}

/** Sign-ups while the database goes away: the ones the client was told succeeded must all be there. */
function writer(stack: Stack) {
  const acknowledged: string[] = [];
  let running = WRITES;
  let n = 0;
  const loop = (async () => {
    while (running) {
      const email = `outage.${Date.now()}.${n++}@example.de`;
      const response = await stack.query('mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id } }', {
        variables: { input: { name: 'Outage Test', email, address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', countryCode: 'DE' } } },
      });
      if (!response.errors && response.data?.registerMember?.id) acknowledged.push(response.data.registerMember.id);
      else await sleep(50);
    }
  })();
  return {
    acknowledged,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

async function allStored(stack: Stack, ids: string[]): Promise<string[]> {
  const admin = await stack.token({ role: 'admin' });
  const missing: string[] = [];
  for (const id of ids) {
    const response = await stack.query('query($id: ID!) { member(id: $id) { id } }', { variables: { id }, token: admin });
    if (response.data?.member?.id !== id) missing.push(id);
  }
  return missing;
}

/** Runs load and sign-ups, applies `fault`, and checks the services ride it out. */
async function rideOut(stack: Stack, fault: () => Promise<void>, recoverWithinMs: number): Promise<void> {
  const token = await stack.token({ member: 1 });
  const readers = load(stack.gatewayUrl, () => ({ body: { query: DASHBOARD }, headers: { authorization: `Bearer ${token}` } }));
  const writes = writer(stack);
  try {
    expect(await eventually(() => readers.answers.filter(answered).length >= 5, 10_000)).toBe(true);
    const faultStarted = Date.now();
    await fault();
    const restored = Date.now();
    // The fault was felt: some answers meanwhile were errors (with a code, checked below).
    expect(readers.since(faultStarted).filter((a) => a.at <= restored && !answered(a)).length).toBeGreaterThan(0);
    expect(await eventually(() => readers.since(restored).filter(answered).length >= 5, recoverWithinMs)).toBe(true);
  } finally {
    await Promise.all([readers.stop(), writes.stop()]);
  }
  neverBroken(readers.answers);
  // Every service answers again, readiness included, without a restart.
  for (const url of [stack.gatewayUrl, ...Object.values(stack.subgraphs).map((s) => s.url)]) {
    expect(await eventually(async () => (await fetch(new URL('/health/ready', url))).status === 200, 10_000)).toBe(true);
  }
  if (WRITES) expect(writes.acknowledged.length).toBeGreaterThan(0);
  expect(await allStored(stack, writes.acknowledged)).toEqual([]);
}

describe.skipIf(!MYSQL_URL)('the database goes away under load (MySQL only: needs MYSQL_URL)', () => {
  describe('every connection dropped for 2 s (TCP proxy)', () => {
    let proxy: TcpProxy;
    let stack: Stack;
    beforeAll(async () => {
      const target = new URL(MYSQL_URL!);
      proxy = await tcpProxy(target.hostname, Number(target.port || 3306));
      stack = await startStack({ db: 'mysql', mysqlUrl: proxy.url(MYSQL_URL!), env: { ...HARDENED, LOG_LEVEL: 'fatal' } });
    });
    afterAll(async () => {
      proxy?.restore();
      await stack?.close();
      await proxy?.close();
    });

    it('answers with coded errors meanwhile, reconnects by itself, loses no acknowledged write', async () => {
      await rideOut(
        stack,
        async () => {
          proxy.cut();
          const cut = Date.now();
          await sleep(2_000);
          // Meanwhile: the members subgraph says its data is unavailable, not "500".
          const during = await stack.query(DASHBOARD, { token: await stack.token({ member: 1 }) });
          expect(during.status).toBeLessThan(500);
          expect(during.errors?.map((e) => e.extensions?.code)).toContain('SERVICE_UNAVAILABLE');
          expect(Date.now() - cut).toBeLessThan(15_000);
          proxy.restore();
        },
        15_000,
      );
    });

    if (!WRITES) it.todo('sign-ups during the outage: every acknowledged one is stored — the writer runs once registerMember is in the supergraph');
  });

  describe.skipIf(!RESTART_MARIADB)('the real MariaDB restarted (CPS_TEST_RESTART_MARIADB=1)', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ db: 'mysql', env: { ...HARDENED, LOG_LEVEL: 'fatal' } });
    });
    afterAll(async () => {
      await mariadbBackUp();
      await stack?.close();
    });

    it('services reconnect after `service mariadb restart`, no acknowledged write is lost', async () => {
      await rideOut(
        stack,
        async () => {
          // Asynchronously: the load goes on while the server stops and starts.
          try {
            await promisify(execFile)('service', ['mariadb', 'restart'], { timeout: 60_000 });
          } finally {
            await mariadbBackUp();
          }
        },
        20_000,
      );
    }, 90_000);
  });
});
