/**
 * One harness for tests and benchmarks: the three subgraphs and the gateway in this process, on
 * free ports and fresh databases of their own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServer as createCatalogue } from '@cps/catalogue';
import { createServer as createMembers } from '@cps/members';
import { createServer as createRegions } from '@cps/regions';
import { composeSupergraph } from '@cps/schema';
import { createGatewayServer, readGatewayConfig } from '@cps/gateway';
import {
  DEV_AUTH_SECRET,
  mysqlConnection,
  pinClock,
  readServiceConfig,
  signToken,
  type Env,
  type Role,
  type RunningService,
  type SubgraphName,
} from '@cps/service-kit';
import { DataSource } from 'typeorm';
import { freePort } from './free-port';

export type DatabaseKind = 'sqlite' | 'mysql';

/** The dashboard request of CONTRACT.md ("The dashboard request"), word for word. */
export const DASHBOARD_QUERY = /* GraphQL */ `query Dashboard {
  me {
    number name
    country { code name maxTier }
    tier qualifyingTier videoMember
    benefits { code name }
    nextTier { tier missingBodies missingLenses }
    card { status requestedAt sentAt }
    equipment {
      id serialNumber purchaseDate dealer estimated parallelImport status countsTowardsTier
      product { model kind tierCap supported }
    }
  }
}`;

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
  /** The response's headers (e.g. Content-Language). */
  headers?: Headers;
}

export interface Stack {
  db: DatabaseKind;
  gatewayUrl: string;
  subgraphs: Record<SubgraphName, RunningService>;
  gateway: RunningService;
  env: Env;
  /** Where its data is, to start the same data again (`reuse`). */
  data: StackData;
  /** POST a GraphQL request to the gateway, as a frontend would. */
  query<T = any>(query: string, options?: { variables?: object; token?: string; headers?: Record<string, string> }): Promise<GraphQLResponse<T>>;
  token(claims: { member?: number | string; role?: Role }): Promise<string>;
  close(): Promise<void>;
}

export interface StackOptions {
  db: DatabaseKind;
  rulesDir?: string;
  /** Server URL for DB=mysql (each stack makes its own databases on it and drops them at close). */
  mysqlUrl?: string;
  /** More settings for every service, e.g. SMTP_URL or CPS_CLOCK. */
  env?: Env;
  /**
   * The databases of an earlier stack (its `data`), to start the same data again (e.g. on a later
   * clock); such a stack leaves its databases in place when it closes.
   */
  reuse?: StackData;
}

/** Where a stack keeps its data: the SQLite folder and the MySQL database prefix. */
export interface StackData {
  dir: string;
  prefix: string;
}

const creators: Record<SubgraphName, (config: ReturnType<typeof readServiceConfig>, env: Env) => Promise<RunningService>> = {
  members: createMembers,
  catalogue: createCatalogue,
  regions: createRegions,
};

/** Starts the three subgraphs and the gateway on free ports, on fresh databases of their own. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const dataDir = options.reuse?.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cps-test-'));
  const prefix = options.reuse?.prefix ?? `cps_t${randomBytes(4).toString('hex')}_`;
  const keep = Boolean(options.reuse);
  const env: Env = pinClock({
    DB: options.db,
    DATA_DIR: dataDir,
    MYSQL_URL: options.mysqlUrl ?? process.env.MYSQL_URL,
    DB_NAME_PREFIX: prefix,
    AUTH_SECRET: DEV_AUTH_SECRET,
    RULES_DIR: options.rulesDir,
    // Free ports chosen up front: the subgraphs ask each other (members the catalogue; the
    // catalogue and regions members, before they accept a policy), so each knows the others' URLs.
    MEMBERS_PORT: String(await freePort()),
    CATALOGUE_PORT: String(await freePort()),
    REGIONS_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    // Tests sign up many members without a token from 127.0.0.1; the limit's own test sets it low.
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
    // Tests change the policy and read public lists at once; the cache's own test turns it on.
    PUBLIC_CACHE_ENTRIES: '0',
    ...options.env,
  });
  const subgraphs = {} as Record<SubgraphName, RunningService>;
  const started: RunningService[] = [];
  try {
    // The catalogue first: members and regions check the policy's models against it at start.
    for (const name of ['catalogue', 'regions', 'members'] as SubgraphName[]) {
      subgraphs[name] = await creators[name](readServiceConfig(name, env), env);
      started.push(subgraphs[name]);
    }
    const supergraphFile = path.join(dataDir, 'supergraph.graphql');
    fs.writeFileSync(supergraphFile, (await composeSupergraph()).supergraph);
    const gateway = await createGatewayServer(
      readGatewayConfig({
        ...env,
        GATEWAY_PORT: '0',
        SUPERGRAPH_FILE: supergraphFile,
        MEMBERS_URL: subgraphs.members.url,
        CATALOGUE_URL: subgraphs.catalogue.url,
        REGIONS_URL: subgraphs.regions.url,
      }),
    );
    started.push(gateway);
    const stack: Stack = {
      db: options.db,
      gatewayUrl: gateway.url,
      subgraphs,
      gateway,
      env,
      data: { dir: dataDir, prefix },
      query: (query, { variables, token, headers } = {}) => postGraphQL(gateway.url, query, variables, token, headers),
      token: ({ member, role }) =>
        signToken(env.AUTH_SECRET ?? DEV_AUTH_SECRET, { sub: member === undefined ? undefined : String(member), roles: role ? [role] : ['member'] }),
      close: async () => {
        await Promise.allSettled(started.reverse().map((s) => s.close()));
        if (keep) return;
        fs.rmSync(dataDir, { recursive: true, force: true });
        if (options.db === 'mysql') await dropStackDatabases(env.MYSQL_URL!, prefix);
      },
    };
    return stack;
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.close()));
    if (!keep) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (options.db === 'mysql') await dropStackDatabases(env.MYSQL_URL!, prefix).catch(() => undefined);
    }
    throw error;
  }
}

export async function postGraphQL<T = any>(
  url: string,
  query: string,
  variables?: object,
  token?: string,
  extraHeaders: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extraHeaders };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as GraphQLResponse<T>;
  // Not enumerable: tests that compare whole responses compare what GraphQL answered.
  return Object.defineProperty({ status: response.status, data: body.data, errors: body.errors }, 'headers', { value: response.headers, enumerable: false });
}

/** Drops every database whose name starts with `prefix` (a stack's own, on MySQL). */
export async function dropStackDatabases(mysqlUrl: string, prefix: string): Promise<void> {
  const server = new DataSource(mysqlConnection(mysqlUrl));
  await server.initialize();
  try {
    const rows: Array<Record<string, string>> = await server.query('SHOW DATABASES');
    for (const name of rows.map((r) => Object.values(r)[0]).filter((n) => n.startsWith(prefix))) {
      await server.query(`DROP DATABASE \`${name}\``);
    }
  } finally {
    await server.destroy();
  }
}
