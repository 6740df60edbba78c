import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, stopChildren, waitUntilReady, type Env } from '@cps/service-kit';
import { freePort } from '@cps/testing';
import { EGRESS_GUARD } from './bare-paths';

export type PeerPlanner = 'rust' | 'js';

export interface PeerGateway {
  url: string;
  pid: number;
  /** Connections and look-ups it tried to anything but loopback (each was blocked). */
  egress(): string[];
  stop(): Promise<void>;
}

/**
 * Hive Gateway (bench/src/peer-gateway.ts) as its own process on a free port of 127.0.0.1, on the
 * same subgraphs and secrets as our gateway (`env` is our services' environment).
 */
export async function startPeerGateway(env: Env, subgraphUrls: Record<string, string>, planner: PeerPlanner): Promise<PeerGateway> {
  const port = await freePort();
  const egressLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cps-peer-egress-')), 'attempts.jsonl');
  const urls = Object.fromEntries(Object.entries(subgraphUrls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url]));
  const child = spawn(process.execPath, ['-r', EGRESS_GUARD, path.join(__dirname, 'peer-gateway.js')], {
    env: {
      ...(env as NodeJS.ProcessEnv),
      ...urls,
      PEER_PORT: String(port),
      PEER_PLANNER: planner,
      SUPERGRAPH_FILE: path.join(repoRoot(), 'schema', 'supergraph.graphql'),
      CPS_EGRESS_LOG: egressLog,
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  try {
    await waitUntilReady(`Hive Gateway (${planner})`, child, `http://127.0.0.1:${port}/readiness`, 60_000);
  } catch (error) {
    await stopChildren([child]);
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    pid: child.pid!,
    egress: () =>
      fs.existsSync(egressLog) ? fs.readFileSync(egressLog, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line).target as string) : [],
    stop: async () => {
      await stopChildren([child]);
      fs.rmSync(path.dirname(egressLog), { recursive: true, force: true });
    },
  };
}
