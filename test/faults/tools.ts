/**
 * Tools for the fault tests, all on 127.0.0.1: a TCP proxy in front of MySQL that can drop every
 * connection (what a database restart looks like to the services), a subgraph as a real process
 * that can be killed, and a load loop that records every answer.
 */
import net from 'node:net';
import { ServiceProcess, type Env, type SubgraphName } from '@cps/service-kit';
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

/** One subgraph as its own compiled process (npm test builds first), on a given port. */
export function subgraphProcess(name: SubgraphName, port: number, env: Env, startupMs = 20_000): ServiceProcess {
  const processEnv = Object.fromEntries(
    Object.entries({ PATH: process.env.PATH, ...env, [`${name.toUpperCase()}_PORT`]: String(port) }).filter(([, v]) => v !== undefined),
  );
  return new ServiceProcess({ name, env: processEnv, port, startupMs });
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
