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
    poolSize: 10,
    extra: { connectionLimit: 10 },
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

/** Opens the database and brings its schema up to date. */
export async function openDatabase(dataSource: DataSource, database: DatabaseConfig): Promise<DataSource> {
  await ensureDatabaseExists(database);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
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
