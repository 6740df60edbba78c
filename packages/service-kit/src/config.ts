import path from 'node:path';

/** Problems in the environment are reported once, at start, naming the variable. */
export class ConfigError extends Error {
  constructor(variable: string, reason: string) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export const DEV_AUTH_SECRET = 'cps-local-development-secret-change-me';

export type DatabaseConfig =
  | { type: 'sqlite'; file: string }
  | { type: 'mysql'; url: string; database: string };

export interface ServiceConfig {
  name: string;
  host: string;
  port: number;
  database: DatabaseConfig;
  authSecret: string;
  rulesDir: string | undefined;
  production: boolean;
}

export const SERVICE_PORTS = { gateway: 4000, members: 4001, catalogue: 4002, regions: 4003 } as const;
export type SubgraphName = 'members' | 'catalogue' | 'regions';
export const SUBGRAPH_NAMES: readonly SubgraphName[] = ['members', 'catalogue', 'regions'];

/** The repository root, from src/ (tests) or dist/ (compiled) alike. */
export function repoRoot(): string {
  return path.resolve(__dirname, '..', '..', '..');
}

export function readPort(env: Env, variable: string, fallback: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(variable, `must be a port number (0-65535), got "${raw}"`);
  }
  return port;
}

export function readAuthSecret(env: Env): string {
  const production = env.NODE_ENV === 'production';
  const secret = env.AUTH_SECRET;
  if (!secret) {
    if (production) throw new ConfigError('AUTH_SECRET', 'is required when NODE_ENV=production');
    return DEV_AUTH_SECRET;
  }
  if (production && (secret === DEV_AUTH_SECRET || secret.length < 32)) {
    throw new ConfigError('AUTH_SECRET', 'must be a real secret of at least 32 characters in production');
  }
  return secret;
}

export function readDatabaseConfig(env: Env, service: SubgraphName): DatabaseConfig {
  const kind = (env.DB ?? 'sqlite').toLowerCase();
  const upper = service.toUpperCase();
  if (kind === 'sqlite') {
    const dir = env.DATA_DIR ? path.resolve(env.DATA_DIR) : path.join(repoRoot(), 'data');
    return { type: 'sqlite', file: path.join(dir, `${service}.sqlite`) };
  }
  if (kind !== 'mysql') throw new ConfigError('DB', `must be "sqlite" or "mysql", got "${env.DB}"`);
  const url = env.MYSQL_URL;
  if (!url) throw new ConfigError('MYSQL_URL', 'is required when DB=mysql (e.g. mysql://cps:secret@127.0.0.1:3306)');
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'mysql:') throw new Error('protocol');
  } catch {
    throw new ConfigError('MYSQL_URL', `must look like mysql://user:password@host:3306, got "${url}"`);
  }
  const database = env[`${upper}_DB_NAME`] ?? `${env.DB_NAME_PREFIX ?? 'cps_'}${service}`;
  if (!/^[A-Za-z0-9_]+$/.test(database)) {
    throw new ConfigError(`${upper}_DB_NAME`, `must be letters, digits and underscores, got "${database}"`);
  }
  return { type: 'mysql', url, database };
}

/** Everything a subgraph reads from its environment, read once at start. */
export function readServiceConfig(service: SubgraphName, env: Env = process.env): ServiceConfig {
  const upper = service.toUpperCase();
  return {
    name: service,
    host: env[`${upper}_HOST`] ?? env.SUBGRAPH_HOST ?? '127.0.0.1',
    port: readPort(env, `${upper}_PORT`, SERVICE_PORTS[service]),
    database: readDatabaseConfig(env, service),
    authSecret: readAuthSecret(env),
    rulesDir: env.RULES_DIR ? path.resolve(env.RULES_DIR) : undefined,
    production: env.NODE_ENV === 'production',
  };
}

/** Where a subgraph finds another one it asks directly (members asks the catalogue and regions). */
export function readSubgraphUrl(env: Env, service: SubgraphName): string {
  return env[`${service.toUpperCase()}_URL`] ?? `http://127.0.0.1:${SERVICE_PORTS[service]}/graphql`;
}
