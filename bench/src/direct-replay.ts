import { GATEWAY_PROOF_HEADER, readGatewaySecret, signProof, type Env, type SubgraphName } from '@cps/service-kit';
import { JsonPoster } from './http-client';

/**
 * "Direct": the same data fetched straight from the subgraphs, by replaying the gateway's own
 * query plan (asked from the gateway with Apollo's `Apollo-Query-Plan-Experimental` header, so the
 * operations are byte for byte the ones the gateway sends): the same fetches, in the same order
 * and parallelism, with representations built from earlier answers the way the gateway builds
 * them, and signed with each subgraph's gateway proof as the gateway signs them (subgraphs refuse
 * requests without one). What is left out is exactly the gateway: its HTTP hop, token check,
 * planning cache, merging and response shaping.
 */

interface Selection {
  kind: 'Field' | 'InlineFragment';
  name?: string;
  typeCondition?: string;
  selections?: Selection[];
}

export type PlanNode =
  | { kind: 'Sequence' | 'Parallel'; nodes: PlanNode[] }
  | { kind: 'Flatten'; path: string[]; node: PlanNode }
  | { kind: 'Fetch'; serviceName: string; operation: string; operationName?: string; requires?: Selection[]; variableUsages?: string[] };

export interface QueryPlan {
  kind: 'QueryPlan';
  node?: PlanNode;
}

type Json = Record<string, any>;

/** Asks the gateway (outside production) for the plan it makes for `query`. */
export async function fetchQueryPlan(gatewayUrl: string, query: string, token: string): Promise<QueryPlan> {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'apollo-query-plan-experimental': '1',
      'apollo-query-plan-experimental-format': 'internal',
    },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { extensions?: { __queryPlanExperimental?: QueryPlan } };
  const plan = body.extensions?.__queryPlanExperimental;
  if (!plan || typeof plan !== 'object' || !plan.node) {
    throw new Error('the gateway did not show its query plan (is NODE_ENV=production?)');
  }
  return plan;
}

/** The fetches of a plan, for the report: "members, then catalogue ‖ regions". */
export function describePlan(node: PlanNode | undefined): string {
  if (!node) return '(empty)';
  switch (node.kind) {
    case 'Fetch':
      return node.serviceName;
    case 'Flatten':
      return describePlan(node.node);
    case 'Sequence':
      return node.nodes.map(describePlan).join(', then ');
    case 'Parallel':
      return `(${node.nodes.map(describePlan).join(' ‖ ')})`;
  }
}

export function countFetches(node: PlanNode | undefined): number {
  if (!node) return 0;
  if (node.kind === 'Fetch') return 1;
  if (node.kind === 'Flatten') return countFetches(node.node);
  return node.nodes.reduce((n, child) => n + countFetches(child), 0);
}

function flatten(value: unknown, path: string[]): unknown[] {
  if (value === null || value === undefined) return [];
  if (path.length === 0) return Array.isArray(value) ? value.filter((v) => v != null) : [value];
  const [head, ...rest] = path;
  if (head === '@') return Array.isArray(value) ? value.flatMap((v) => flatten(v, rest)) : [];
  return flatten((value as Json)[head], rest);
}

/** The representation of an entity: the `requires` selection of it (`__typename` and key). */
function select(entity: Json, selections: Selection[], into: Json = {}): Json {
  for (const s of selections) {
    if (s.kind === 'InlineFragment') {
      if (!s.typeCondition || entity.__typename === s.typeCondition) select(entity, s.selections ?? [], into);
    } else if (s.name! in entity) {
      const value = entity[s.name!];
      into[s.name!] = s.selections && value && typeof value === 'object' ? select(value, s.selections) : value;
    }
  }
  return into;
}

function merge(target: Json, source: Json | null | undefined): void {
  if (!source) return;
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (Array.isArray(value) && Array.isArray(existing)) value.forEach((v, i) => (existing[i] && typeof v === 'object' ? merge(existing[i], v) : (existing[i] = v)));
    else if (value && typeof value === 'object' && existing && typeof existing === 'object') merge(existing, value);
    else target[key] = value;
  }
}

export class DirectReplay {
  private readonly posters = new Map<string, JsonPoster>();
  private readonly secrets = new Map<string, string>();

  /** `env`: the services' settings, for the subgraphs' gateway-proof secrets. */
  constructor(
    private readonly plan: QueryPlan,
    subgraphUrls: Record<SubgraphName, string>,
    private readonly token: string,
    connections: number,
    env: Env,
  ) {
    for (const [name, url] of Object.entries(subgraphUrls)) {
      this.posters.set(name, new JsonPoster(url, connections));
      this.secrets.set(name, readGatewaySecret(env, name as SubgraphName));
    }
  }

  /** One "dashboard" fetched straight from the subgraphs (as `token`'s caller); resolves with the merged data. */
  async run(token = this.token): Promise<Json> {
    const data: Json = {};
    await this.execute(this.plan.node!, [data], token);
    return data;
  }

  close(): void {
    for (const poster of this.posters.values()) poster.close();
  }

  private async execute(node: PlanNode, entities: unknown[], token: string): Promise<void> {
    switch (node.kind) {
      case 'Sequence':
        for (const child of node.nodes) await this.execute(child, entities, token);
        return;
      case 'Parallel':
        await Promise.all(node.nodes.map((child) => this.execute(child, entities, token)));
        return;
      case 'Flatten':
        return this.execute(node.node, entities.flatMap((e) => flatten(e, node.path)), token);
      case 'Fetch':
        return this.fetch(node, entities as Json[], token);
    }
  }

  private async fetch(node: Extract<PlanNode, { kind: 'Fetch' }>, entities: Json[], token: string): Promise<void> {
    if (entities.length === 0) return;
    const poster = this.posters.get(node.serviceName);
    if (!poster) throw new Error(`the plan asks "${node.serviceName}", which the benchmark did not start`);
    const send = async (variables: Json) => {
      const body = JSON.stringify({ query: node.operation, variables, operationName: node.operationName });
      const authorization = `Bearer ${token}`;
      const proof = signProof(this.secrets.get(node.serviceName)!, body, authorization);
      const answer = await poster.post<{ data?: Json; errors?: unknown[] }>(body, { authorization, [GATEWAY_PROOF_HEADER]: proof });
      if (answer.errors?.length) throw new Error(`${node.serviceName}: ${JSON.stringify(answer.errors).slice(0, 300)}`);
      return answer.data!;
    };
    if (!node.requires) {
      const data = await send({});
      for (const entity of entities) merge(entity, data);
      return;
    }
    const targets: Json[] = [];
    const representations: Json[] = [];
    for (const entity of entities) {
      const representation = select(entity, node.requires);
      if (representation.__typename) {
        representations.push(representation);
        targets.push(entity);
      }
    }
    if (representations.length === 0) return;
    const { _entities: received } = await send({ representations });
    if (!Array.isArray(received) || received.length !== representations.length) {
      throw new Error(`${node.serviceName}: expected ${representations.length} entities`);
    }
    received.forEach((entity: Json, i: number) => merge(targets[i], entity));
  }
}

/** True when every field of `expected` is in `actual` with the same value (extra fields allowed). */
export function containsAll(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (actual === null || typeof actual !== 'object') return false;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => containsAll(actual[i], e));
  }
  return Object.entries(expected).every(([k, v]) => containsAll((actual as Json)[k], v));
}
