/**
 * Tools for the fault tests, all on 127.0.0.1: a TCP proxy in front of MySQL that can drop every
 * connection (what a database restart looks like to the services), a subgraph as a real process
 * that can be killed, a load loop that records every answer, and sign-ups whose acknowledged
 * writes are then read back from the members database.
 */
import net from 'node:net';
import { ServiceProcess, type Env, type SubgraphName } from '@cps/service-kit';
import { openStackDatabase, type Stack } from '../harness';
import { send, sleep, type RawResponse } from '../security/helpers';

export interface TcpProxy {
  port: number;
  /** mysql://… through the proxy, for a MySQL URL given to the services. */
  url(mysqlUrl: string): string;
  /** Drops every open connection and refuses new ones until `restore`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function tcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) return void client.destroy();
    const upstream = net.connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: (mysqlUrl) => {
      const url = new URL(mysqlUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString().replace(/\/$/, '');
    },
    cut: () => {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore: () => {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * One subgraph as its own compiled process (npm test builds first), on a given port; `nodeArgs`
 * go before its entry point (a preloaded module).
 */
export function subgraphProcess(name: SubgraphName, port: number, env: Env, startupMs = 20_000, nodeArgs: string[] = []): ServiceProcess {
  const processEnv = Object.fromEntries(
    Object.entries({ PATH: process.env.PATH, ...env, [`${name.toUpperCase()}_PORT`]: String(port) }).filter(([, v]) => v !== undefined),
  );
  return new ServiceProcess({ name, env: processEnv, port, startupMs, nodeArgs });
}

export interface Answer {
  at: number;
  response?: RawResponse;
  /** The request itself failed (connection refused or reset at the gateway: must never happen). */
  failure?: string;
}

/**
 * `workers` loops sending `request()` to the gateway until `stop()`; every answer is kept with its
 * time, so a test can look at what came back before, during and after a fault.
 */
export function load(gatewayUrl: string, request: () => { body: object; headers?: Record<string, string> }, workers = 4) {
  const answers: Answer[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const { body, headers } = request();
      try {
        answers.push({ at: Date.now(), response: await send(gatewayUrl, { body, headers }) });
      } catch (error) {
        answers.push({ at: Date.now(), failure: (error as Error).message });
      }
    }
  });
  return {
    answers,
    since: (t: number) => answers.filter((a) => a.at >= t),
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Waits until `probe` is true, checking every 100 ms; false when `timeoutMs` passed first. */
export async function eventually(probe: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await sleep(100);
  }
  return false;
}

const SIGN_UP = 'mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id } }';

/** A sign-up the gateway acknowledged: when, the member id it answered, and what was sent. */
export interface AcknowledgedSignUp {
  at: number;
  id: string;
  input: { name: string; email: string; address: { street: string; postalCode: string; city: string; countryCode: string } };
}

/**
 * Anonymous sign-ups through the gateway, one after another until `stop()`. Each answer is kept
 * with its time: `acknowledged` (the client was told it is stored) or `refused` (its error codes).
 */
export function signUps(stack: Stack, tag: string, pauseMs = 25) {
  const acknowledged: AcknowledgedSignUp[] = [];
  const refused: Array<{ at: number; codes: unknown[] }> = [];
  let running = true;
  let n = 0;
  const loop = (async () => {
    while (running) {
      const input = {
        name: `Fault Test ${tag} ${n}`,
        email: `fault.${tag}.${Date.now()}.${n++}@example.de`,
        address: { street: `Hauptstraße ${n}`, postalCode: '10115', city: 'Berlin', countryCode: 'DE' },
      };
      const response = await stack.query(SIGN_UP, { variables: { input } });
      const id = response.data?.registerMember?.id;
      if (!response.errors && id) acknowledged.push({ at: Date.now(), id, input });
      else refused.push({ at: Date.now(), codes: (response.errors ?? []).map((e) => e.extensions?.code) });
      await sleep(pauseMs);
    }
  })();
  return {
    acknowledged,
    refused,
    between: (from: number, to: number) => acknowledged.filter((a) => a.at >= from && a.at < to),
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/**
 * The members rows of acknowledged sign-ups, read from the database, in the shape they were sent:
 * a test compares them field by field with `expectedRows(list)`. A sign-up not stored is missing.
 */
export async function storedSignUps(stack: Stack, list: AcknowledgedSignUp[]): Promise<object[]> {
  const database = await openStackDatabase(stack, 'members');
  try {
    if (list.length === 0) return [];
    const ids = list.map((a) => Number(a.id));
    const rows: Array<Record<string, unknown>> = await database.query(`SELECT * FROM member WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`, ids);
    return rows.map((r) => ({ id: String(r.id), name: r.name, email: r.email, street: r.street, postalCode: r.postal_code, city: r.city, countryCode: r.country_code }));
  } finally {
    await database.destroy();
  }
}

export const expectedRows = (list: AcknowledgedSignUp[]): object[] =>
  [...list].sort((a, b) => Number(a.id) - Number(b.id)).map(({ id, input }) => ({ id, name: input.name, email: input.email, ...input.address }));
