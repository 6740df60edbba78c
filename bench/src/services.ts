import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  gatewaySecretVariable,
  SERVICE_NAMES,
  ServiceProcess,
  stopChildren,
  subgraphUrlsEnv,
  SUBGRAPH_NAMES,
  type Env,
  type ServiceName,
  type SubgraphName,
} from '@cps/service-kit';
import { freePort } from '@cps/testing';

/**
 * The three subgraphs and the gateway as four compiled processes on free ports of 127.0.0.1, as
 * they are deployed: `NODE_ENV=production` (hardening on: masked errors, no introspection, the
 * document limits; real secrets, made for this run), each its own event loop, on the benchmark's
 * databases. Each subgraph is started with the statement counter preloaded.
 */
export interface Counts {
  statements: number;
  fetches: number;
}

export interface BenchServices {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  /** SQL statements each subgraph process has sent so far, and GraphQL requests it has received. */
  statements(): Promise<Record<SubgraphName, Counts>>;
  /**
   * For what a production gateway does not show (its query plan, introspection): a second gateway,
   * outside production but on the same supergraph, subgraphs and secrets, started for `ask` and
   * stopped again before anything is measured. `ask` gets its GraphQL URL.
   */
  withDevelopmentGateway<T>(ask: (url: string) => Promise<T>): Promise<T>;
  /** Another gateway on the same supergraph, subgraphs and secrets, with `overrides` to its settings (and Node options), for `ask`. */
  withGateway<T>(overrides: Env, ask: (url: string) => Promise<T>, nodeArgs?: string[]): Promise<T>;
  pids(): Record<string, number>;
  stop(): Promise<void>;
}

const COUNTER = path.join(__dirname, 'statement-counter.js');
/** Services on a freshly seeded million members may take a while to answer their first check. */
const STARTUP_MS = 120_000;

function askCount(child: ChildProcess): Promise<Counts> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('a service did not report its statement count')), 5000);
    const listener = (message: { type?: string; count?: number; fetches?: number }) => {
      if (message?.type !== 'statements') return;
      clearTimeout(timer);
      child.off('message', listener);
      resolve({ statements: message.count!, fetches: message.fetches! });
    };
    child.on('message', listener);
    child.send({ type: 'statements?' });
  });
}

export interface ServiceOptions {
  /** Write a V8 CPU profile of each service into this folder (Node's --cpu-prof) when it stops. */
  profileDir?: string;
  /** More Node options for one service (experiments, e.g. `-r` a module into the gateway). */
  nodeArgs?: Partial<Record<ServiceName, string[]>>;
}

/** Secrets as production requires them (32+ characters, all different): made anew for each run, never the documented ones. */
export function deploymentSecrets(): Env {
  const secret = () => randomBytes(24).toString('hex');
  return { AUTH_SECRET: secret(), ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [gatewaySecretVariable(name), secret()])) };
}

export async function startServices(env: Env, options: ServiceOptions = {}): Promise<BenchServices> {
  const ports = {} as Record<ServiceName, number>;
  for (const name of SERVICE_NAMES) ports[name] = await freePort();
  const urlsEnv = subgraphUrlsEnv(ports);
  const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, urlsEnv[`${name.toUpperCase()}_URL`]])) as Record<SubgraphName, string>;
  const baseEnv: Env = {
    ...process.env,
    ...env,
    // Every service finds its peers on the bench's ports (members asks the catalogue too).
    ...urlsEnv,
    LOG_LEVEL: 'warn',
    // The load phases sign up members without a token, far faster than a person would.
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
    NODE_ENV: 'production',
    HARDENING: 'on',
    // Every service on the bench's own databases; nothing else of the caller's environment leaks in.
    GATEWAY_HOST: '127.0.0.1',
    SUBGRAPH_HOST: '127.0.0.1',
  };
  const processes = new Map<ServiceName, ServiceProcess>(
    SERVICE_NAMES.map((name) => {
      const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
      const nodeArgs = [...profile, ...(options.nodeArgs?.[name] ?? []), ...(name === 'gateway' ? [] : ['-r', COUNTER])];
      const processEnv = { ...baseEnv, [`${name.toUpperCase()}_PORT`]: String(ports[name]) };
      return [name, new ServiceProcess({ name, env: processEnv, port: ports[name], nodeArgs, ipc: true, startupMs: STARTUP_MS })];
    }),
  );
  let stopping = false;
  const children = () => [...processes.values()].flatMap((p) => p.child ?? []);
  const stop = async () => {
    stopping = true;
    await stopChildren(children());
  };
  const start = async (name: ServiceName) => {
    const service = processes.get(name)!;
    const starting = service.start();
    // Kept quiet (deprecation notices and warnings would break the report), shown if it fails.
    service.child!.once('exit', (code, signal) => {
      if (!stopping && code !== 0) console.error(`${name} stopped (${signal ?? `exit code ${code}`}):\n${service.output.slice(-4000)}`);
    });
    await starting;
  };

  try {
    await Promise.all(SUBGRAPH_NAMES.map(start));
    await start('gateway');
  } catch (error) {
    await stop();
    throw error;
  }

  const withGateway = async <T>(overrides: Env, ask: (url: string) => Promise<T>, nodeArgs: string[] = []): Promise<T> => {
    const port = await freePort();
    const gateway = new ServiceProcess({ name: 'gateway', env: { ...baseEnv, ...overrides, GATEWAY_PORT: String(port) }, port, nodeArgs, startupMs: STARTUP_MS });
    await gateway.start();
    try {
      return await ask(`http://127.0.0.1:${port}/graphql`);
    } finally {
      await gateway.stop();
    }
  };

  return {
    gatewayUrl: `http://127.0.0.1:${ports.gateway}/graphql`,
    subgraphUrls,
    withGateway,
    withDevelopmentGateway: (ask) => withGateway({ NODE_ENV: 'development', HARDENING: 'off' }, ask),
    statements: async () => {
      const counts = await Promise.all(SUBGRAPH_NAMES.map((name) => askCount(processes.get(name)!.child!)));
      return Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, counts[i]])) as Record<SubgraphName, Counts>;
    },
    pids: () => Object.fromEntries([...processes].map(([name, service]) => [name, service.child!.pid!])),
    stop,
  };
}
