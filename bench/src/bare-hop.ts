import { fork } from 'node:child_process';
import path from 'node:path';

export interface BareHop {
  /** The subgraphs' URLs through the hop, to hand to the direct replay. */
  urls: Record<string, string>;
  stop(): void;
}

/**
 * Starts the bare HTTP hop (bare-hop-child.ts) in its own process in front of the subgraphs, as a
 * gateway process stands: the direct replay through it measures what any Node gateway pays before
 * it does any work of its own.
 */
export async function startBareHop(subgraphUrls: Record<string, string>): Promise<BareHop> {
  const child = fork(path.join(__dirname, 'bare-hop-child.js'), [JSON.stringify(subgraphUrls)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ports = await new Promise<Record<string, number>>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Record<string, number>));
    child.once('exit', (code) => reject(new Error(`the bare HTTP hop exited (code ${code}) before it listened`)));
  });
  return {
    urls: Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, `http://127.0.0.1:${port}/graphql`])),
    stop: () => void child.kill(),
  };
}
