import type { TokenRules } from './auth';
import path from 'node:path';
import { readClock, type Clock } from './clock';
import { ConfigError, type Env } from './config-error';
import { readProgrammeTimeZone } from './programme-time';
import { readTracingSettings, type TracingSettings } from './tracing';

export { ConfigError, type Env } from './config-error';

export const DEV_AUTH_SECRET = 'cps-local-development-secret-change-me';

/**
 * The gateway proves to each subgraph that a request came through it: an HMAC with a secret of
 * that subgraph's own (`MEMBERS_GATEWAY_SECRET`, …). Local development uses these documented
 * defaults; production refuses to start without real ones.
 */
export const DEV_GATEWAY_SECRETS: Readonly<Record<'members' | 'catalogue' | 'regions', string>> = {
  members: 'cps-local-development-gateway-proof-members-change-me',
  catalogue: 'cps-local-development-gateway-proof-catalogue-change-me',
  regions: 'cps-local-development-gateway-proof-regions-change-me',
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type DatabaseConfig =
  | { type: 'sqlite'; file: string }
  | { type: 'mysql'; url: string; database: string; pool?: MysqlPool };

/** How many connections an instance keeps to MySQL, and how long it waits for one. */
export interface MysqlPool {
  size: number;
  connectTimeoutMs: number;
  /** How long an instance waits for another instance's migrations before it gives up. */
  migrationLockSeconds: number;
}

export interface ServiceConfig {
  name: string;
  host: string;
  port: number;
  database: DatabaseConfig;
  /** How bearer tokens are checked (AUTH_SECRET, TOKEN_MAX_LIFETIME_HOURS). */
  tokens: TokenRules;
  rulesDir: string | undefined;
  production: boolean;
  /**
   * Masked errors, no introspection, no schema hints: always in production, elsewhere with
   * HARDENING=on (tests turn it on in-process).
   */
  hardening: boolean;
  logLevel: string;
  /**
   * Gateway-proof secrets: this subgraph's own (to check callers) and those of the subgraphs it
   * calls itself (members calls the catalogue and regions; see `proofHeaders`).
   */
  gatewaySecrets: Partial<Record<SubgraphName, string>>;
  /** Where "now" comes from (CPS_CLOCK in development and tests). */
  clock: Clock;
  /** The programme's time zone: 1 January and policy dates are midnight there. */
  timeZone: string;
  /** Where spans go (OTEL_EXPORTER_OTLP_ENDPOINT); undefined: tracing is off. */
  tracing?: TracingSettings;
}

export const SERVICE_PORTS = { gateway: 4000, members: 4001, catalogue: 4002, regions: 4003 } as const;
export type SubgraphName = 'members' | 'catalogue' | 'regions';
export const SUBGRAPH_NAMES: readonly SubgraphName[] = ['members', 'catalogue', 'regions'];

/**
 * Which subgraphs each subgraph calls directly (with that subgraph's gateway-proof secret): members
 * asks the catalogue for products; the catalogue and regions ask members where members live before
 * they accept a policy, and regions asks the catalogue which models exist.
 */
export const SUBGRAPH_PEERS: Readonly<Record<SubgraphName, readonly SubgraphName[]>> = {
  members: ['catalogue'],
  catalogue: ['members'],
  regions: ['catalogue', 'members'],
};

/**
 * The subgraphs whose fields depend on who asks: only they receive the caller's bearer token from
 * the gateway. The catalogue and regions serve public data, so a member's, handler's or admin's
 * token never reaches them (a compromised one could not collect tokens).
 */
export const SUBGRAPHS_READING_IDENTITY: ReadonlySet<SubgraphName> = new Set(['members']);

/** The repository root, from src/ (tests) or dist/ (compiled) alike. */
export function repoRoot(): string {
  return path.resolve(__dirname, '..', '..', '..');
}

/**
 * A whole-number setting: digits only, within [min, max], `fallback` when unset or empty; a bad
 * value names the variable and says what it must be (`must`, e.g. "a port number (0-65535)").
 */
export function readWholeNumber(env: Env, variable: string, fallback: number, { min, max, must }: { min: number; max: number; must: string }): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(variable, `must be ${must}, got "${raw}"`);
  return value;
}

export function readPort(env: Env, variable: string, fallback: number): number {
  return readWholeNumber(env, variable, fallback, { min: 0, max: 65535, must: 'a port number (0-65535)' });
}

/** Tokens are signed with AUTH_SECRET and live at most TOKEN_MAX_LIFETIME_HOURS (default 24, at most 30 days). */
export function readTokenRules(env: Env): TokenRules {
  const hours = readWholeNumber(env, 'TOKEN_MAX_LIFETIME_HOURS', 24, { min: 1, max: 720, must: 'a whole number of hours from 1 to 720' });
  return { secret: readAuthSecret(env), maxLifetimeSeconds: hours * 3600 };
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

/** `MEMBERS_GATEWAY_SECRET`, …: the secret the gateway signs requests to that subgraph with. */
export const gatewaySecretVariable = (service: SubgraphName) => `${service.toUpperCase()}_GATEWAY_SECRET`;

export function readGatewaySecret(env: Env, service: SubgraphName): string {
  const variable = gatewaySecretVariable(service);
  const secret = env[variable];
  const production = env.NODE_ENV === 'production';
  if (!secret) {
    if (production) throw new ConfigError(variable, 'is required when NODE_ENV=production (32+ characters, one per subgraph)');
    return DEV_GATEWAY_SECRETS[service];
  }
  if (production && (Object.values(DEV_GATEWAY_SECRETS).includes(secret) || secret.length < 32)) {
    throw new ConfigError(variable, 'must be a real secret of at least 32 characters in production');
  }
  if (production && secret === env.AUTH_SECRET) {
    throw new ConfigError(variable, 'must differ from AUTH_SECRET');
  }
  return secret;
}

/** The proof secrets of every subgraph: what the gateway signs with. */
export function readGatewaySecrets(env: Env): Record<SubgraphName, string> {
  const secrets = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, readGatewaySecret(env, name)]));
  const values = Object.values(secrets);
  if (env.NODE_ENV === 'production' && new Set(values).size !== values.length) {
    throw new ConfigError('MEMBERS_GATEWAY_SECRET', 'each subgraph needs a secret of its own (…_GATEWAY_SECRET values must differ)');
  }
  return secrets as Record<SubgraphName, string>;
}

/** A switch setting: `on` or `off` (any case), `fallback` when unset. */
export function readOnOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new ConfigError(name, `must be "on" or "off", got "${env[name]}"`);
}

/** HARDENING=on|off; production is always hardened. */
export function readHardening(env: Env): boolean {
  const production = env.NODE_ENV === 'production';
  const raw = env.HARDENING?.trim().toLowerCase();
  if (raw === undefined || raw === '') return production;
  if (['on', 'true', '1'].includes(raw)) return true;
  if (['off', 'false', '0'].includes(raw)) {
    if (production) throw new ConfigError('HARDENING', 'cannot be turned off when NODE_ENV=production');
    return false;
  }
  throw new ConfigError('HARDENING', `must be "on" or "off", got "${env.HARDENING}"`);
}

export function readLogLevel(env: Env): string {
  const level = env.LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  }
  return level;
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
    // Not the value itself: it holds the password.
    throw new ConfigError('MYSQL_URL', 'must look like mysql://user:password@host:3306');
  }
  const database = env[`${upper}_DB_NAME`] ?? `${env.DB_NAME_PREFIX ?? 'cps_'}${service}`;
  if (!/^[A-Za-z0-9_]+$/.test(database)) {
    throw new ConfigError(`${upper}_DB_NAME`, `must be letters, digits and underscores, got "${database}"`);
  }
  return { type: 'mysql', url, database, pool: readMysqlPool(env, service) };
}

/**
 * `<SERVICE>_DB_POOL_SIZE` or `DB_POOL_SIZE` (default 10) connections per instance: with several
 * instances, their sum must stay under the server's max_connections. `DB_CONNECT_TIMEOUT_MS`
 * (default 10 s); `DB_MIGRATION_LOCK_SECONDS` (default 120) for instances starting together.
 */
function readMysqlPool(env: Env, service: SubgraphName): MysqlPool {
  const upper = service.toUpperCase();
  const variable = env[`${upper}_DB_POOL_SIZE`] !== undefined ? `${upper}_DB_POOL_SIZE` : 'DB_POOL_SIZE';
  const size = readWholeNumber(env, variable, 10, { min: 1, max: 1000, must: 'a number of connections from 1 to 1000' });
  const migrationLockSeconds = readWholeNumber(env, 'DB_MIGRATION_LOCK_SECONDS', 120, { min: 1, max: 86_400, must: 'a whole number of seconds from 1 to 86400' });
  return { size, connectTimeoutMs: readMilliseconds(env, 'DB_CONNECT_TIMEOUT_MS', 10_000, 500, 120_000), migrationLockSeconds };
}

/** Everything a subgraph reads from its environment, read once at start. */
export function readServiceConfig(service: SubgraphName, env: Env = process.env): ServiceConfig {
  const upper = service.toUpperCase();
  return {
    name: service,
    host: env[`${upper}_HOST`] ?? env.SUBGRAPH_HOST ?? '127.0.0.1',
    port: readPort(env, `${upper}_PORT`, SERVICE_PORTS[service]),
    database: readDatabaseConfig(env, service),
    tokens: readTokenRules(env),
    rulesDir: env.RULES_DIR ? path.resolve(env.RULES_DIR) : undefined,
    production: env.NODE_ENV === 'production',
    hardening: readHardening(env),
    logLevel: readLogLevel(env),
    gatewaySecrets: Object.fromEntries(
      [service, ...SUBGRAPH_PEERS[service]].map((name) => [name, readGatewaySecret(env, name)]),
    ),
    clock: readClock(env),
    timeZone: readProgrammeTimeZone(env),
    tracing: readTracingSettings(env),
  };
}

/** A duration setting in whole milliseconds, digits only, within [min, max]; a bad value names the variable. */
export function readMilliseconds(env: Env, variable: string, fallback: number, min = 100, max = 600_000): number {
  return readWholeNumber(env, variable, fallback, { min, max, must: `a whole number of milliseconds from ${min} to ${max}` });
}

/**
 * The gateway's deadline for each call to a subgraph: `CATALOGUE_TIMEOUT_MS`, … for one, else
 * `SUBGRAPH_TIMEOUT_MS`, else 5 s.
 */
export function readSubgraphTimeout(env: Env, service: SubgraphName): number {
  const own = `${service.toUpperCase()}_TIMEOUT_MS`;
  return env[own] ? readMilliseconds(env, own, 5000) : readMilliseconds(env, 'SUBGRAPH_TIMEOUT_MS', 5000);
}

/**
 * A subgraph's deadline for each call to a peer (members asks the catalogue, then regions, in one
 * registration): `PEER_TIMEOUT_MS`, else 2 s, so that two of them end within the gateway's own.
 */
export const readPeerTimeout = (env: Env): number => readMilliseconds(env, 'PEER_TIMEOUT_MS', 2000);

/**
 * Where a subgraph finds another one it asks directly (members asks the catalogue and regions):
 * `CATALOGUE_URL`, else on this machine at `CATALOGUE_PORT`, else at the default port.
 */
export function readSubgraphUrl(env: Env, service: SubgraphName): string {
  const upper = service.toUpperCase();
  return env[`${upper}_URL`] || `http://127.0.0.1:${readPort(env, `${upper}_PORT`, SERVICE_PORTS[service])}/graphql`;
}
