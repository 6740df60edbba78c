import type { SubgraphName } from '@cps/service-kit';
import { JsonPoster } from './http-client';
import type { BenchServices, Counts } from './services';

export interface StatementCount {
  label: string;
  /** SQL statements and GraphQL fetches each subgraph saw for one request. */
  perSubgraph: Record<SubgraphName, Counts>;
  /** SQL statements over all subgraphs (the largest of the repetitions). */
  total: number;
  /** Fetches the gateway made to the subgraphs for the request. */
  fetches: number;
  /** The same request, repeated: the statement count of every repetition (they must agree). */
  repetitions: number[];
}

/**
 * SQL statements one gateway request causes, counted at the database drivers of the subgraph
 * processes (see statement-counter.ts) around the request, with nothing else running.
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
      const before = await services.statements();
      await once();
      const after = await services.statements();
      perSubgraph = Object.fromEntries(
        (Object.keys(after) as SubgraphName[]).map((name) => [
          name,
          { statements: after[name].statements - before[name].statements, fetches: after[name].fetches - before[name].fetches },
        ]),
      ) as Record<SubgraphName, Counts>;
      totals.push(Object.values(perSubgraph).reduce((n, c) => n + c.statements, 0));
    }
    const fetches = Object.values(perSubgraph).reduce((n, c) => n + c.fetches, 0);
    return { label, perSubgraph, total: Math.max(...totals), fetches, repetitions: totals };
  } finally {
    gateway.close();
  }
}
