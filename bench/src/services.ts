import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, stopChildren, waitUntilReady } from '@cps/gateway/stack';
import { repoRoot, SUBGRAPH_NAMES, type Env, type SubgraphName } from '@cps/service-kit';

/**
 * The three subgraphs and the gateway as four compiled processes on free ports of 127.0.0.1, as
 * `npm start` runs them (so they do not share one event loop), on the benchmark's databases. Each
 * subgraph is started with the statement counter preloaded.
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
  pids(): Record<string, number>;
  stop(): Promise<void>;
}

const COUNTER = path.join(__dirname, 'statement-counter.js');
/** Services on a freshly seeded million members may take a while to answer their first check. */
const STARTUP_MS = 120_000;

const mainFile = (name: SubgraphName | 'gateway') =>
  name === 'gateway' ? path.join(repoRoot(), 'gateway', 'dist', 'main.js') : path.join(repoRoot(), 'subgraphs', name, 'dist', 'main.js');

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
  nodeArgs?: Partial<Record<SubgraphName | 'gateway', string[]>>;
}

export async function startServices(env: Env, options: ServiceOptions = {}): Promise<BenchServices> {
  const children = new Map<string, ChildProcess>();
  const ports = {} as Record<SubgraphName | 'gateway', number>;
  for (const name of [...SUBGRAPH_NAMES, 'gateway'] as const) ports[name] = await freePort();
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}/graphql`]),
  ) as Record<SubgraphName, string>;
  const baseEnv: Env = {
    ...process.env,
    ...env,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development', // the gateway shows its query plan to the benchmark only outside production
    // Every service on the bench's own databases; nothing else of the caller's environment leaks in.
    GATEWAY_HOST: '127.0.0.1',
    SUBGRAPH_HOST: '127.0.0.1',
  };

  let stopping = false;
  const stop = async () => {
    stopping = true;
    await stopChildren(children.values());
  };
  const start = (name: SubgraphName | 'gateway', extraEnv: Env) => {
    const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
    const args = [...profile, ...(options.nodeArgs?.[name] ?? []), ...(name === 'gateway' ? [] : ['-r', COUNTER]), mainFile(name)];
    const child = spawn(process.execPath, args, {
      env: { ...baseEnv, ...extraEnv } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    // Kept quiet (deprecation notices and warnings would break the report), shown if it fails.
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-4000);
    });
    child.once('exit', (code, signal) => {
      if (!stopping && code !== 0) console.error(`${name} stopped (${signal ?? `exit code ${code}`}):\n${errors}`);
    });
    children.set(name, child);
    return child;
  };

  try {
    await Promise.all(
      SUBGRAPH_NAMES.map((name) =>
        waitUntilReady(
          name,
          start(name, { [`${name.toUpperCase()}_PORT`]: String(ports[name]) }),
          `http://127.0.0.1:${ports[name]}/health/ready`,
          STARTUP_MS,
        ),
      ),
    );
    const gateway = start('gateway', {
      GATEWAY_PORT: String(ports.gateway),
      MEMBERS_URL: subgraphUrls.members,
      CATALOGUE_URL: subgraphUrls.catalogue,
      REGIONS_URL: subgraphUrls.regions,
    });
    await waitUntilReady('gateway', gateway, `http://127.0.0.1:${ports.gateway}/health/ready`, STARTUP_MS);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    gatewayUrl: `http://127.0.0.1:${ports.gateway}/graphql`,
    subgraphUrls,
    statements: async () => {
      const counts = await Promise.all(SUBGRAPH_NAMES.map((name) => askCount(children.get(name)!)));
      return Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, counts[i]])) as Record<SubgraphName, Counts>;
    },
    pids: () => Object.fromEntries([...children].map(([name, child]) => [name, child.pid!])),
    stop,
  };
}
