import type { Readiness } from '@cps/service-kit';

export interface SubgraphHealth {
  url: string;
  ready: boolean;
  detail?: unknown;
  error?: string;
}

/**
 * The gateway is ready once it serves (supergraph loaded, listening): a subgraph that is down
 * costs only the fields it provides, so a supervisor must not take the gateway out for it. The
 * state of each subgraph is detail, and `degraded` says that one of them is not ready.
 */
export async function subgraphsReadiness(urls: Record<string, string>, timeoutMs = 2000): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]): Promise<[string, SubgraphHealth]> => {
      const healthUrl = new URL('/health/ready', url).toString();
      try {
        const response = await fetch(healthUrl, { signal: AbortSignal.timeout(timeoutMs) });
        const detail = await response.json().catch(() => undefined);
        return [name, { url, ready: response.ok, detail }];
      } catch (error) {
        return [name, { url, ready: false, error: (error as Error).message }];
      }
    }),
  );
  const subgraphs = Object.fromEntries(entries);
  return { ready: true, degraded: entries.some(([, health]) => !health.ready), subgraphs };
}
