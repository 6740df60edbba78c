import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JsonPoster } from './http-client';
import { closedLoop, type LoadFigures } from './latency';
import { monotonicMicros, summariseProfile, type ProfileShare } from './profile-summary';
import type { BenchServices } from './services';

export interface GatewayProfile {
  load: LoadFigures;
  /** Share of one core the gateway was busy during the load, and where that time went. */
  busyShare: number;
  owners: ProfileShare[];
  functions: ProfileShare[];
}

/**
 * Where the gateway's own time goes under the Dashboard: a second production gateway on the same
 * subgraphs, started with Node's CPU profiler, loaded like the measured one; only the samples of
 * the measured window count (start-up and warm-up left out).
 */
export async function profileGateway(
  services: BenchServices,
  options: { body: string; headers: () => Record<string, string>; connections: number; seconds: number; warmupSeconds: number },
): Promise<GatewayProfile> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-gateway-profile-'));
  try {
    let window = { fromUs: 0, toUs: 0 };
    const load = await services.withGateway(
      {},
      async (url) => {
        const poster = new JsonPoster(url, options.connections);
        const post = () => poster.post(options.body, options.headers());
        try {
          await closedLoop(options.connections, options.warmupSeconds, 0, post);
          const fromUs = monotonicMicros();
          const figures = await closedLoop(options.connections, options.seconds, 0, post);
          window = { fromUs, toUs: monotonicMicros() };
          return figures;
        } finally {
          poster.close();
        }
      },
      ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    );
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the profiled gateway wrote no CPU profile');
    return { load, ...summariseProfile(path.join(dir, file), 8, window) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
