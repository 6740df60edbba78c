import { afterAll, beforeAll } from 'vitest';
import { DASHBOARD_QUERY, freePort, startStack, postGraphQL, type DatabaseKind, type GraphQLResponse, type Stack, type StackOptions } from '@cps/gateway/stack';

export { DASHBOARD_QUERY, freePort, postGraphQL, startStack, type DatabaseKind, type GraphQLResponse, type Stack };

/**
 * The databases the storage and gateway tests run on: always SQLite, and MySQL/MariaDB when
 * MYSQL_URL is set. CI must set it: there a missing MariaDB is a failure, not a skip.
 */
export function databaseKinds(): DatabaseKind[] {
  if (process.env.MYSQL_URL) return ['sqlite', 'mysql'];
  if (process.env.CI) throw new Error('MYSQL_URL is not set: CI runs every storage test on MariaDB too');
  return ['sqlite'];
}

/** The error codes of a response, for compact assertions. */
export const errorCodes = (response: GraphQLResponse) => (response.errors ?? []).map((e) => e.extensions?.code);

/** A direct connection to one subgraph's database of a running stack, to check what was stored. */
export async function openStackDatabase(stack: Stack, name: 'members' | 'catalogue' | 'regions') {
  const { readServiceConfig, buildDataSource } = await import('@cps/service-kit');
  const { createMembersDataSource } = await import('@cps/members');
  const config = readServiceConfig(name, stack.env);
  if (name !== 'members') return buildDataSource({ database: config.database, entities: [], migrations: [] }).initialize();
  return createMembersDataSource(config.database).initialize();
}

/** Row counts of every table of the members database: "nothing stored" means these are unchanged. */
export async function memberTableCounts(stack: Stack): Promise<Record<string, number>> {
  const db = await openStackDatabase(stack, 'members');
  try {
    const counts: Record<string, number> = {};
    for (const table of ['member', 'equipment', 'tier_change', 'outbox_email', 'recalculation_run']) {
      const [row] = await db.query(`SELECT COUNT(*) AS n FROM ${table}`);
      counts[table] = Number(row.n);
    }
    return counts;
  } finally {
    await db.destroy();
  }
}

/**
 * The stack a describe block's tests talk to: started before them, closed after them. Returns a
 * stand-in that forwards to the running stack, so tests read `stack.query(...)`.
 */
export function stackFor(options: StackOptions): Stack {
  let started: Stack | undefined;
  beforeAll(async () => {
    started = await startStack(options);
  });
  afterAll(() => started?.close());
  return new Proxy({} as Stack, {
    get: (_, key) => {
      if (!started) throw new Error('the stack is used before it started (use it inside a test)');
      return started[key as keyof Stack];
    },
  });
}
