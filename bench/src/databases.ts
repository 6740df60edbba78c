import fs from 'node:fs';
import { createServer as createCatalogue } from '@cps/catalogue';
import { createMembersDataSource } from '@cps/members';
import { createServer as createRegions } from '@cps/regions';
import {
  buildDataSource,
  openDatabase,
  readDatabaseConfig,
  readServiceConfig,
  type DatabaseConfig,
  type Env,
  type SubgraphName,
} from '@cps/service-kit';
import { defaultRulesDir, loadPolicy } from '@cps/policy';
import { DataSource } from 'typeorm';
import type { CatalogueProduct } from './population';

/**
 * The three subgraphs' databases as the services would open them from `env` (DB, DATA_DIR,
 * MYSQL_URL, DB_NAME_PREFIX, ...): the seeder and the benchmark use the services' own settings,
 * data sources and migrations, never a schema of their own.
 */
export const databaseOf = (env: Env, service: SubgraphName): DatabaseConfig => readDatabaseConfig(env, service);

/** Deletes the three databases (SQLite files, or MySQL databases) so a seed starts from nothing. */
export async function dropDatabases(env: Env): Promise<void> {
  for (const service of ['members', 'catalogue', 'regions'] as SubgraphName[]) {
    const database = databaseOf(env, service);
    if (database.type === 'sqlite') {
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(database.file + suffix, { force: true });
    } else {
      await withMysqlServer(database.url, (server) => server.query(`DROP DATABASE IF EXISTS \`${database.database}\``));
    }
  }
}

export async function withMysqlServer<T>(mysqlUrl: string, work: (server: DataSource) => Promise<T>): Promise<T> {
  const url = new URL(mysqlUrl);
  const server = new DataSource({
    type: 'mysql',
    host: url.hostname,
    port: Number(url.port || 3306),
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  await server.initialize();
  try {
    return await work(server);
  } finally {
    await server.destroy();
  }
}

/**
 * Migrates and seeds the catalogue and regions databases the way the services do on a first
 * start: by starting each service once (on a free port) and stopping it.
 */
export async function prepareReferenceData(env: Env): Promise<void> {
  const quiet = { LOG_LEVEL: 'warn', ...env, CATALOGUE_PORT: '0', REGIONS_PORT: '0' };
  const catalogue = await createCatalogue(readServiceConfig('catalogue', quiet));
  try {
    // Regions checks the policy's product models with the catalogue at start: let it find this one.
    const regions = await createRegions(readServiceConfig('regions', quiet), { ...quiet, CATALOGUE_URL: catalogue.url });
    await regions.close();
  } finally {
    await catalogue.close();
  }
}

/** Runs `work` on a plain connection to one subgraph's database (no entities: reading only). */
async function withDatabase<T>(env: Env, service: SubgraphName, work: (ds: DataSource) => Promise<T>): Promise<T> {
  const dataSource = buildDataSource({ database: databaseOf(env, service), entities: [], migrations: [] });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** The products as the catalogue stores them (ids are what members' equipment refers to). */
export const readCatalogue = (env: Env): Promise<CatalogueProduct[]> =>
  withDatabase(env, 'catalogue', async (ds) => {
    const rows: Array<{ id: number; model: string; kind: string; serial_pattern: string }> = await ds.query(
      'SELECT id, model, kind, serial_pattern FROM product ORDER BY id',
    );
    return rows.map((r) => ({ id: Number(r.id), model: r.model, kind: r.kind, serialPattern: r.serial_pattern }));
  });

/** Authorised dealers per country, by name, from the country files the services serve them from. */
export async function readDealers(env: Env): Promise<Map<string, string[]>> {
  const policy = await loadPolicy(defaultRulesDir(env));
  return new Map(policy.countries().map((country) => [country.code, country.dealers.map((d) => d.name)]));
}

/** The members database, migrated by the members subgraph's own migrations. */
export async function openMembersDatabase(env: Env): Promise<DataSource> {
  const database = databaseOf(env, 'members');
  return openDatabase(createMembersDataSource(database), database);
}
