import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';
import type { DatabaseConfig } from './config';
import { CreateUsedProofNonces1769000000000, UsedProofNonce } from './used-nonces';

export interface DataSourceSpec {
  database: DatabaseConfig;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
}

/** Connection options of a mysql://user:password@host:port URL (the server, no database). */
export function mysqlConnection(url: string) {
  const parsed = new URL(url);
  return {
    type: 'mysql' as const,
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

/**
 * The one way a subgraph gets its TypeORM DataSource: its own SQLite file or its own MySQL
 * database, schema made by migrations (never `synchronize`).
 */
export function buildDataSource(spec: DataSourceSpec): DataSource {
  // Every subgraph also keeps the gateway-proof nonces it accepted (see used-nonces.ts).
  const entities: Function[] = [...(spec.entities as Function[]), UsedProofNonce];
  const migrations: Function[] = [...(spec.migrations as Function[]), CreateUsedProofNonces1769000000000];
  const common = {
    entities,
    migrations,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  } as const;
  if (spec.database.type === 'sqlite') {
    const options: DataSourceOptions = {
      ...common,
      type: 'better-sqlite3',
      database: spec.database.file,
      // WAL lets readers go on while a writer commits; foreign keys are off by default in SQLite.
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
        db.pragma('busy_timeout = 5000');
      },
    };
    return new DataSource(options);
  }
  return new DataSource({
    ...common,
    ...mysqlConnection(spec.database.url),
    database: spec.database.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    poolSize: spec.database.pool?.size ?? 10,
    connectTimeout: spec.database.pool?.connectTimeoutMs ?? 10_000,
    extra: { connectionLimit: spec.database.pool?.size ?? 10 },
  });
}

/** Creates the SQLite folder or the MySQL database when missing, so a first start needs no DBA. */
export async function ensureDatabaseExists(database: DatabaseConfig): Promise<void> {
  if (database.type === 'sqlite') {
    fs.mkdirSync(path.dirname(database.file), { recursive: true });
    return;
  }
  const server = await new DataSource(mysqlConnection(database.url)).initialize();
  try {
    await server.query(
      `CREATE DATABASE IF NOT EXISTS \`${database.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await server.destroy();
  }
}

/**
 * Opens the database and brings its schema up to date. On MySQL, instances that start together
 * take turns: the first makes the schema under a named lock of the database server (MySQL's DDL
 * is not transactional, and TypeORM's migrations have no lock of their own); the others wait for
 * it, then find nothing left to run.
 */
export async function openDatabase(dataSource: DataSource, database: DatabaseConfig): Promise<DataSource> {
  await ensureDatabaseExists(database);
  await dataSource.initialize();
  if (database.type === 'sqlite') {
    await dataSource.runMigrations({ transaction: 'each' });
    return dataSource;
  }
  await withMigrationLock(dataSource, database, () => dataSource.runMigrations({ transaction: 'each' }));
  return dataSource;
}

async function withMigrationLock(dataSource: DataSource, database: Extract<DatabaseConfig, { type: 'mysql' }>, work: () => Promise<unknown>): Promise<void> {
  const seconds = database.pool?.migrationLockSeconds ?? 120;
  // A named lock belongs to one connection: hold one for the whole of the migrations.
  const runner = dataSource.createQueryRunner();
  try {
    const name = `cps_migrations_${database.database}`;
    const [row] = (await runner.query('SELECT GET_LOCK(?, ?) AS got', [name, seconds])) as Array<{ got: number | string | null }>;
    if (Number(row?.got) !== 1) {
      throw new Error(`another instance has held the migration lock of ${database.database} for more than ${seconds} s (DB_MIGRATION_LOCK_SECONDS)`);
    }
    try {
      await work();
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [name]);
    }
  } finally {
    await runner.release();
  }
}

/** Readiness: can we run a statement right now? */
export async function databaseReachable(dataSource: DataSource): Promise<boolean> {
  try {
    await dataSource.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
