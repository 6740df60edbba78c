import { fork } from 'node:child_process';
import path from 'node:path';
import { repoRoot, type Env } from '@cps/service-kit';

/** Preloaded into the benchmark's own gateways (the peer's too): look-ups and connections stay on loopback (see test/egress/). */
export const EGRESS_GUARD = path.join(repoRoot(), 'test', 'egress', 'no-egress.cjs');

/** A process the benchmark started beside the services, and how to stop it. */
export interface BenchChild<T> {
  listening: T;
  stop(): Promise<void>;
}

/** Forks a bench script that sends one message once it listens. */
async function forkListening<T>(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<BenchChild<T>> {
  const child = fork(path.join(__dirname, script), args, { env, execArgv: ['-r', EGRESS_GUARD], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = await new Promise<T>((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited (code ${code}) before it listened`)));
  });
  return {
    listening,
    stop: async () => {
      child.kill();
      await exited;
    },
  };
}

/**
 * The bare HTTP hop (bare-hop-child.ts) in its own process in front of the subgraphs, as a gateway
 * process stands; `listening` are the subgraphs' URLs through it, for the direct replay.
 */
export async function startBareHop(subgraphUrls: Record<string, string>): Promise<BenchChild<Record<string, string>>> {
  const hop = await forkListening<Record<string, number>>('bare-hop-child.js', [JSON.stringify(subgraphUrls)]);
  return { ...hop, listening: Object.fromEntries(Object.entries(hop.listening).map(([name, port]) => [name, `http://127.0.0.1:${port}/graphql`])) };
}

/** Apollo Server with @apollo/gateway and nothing of ours (bare-apollo-child.ts) on the same subgraphs; `listening` is its URL. */
export function startBareApollo(env: Env, subgraphUrls: Record<string, string>): Promise<BenchChild<string>> {
  const settings = { ...env, SUPERGRAPH_FILE: path.join(repoRoot(), 'schema', 'supergraph.graphql') };
  return forkListening<string>('bare-apollo-child.js', [JSON.stringify(settings), JSON.stringify(subgraphUrls)], { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true', NODE_ENV: 'production' });
}
