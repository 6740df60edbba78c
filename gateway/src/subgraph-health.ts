import type { Readiness } from '@cps/service-kit';
import { PolicyAgreement, type PolicyAgreementSettings } from './policy-agreement';

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
export async function subgraphsReadiness(urls: Record<string, string>, timeoutMs = 2000, agreement?: PolicyAgreement): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]): Promise<[string, SubgraphHealth]> => {
      const healthUrl = new URL('/health/ready', url).toString();
      try {
        const response = await fetch(healthUrl, { signal: AbortSignal.timeout(timeoutMs) });
        const detail = await response.json().catch(() => undefined);
        const { instance, policy } = (detail ?? {}) as { instance?: string; policy?: { version?: string } };
        if (agreement && instance && policy?.version) agreement.record(name, instance, policy.version);
        return [name, { url, ready: response.ok, detail }];
      } catch (error) {
        return [name, { url, ready: false, error: (error as Error).message }];
      }
    }),
  );
  const subgraphs = Object.fromEntries(entries);
  const policies = agreement?.report() ?? {};
  const disagreeing = Object.values(policies).some((p) => p.degraded);
  return { ready: true, degraded: disagreeing || entries.some(([, health]) => !health.ready), subgraphs, ...(agreement ? { policies } : {}) };
}

/**
 * The gateway asks every subgraph for its health now and then, not only when asked itself: behind
 * a balancer each poll reaches the next instance, so it learns which policy each one serves.
 */
export function watchSubgraphs(urls: Record<string, string>, settings: PolicyAgreementSettings) {
  const agreement = new PolicyAgreement(settings.toleranceMs, Math.max(10 * settings.pollMs, 3 * settings.toleranceMs));
  const timer = setInterval(() => void subgraphsReadiness(urls, 2000, agreement), settings.pollMs);
  timer.unref();
  return {
    readiness: () => subgraphsReadiness(urls, 2000, agreement),
    stop: () => clearInterval(timer),
  };
}
