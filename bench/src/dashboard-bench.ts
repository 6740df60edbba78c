import type { Env } from '@cps/service-kit';
import { autocannonRun, type AutocannonFigures } from './autocannon-run';
import { startBareApollo, startBareHop } from './bare-paths';
import { containsAll, countFetches, describePlan, DirectReplay, fetchQueryPlan } from './direct-replay';
import { profileGateway, type GatewayProfile } from './gateway-profile';
import { dataOf, JsonPoster } from './http-client';
import { closedLoop, type LoadFigures } from './latency';
import { DASHBOARD_QUERY } from './queries';
import type { BenchServices } from './services';
import { distinctTokens } from './tokens';

export interface DashboardFigures {
  memberId: number;
  items: number;
  plan: string;
  fetches: number;
  /** autocannon against the gateway: the headline figures. */
  autocannon: Record<string, AutocannonFigures>;
  /** The benchmark's own closed-loop client, same code for both paths: the overhead ratio. */
  gateway: Record<string, LoadFigures>;
  direct: Record<string, LoadFigures>;
  /** The direct replay through a bare HTTP hop (bare-hop-child.ts): a process in between that does nothing. */
  bareHop: Record<string, LoadFigures>;
  /** Apollo Server with @apollo/gateway and nothing of ours (bare-apollo-child.ts): the fixed stack's own cost. */
  bareApollo: Record<string, LoadFigures>;
  /** gateway time per dashboard ÷ direct time per dashboard (= direct req/s ÷ gateway req/s). */
  ratio: Record<string, number>;
  /** A profiled gateway under the same load, at each connection count (key: connections). */
  profiles: Record<string, GatewayProfile>;
}

export interface DashboardOptions {
  /** The services' settings (the subgraphs' gateway-proof secrets). */
  env: Env;
  memberId: number;
  token: string;
  connections: number[];
  seconds: number;
  warmupSeconds: number;
  log: (line: string) => void;
}

/** Fails unless the gateway refuses introspection, as production hardening does. */
async function expectHardened(gatewayUrl: string): Promise<void> {
  const response = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }) });
  const body = (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
  if (body.data || body.errors?.[0]?.extensions?.code !== 'GRAPHQL_VALIDATION_FAILED') {
    throw new Error('the gateway under load answers introspection: it does not run with production hardening');
  }
}

/**
 * The dashboard request through the gateway (autocannon, and the benchmark's own client), and
 * the same data fetched straight from the subgraphs by replaying the gateway's query plan.
 */
export async function dashboardBench(services: BenchServices, options: DashboardOptions): Promise<DashboardFigures> {
  const body = JSON.stringify({ query: DASHBOARD_QUERY });
  const headers = { authorization: `Bearer ${options.token}` };

  // The answer every measured response must equal.
  const sanity = await fetch(services.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const expectBody = await sanity.text();
  const expected = JSON.parse(expectBody) as { data?: { me?: { equipment: unknown[] } }; errors?: unknown[] };
  if (!sanity.ok || expected.errors || !expected.data?.me) throw new Error(`the dashboard request failed: ${expectBody.slice(0, 400)}`);

  // The gateway under load is hardened, as deployed: it refuses introspection. Its plan comes from
  // a development gateway on the same supergraph, asked before the load (a separate step).
  await expectHardened(services.gatewayUrl);
  const plan = await services.withDevelopmentGateway((url) => fetchQueryPlan(url, DASHBOARD_QUERY, options.token));
  const check = new DirectReplay(plan, services.subgraphUrls, options.token, 1, options.env);
  try {
    const direct = await check.run();
    if (!containsAll(direct, expected.data)) throw new Error('the direct replay of the query plan does not give the data the gateway gives');
  } finally {
    check.close();
  }

  // Warm both paths first (JIT, caches, connection pools): the first measured run must not pay for it.
  options.log(`  warming up the gateway and the subgraphs (${options.warmupSeconds * 3} s)`);
  const warmGateway = new JsonPoster(services.gatewayUrl, 10);
  const warmDirect = new DirectReplay(plan, services.subgraphUrls, options.token, 10, options.env);
  try {
    await closedLoop(10, 0, options.warmupSeconds * 3, () =>
      Promise.all([warmGateway.post(body, headers), warmDirect.run()]),
    );
  } finally {
    warmGateway.close();
    warmDirect.close();
  }

  const figures: DashboardFigures = {
    memberId: options.memberId,
    items: expected.data.me.equipment.length,
    plan: describePlan(plan.node),
    fetches: countFetches(plan.node),
    autocannon: {},
    gateway: {},
    direct: {},
    bareHop: {},
    bareApollo: {},
    ratio: {},
    profiles: {},
  };
  // The overhead ratio is of the gateway's own work: with a token per request (the same member)
  // its in-flight sharing has nothing to merge, as the direct path has none.
  const tokens = await distinctTokens(options.env.AUTH_SECRET!, [options.memberId], 1000);
  let next = 0;
  const nextHeaders = () => ({ authorization: `Bearer ${tokens[next++ % tokens.length]}` });
  /** The bench client against a gateway at `url`, a token per request; every answer must have the data. */
  const throughGateway = async (url: string, what: string, connections: number) => {
    const poster = new JsonPoster(url, connections);
    try {
      return await closedLoop(connections, options.seconds, options.warmupSeconds, async () => {
        dataOf(await poster.post<{ data?: unknown; errors?: unknown[] }>(body, nextHeaders()), what);
      });
    } finally {
      poster.close();
    }
  };
  /** The gateway's query plan replayed against the subgraphs at `urls` (directly, or through the bare hop), a token per request. */
  const replayAt = async (urls: BenchServices['subgraphUrls'], connections: number) => {
    const replay = new DirectReplay(plan, urls, options.token, connections, options.env);
    try {
      return await closedLoop(connections, options.seconds, options.warmupSeconds, () => replay.run(tokens[next++ % tokens.length]));
    } finally {
      replay.close();
    }
  };
  for (const connections of options.connections) {
    const key = String(connections);
    const { seconds, warmupSeconds } = options;
    options.log(`  dashboard, ${connections} connection(s): autocannon → gateway`);
    figures.autocannon[key] = await autocannonRun({ url: services.gatewayUrl, body, headers, expectBody, connections, seconds, warmupSeconds });

    options.log(`  dashboard, ${connections} connection(s): bench client → gateway (a token per request)`);
    figures.gateway[key] = await throughGateway(services.gatewayUrl, 'the dashboard', connections);

    options.log(`  dashboard, ${connections} connection(s): bench client → subgraphs directly (a token per request)`);
    figures.direct[key] = await replayAt(services.subgraphUrls, connections);
    figures.ratio[key] = figures.direct[key].requestsPerSecond / figures.gateway[key].requestsPerSecond;

    options.log(`  dashboard, ${connections} connection(s): bench client → a bare HTTP hop → subgraphs (a token per request)`);
    const hop = await startBareHop(services.subgraphUrls);
    try {
      figures.bareHop[key] = await replayAt(hop.listening as BenchServices['subgraphUrls'], connections);
    } finally {
      await hop.stop();
    }

    options.log(`  dashboard, ${connections} connection(s): bench client → Apollo Server + @apollo/gateway alone (a token per request)`);
    const apollo = await startBareApollo(options.env, services.subgraphUrls);
    const alone = 'Apollo Server with @apollo/gateway alone';
    try {
      const probe = new JsonPoster(apollo.listening, 1);
      const same = await probe.post<{ data?: unknown; errors?: unknown[] }>(body, headers).finally(() => probe.close());
      if (!containsAll(dataOf(same, alone), expected.data)) throw new Error(`${alone} does not give the data our gateway gives`);
      figures.bareApollo[key] = await throughGateway(apollo.listening, alone, connections);
    } finally {
      await apollo.stop();
    }

    options.log(`  dashboard, ${connections} connection(s): a CPU-profiled gateway (where its own time goes)`);
    figures.profiles[key] = await profileGateway(services, { body, headers: nextHeaders, connections, seconds, warmupSeconds });
  }
  return figures;
}
