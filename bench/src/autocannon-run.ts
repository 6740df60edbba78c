import autocannon from 'autocannon';
import { loadFigures, type LoadFigures } from './latency';

export interface AutocannonFigures extends LoadFigures {
  /** Responses whose body differed from the expected dashboard (a wrong answer counts as an error). */
  mismatches: number;
  non2xx: number;
}

/**
 * One autocannon run against the gateway: a short unmeasured warm-up, then `seconds` measured.
 * Every response must be 2xx and byte-for-byte the expected body; percentiles are computed from
 * every response time autocannon reports (it gives no p95 of its own).
 */
export async function autocannonRun(options: {
  url: string;
  body: string;
  headers: Record<string, string>;
  expectBody: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
}): Promise<AutocannonFigures> {
  const run = (seconds: number, record: boolean) =>
    new Promise<{ result: autocannon.Result; latencies: number[] }>((resolve, reject) => {
      const latencies: number[] = [];
      const instance = autocannon(
        {
          url: options.url,
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: options.body,
          connections: options.connections,
          duration: seconds,
          expectBody: options.expectBody,
          timeout: 10,
        },
        (error, result) => (error ? reject(error) : resolve({ result, latencies })),
      );
      if (record) instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
    });
  if (options.warmupSeconds > 0) await run(options.warmupSeconds, false);
  const { result, latencies } = await run(options.seconds, true);
  const errors = result.errors + result.timeouts + result.mismatches + result.non2xx;
  return {
    ...loadFigures(latencies, options.connections, result.duration, errors),
    mismatches: result.mismatches,
    non2xx: result.non2xx,
  };
}
