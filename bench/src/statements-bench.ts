import type { SubgraphName } from '@cps/service-kit';
import { JsonPoster } from './http-client';
import type { BenchServices, Counts } from './services';

export interface StatementCount {
  label: string;
  /** SQL statements and GraphQL fetches each subgraph saw for one request. */
  perSubgraph: Record<SubgraphName, Counts>;
  /**
   * SQL statements over all subgraphs: the fewest of the repetitions, as work from outside the
   * request (a poll every few seconds) can only add to a window, never take away.
   */
  total: number;
  /** Fetches the gateway made to the subgraphs for the request. */
  fetches: number;
  /** The same request, repeated: the statement count of every repetition (they must agree). */
  repetitions: number[];
}

const total = (counts: Record<SubgraphName, Counts>) => Object.values(counts).reduce((n, c) => n + c.statements, 0);

/**
 * Waits until no subgraph has run a statement for `quietMs`, so background work (the readiness
 * check the gateway asks of every subgraph each second, the outbox and yearly-run polls, the
 * held-tier sweep after a start) does not fall into a request's window: right after a readiness
 * check there are most of a second for one request. Gives up after `maxMs`.
 */
async function quiet(services: BenchServices, quietMs = 300, maxMs = 60_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = total(await services.statements());
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = total(await services.statements());
    if (now !== last) [last, since] = [now, Date.now()];
  }
}

/**
 * SQL statements one gateway request causes, counted at the database drivers of the subgraph
 * processes (see statement-counter.ts) around the request, each repetition once the subgraphs
 * have been quiet for a moment.
 */
export async function countStatements(
  services: BenchServices,
  label: string,
  query: string,
  token: string,
  check: (data: any) => void,
  repetitions = 3,
): Promise<StatementCount> {
  const gateway = new JsonPoster(services.gatewayUrl, 1);
  const body = JSON.stringify({ query });
  const headers = { authorization: `Bearer ${token}` };
  try {
    const once = async () => {
      const answer = await gateway.post<{ data?: any; errors?: unknown[] }>(body, headers);
      if (answer.errors?.length) throw new Error(`${label}: ${JSON.stringify(answer.errors).slice(0, 300)}`);
      check(answer.data);
    };
    await once(); // warm: first-request work (schema caches, prepared statements) is not the steady state
    const totals: number[] = [];
    let perSubgraph = {} as Record<SubgraphName, Counts>;
    for (let i = 0; i < repetitions; i++) {
      await quiet(services);
      const before = await services.statements();
      await once();
      const after = await services.statements();
      perSubgraph = Object.fromEntries(
        (Object.keys(after) as SubgraphName[]).map((name) => [
          name,
          { statements: after[name].statements - before[name].statements, fetches: after[name].fetches - before[name].fetches },
        ]),
      ) as Record<SubgraphName, Counts>;
      totals.push(total(perSubgraph));
    }
    const fetches = Object.values(perSubgraph).reduce((n, c) => n + c.fetches, 0);
    return { label, perSubgraph, total: Math.min(...totals), fetches, repetitions: totals };
  } finally {
    gateway.close();
  }
}
