import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import { repoRoot, SUBGRAPH_NAMES, type Env, type SubgraphName } from './config';

export type ServiceName = SubgraphName | 'gateway';
export const SERVICE_NAMES: readonly ServiceName[] = [...SUBGRAPH_NAMES, 'gateway'];

/** The compiled entry point of a service (`npm run build` makes it). */
export const serviceMainFile = (name: ServiceName): string =>
  name === 'gateway' ? path.join(repoRoot(), 'gateway', 'dist', 'main.js') : path.join(repoRoot(), 'subgraphs', name, 'dist', 'main.js');

/** Tells every service where each subgraph listens on this machine (`MEMBERS_URL`, …). */
export const subgraphUrlsEnv = (ports: Record<SubgraphName, number>): Env =>
  Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[name]}/graphql`]));

export interface ServiceProcessOptions {
  name: ServiceName;
  /** The whole environment of the process. */
  env: Env;
  /** Where its readiness check answers. */
  port: number;
  /** Node options before the entry point (a preloaded module, a CPU profile). */
  nodeArgs?: string[];
  /** `inherit` (npm start), or `pipe` to keep what it prints in `output`; with `ipc`, a message channel. */
  stdio?: 'inherit' | 'pipe';
  ipc?: boolean;
  startupMs?: number;
}

/**
 * One service as its own compiled process, as `npm start`, the benchmark and the fault tests run
 * it: `start()` spawns it and waits until its readiness check answers; `stop()` is SIGTERM (it
 * drains and closes its database), then SIGKILL after a while; `kill()` is a crash.
 */
export class ServiceProcess {
  child?: ChildProcess;
  /** What it printed, when started with `stdio: 'pipe'` (the last 64 kB). */
  output = '';

  constructor(readonly options: ServiceProcessOptions) {}

  get readyUrl(): string {
    return `http://127.0.0.1:${this.options.port}/health/ready`;
  }

  /** Spawns the process (again, if it ran before) and waits until it is ready. */
  async start(): Promise<ChildProcess> {
    const { name, env, nodeArgs = [], stdio = 'pipe', ipc = false } = this.options;
    const streams: StdioOptions = stdio === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'];
    if (ipc) streams.push('ipc');
    const child = spawn(process.execPath, [...nodeArgs, serviceMainFile(name)], { env: env as NodeJS.ProcessEnv, stdio: streams });
    this.child = child;
    this.output = '';
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-65_536));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await waitUntilReady(name, child, this.readyUrl, this.options.startupMs);
    return child;
  }

  /** As a deployment stops it: SIGTERM, then SIGKILL if it still runs after `forceAfterMs`. */
  stop(forceAfterMs = 10_000): Promise<void> {
    return this.child ? stopChildren([this.child], forceAfterMs) : Promise.resolve();
  }

  /** SIGKILL by default: no drain, no clean-up, as a crash or an OOM kill. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }
}

/**
 * Stops processes the way a deployment would: SIGTERM (each drains its requests and closes its
 * database), then SIGKILL for one still running after `forceAfterMs`.
 */
export function stopChildren(children: Iterable<ChildProcess>, forceAfterMs = 10_000): Promise<void> {
  return Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const force = setTimeout(() => child.kill('SIGKILL'), forceAfterMs);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  ).then(() => undefined);
}

/** Waits until a freshly started service answers its readiness check; fails if it exits first. */
export async function waitUntilReady(name: string, child: ChildProcess, readyUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.signalCode ?? `code ${child.exitCode}`}) while starting`);
    }
    if (await fetch(readyUrl).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} was not ready within ${timeoutMs / 1000} s (${readyUrl})`);
}
