import { createHash } from 'node:crypto';
import { createMembersDataSource } from '@cps/members';
import { buildDataSource, readDatabaseConfig, SUBGRAPH_NAMES, type SubgraphName } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll } from 'vitest';
import {
  DASHBOARD_QUERY,
  dropStackDatabases,
  freePort,
  startStack,
  postGraphQL,
  type DatabaseKind,
  type GraphQLResponse,
  type Stack,
  type StackOptions,
} from '@cps/testing';

export { DASHBOARD_QUERY, dropStackDatabases, freePort, postGraphQL, startStack, type DatabaseKind, type GraphQLResponse, type Stack };

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
export function openStackDatabase(stack: Stack, name: SubgraphName): Promise<DataSource> {
  const database = readDatabaseConfig(stack.env, name);
  // Members' entities let tests use its repositories; the others are read with plain SQL.
  const dataSource = name === 'members' ? createMembersDataSource(database) : buildDataSource({ database, entities: [], migrations: [] });
  return dataSource.initialize();
}

export interface TableState {
  count: number;
  checksum: string;
}

const canonical = (value: unknown): unknown => {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (typeof value === 'bigint') return value.toString();
  return value;
};

/** Row count and a checksum of the rows of every table of the subgraphs' databases. */
export async function databaseState(stack: Stack, names: readonly SubgraphName[] = SUBGRAPH_NAMES): Promise<Record<string, TableState>> {
  const state: Record<string, TableState> = {};
  for (const name of names) {
    const ds = await openStackDatabase(stack, name);
    try {
      const tables: Array<{ name: string }> =
        ds.options.type === 'mysql'
          ? await ds.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()')
          : await ds.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
      for (const { name: table } of tables) {
        // Every request leaves its gateway-proof nonce: bookkeeping of the transport, not data.
        if (table === 'used_proof_nonce') continue;
        const rows: Record<string, unknown>[] = await ds.query(`SELECT * FROM \`${table}\``);
        const lines = rows
          .map((row) => JSON.stringify(Object.keys(row).sort().map((k) => [k, canonical(row[k])])))
          .sort();
        state[`${name}.${table}`] = { count: rows.length, checksum: createHash('sha256').update(lines.join('\n')).digest('hex') };
      }
    } finally {
      await ds.destroy();
    }
  }
  return state;
}

/** Row counts of every table of the members database: "nothing stored" means these are unchanged. */
export async function memberTableCounts(stack: Stack): Promise<Record<string, number>> {
  const state = await databaseState(stack, ['members']);
  return Object.fromEntries(Object.entries(state).map(([table, { count }]) => [table, count]));
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
