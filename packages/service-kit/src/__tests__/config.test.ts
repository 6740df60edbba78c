// Reading the environment: each problem is refused at start, naming the variable.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEV_AUTH_SECRET,
  readAuthSecret,
  readDatabaseConfig,
  readHardening,
  readOnOff,
  readPeerTimeout,
  readPort,
  readSubgraphTimeout,
  readSubgraphUrl,
  repoRoot,
  type Env,
} from '../config';

const REAL_SECRET = 'x'.repeat(32);

/** The ConfigError `read` throws (fails the test if it returns); its message starts with the variable. */
function configError(read: () => unknown, variable: string): ConfigError {
  let thrown: unknown;
  try {
    read();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected a ConfigError for ${variable}`).toBeInstanceOf(ConfigError);
  expect((thrown as Error).message.startsWith(`${variable}: `)).toBe(true);
  return thrown as ConfigError;
}

describe('readOnOff (YEARLY_RUN, SHARED_OPERATIONS)', () => {
  it('reads on and off in any case, the fallback when unset or empty, and refuses anything else', () => {
    expect(readOnOff({ SHARED_OPERATIONS: 'OFF' }, 'SHARED_OPERATIONS', true)).toBe(false);
    expect(readOnOff({ SHARED_OPERATIONS: ' on ' }, 'SHARED_OPERATIONS', false)).toBe(true);
    expect(readOnOff({ SHARED_OPERATIONS: '' }, 'SHARED_OPERATIONS', true)).toBe(true);
    expect(readOnOff({}, 'YEARLY_RUN', false)).toBe(false);
    expect(configError(() => readOnOff({ SHARED_OPERATIONS: 'no' }, 'SHARED_OPERATIONS', true), 'SHARED_OPERATIONS').message).toMatch(/"on" or "off", got "no"/);
  });
});

describe('readPort', () => {
  it('reads a port number, and uses the fallback when the variable is unset or empty', () => {
    expect(readPort({ MEMBERS_PORT: '5001' }, 'MEMBERS_PORT', 4001)).toBe(5001);
    expect(readPort({ MEMBERS_PORT: '0' }, 'MEMBERS_PORT', 4001)).toBe(0);
    expect(readPort({ MEMBERS_PORT: '65535' }, 'MEMBERS_PORT', 4001)).toBe(65535);
    expect(readPort({}, 'MEMBERS_PORT', 4001)).toBe(4001);
    expect(readPort({ MEMBERS_PORT: '' }, 'MEMBERS_PORT', 4001)).toBe(4001);
  });

  it.each(['abc', '40a1', '4001.5', '-1', '65536', 'NaN'])('refuses %j, naming the variable and the value', (raw) => {
    const error = configError(() => readPort({ MEMBERS_PORT: raw }, 'MEMBERS_PORT', 4001), 'MEMBERS_PORT');
    expect(error.message).toContain(`"${raw}"`);
    expect(error.name).toBe('ConfigError');
  });
});

describe('readAuthSecret', () => {
  it('outside production, no secret means the documented development secret', () => {
    expect(readAuthSecret({})).toBe(DEV_AUTH_SECRET);
    expect(readAuthSecret({ NODE_ENV: 'development', AUTH_SECRET: '' })).toBe(DEV_AUTH_SECRET);
  });

  it('outside production, any secret given is used as it is', () => {
    expect(readAuthSecret({ AUTH_SECRET: 'short' })).toBe('short');
  });

  it('in production a secret is required', () => {
    configError(() => readAuthSecret({ NODE_ENV: 'production' }), 'AUTH_SECRET');
    configError(() => readAuthSecret({ NODE_ENV: 'production', AUTH_SECRET: '' }), 'AUTH_SECRET');
  });

  it('in production the development default is refused, even though it is long enough', () => {
    expect(DEV_AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    configError(() => readAuthSecret({ NODE_ENV: 'production', AUTH_SECRET: DEV_AUTH_SECRET }), 'AUTH_SECRET');
  });

  it('in production a secret of 31 characters is refused and one of 32 accepted', () => {
    configError(() => readAuthSecret({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(31) }), 'AUTH_SECRET');
    expect(readAuthSecret({ NODE_ENV: 'production', AUTH_SECRET: REAL_SECRET })).toBe(REAL_SECRET);
  });
});

describe('readHardening', () => {
  it('is off by default outside production and on by default in production', () => {
    expect(readHardening({})).toBe(false);
    expect(readHardening({ HARDENING: '' })).toBe(false);
    expect(readHardening({ NODE_ENV: 'production' })).toBe(true);
  });

  it.each(['on', 'ON', 'true', '1', ' on '])('HARDENING=%j turns it on', (raw) => {
    expect(readHardening({ HARDENING: raw })).toBe(true);
    expect(readHardening({ NODE_ENV: 'production', HARDENING: raw })).toBe(true);
  });

  it.each(['off', 'Off', 'false', '0'])('HARDENING=%j turns it off outside production', (raw) => {
    expect(readHardening({ HARDENING: raw })).toBe(false);
  });

  it.each(['off', 'false', '0'])('HARDENING=%j cannot turn it off in production', (raw) => {
    configError(() => readHardening({ NODE_ENV: 'production', HARDENING: raw }), 'HARDENING');
  });

  it('refuses anything else, naming the value', () => {
    expect(configError(() => readHardening({ HARDENING: 'maybe' }), 'HARDENING').message).toContain('"maybe"');
  });
});

describe('readSubgraphTimeout', () => {
  it('takes the subgraph own MEMBERS_TIMEOUT_MS over SUBGRAPH_TIMEOUT_MS', () => {
    expect(readSubgraphTimeout({ MEMBERS_TIMEOUT_MS: '8000', SUBGRAPH_TIMEOUT_MS: '3000' }, 'members')).toBe(8000);
  });

  it('falls back to SUBGRAPH_TIMEOUT_MS, then to 5000', () => {
    expect(readSubgraphTimeout({ SUBGRAPH_TIMEOUT_MS: '3000' }, 'members')).toBe(3000);
    expect(readSubgraphTimeout({}, 'members')).toBe(5000);
    expect(readSubgraphTimeout({ SUBGRAPH_TIMEOUT_MS: '' }, 'members')).toBe(5000);
  });

  it('another subgraph’s deadline does not apply', () => {
    expect(readSubgraphTimeout({ CATALOGUE_TIMEOUT_MS: '9000' }, 'members')).toBe(5000);
    expect(readSubgraphTimeout({ CATALOGUE_TIMEOUT_MS: '9000' }, 'catalogue')).toBe(9000);
  });

  it('refuses 50 ms, naming the variable it came from', () => {
    configError(() => readSubgraphTimeout({ MEMBERS_TIMEOUT_MS: '50' }, 'members'), 'MEMBERS_TIMEOUT_MS');
    configError(() => readSubgraphTimeout({ SUBGRAPH_TIMEOUT_MS: '50' }, 'members'), 'SUBGRAPH_TIMEOUT_MS');
  });

  it('accepts 100 to 600000 whole milliseconds and refuses outside or fractions', () => {
    expect(readSubgraphTimeout({ SUBGRAPH_TIMEOUT_MS: '100' }, 'regions')).toBe(100);
    expect(readSubgraphTimeout({ SUBGRAPH_TIMEOUT_MS: '600000' }, 'regions')).toBe(600000);
    configError(() => readSubgraphTimeout({ SUBGRAPH_TIMEOUT_MS: '600001' }, 'regions'), 'SUBGRAPH_TIMEOUT_MS');
    configError(() => readSubgraphTimeout({ SUBGRAPH_TIMEOUT_MS: '1500.5' }, 'regions'), 'SUBGRAPH_TIMEOUT_MS');
    configError(() => readSubgraphTimeout({ REGIONS_TIMEOUT_MS: 'soon' }, 'regions'), 'REGIONS_TIMEOUT_MS');
  });
});

describe('readPeerTimeout', () => {
  it('defaults to 2000 and reads PEER_TIMEOUT_MS', () => {
    expect(readPeerTimeout({})).toBe(2000);
    expect(readPeerTimeout({ PEER_TIMEOUT_MS: '1500' })).toBe(1500);
  });

  it('refuses a value out of range, naming PEER_TIMEOUT_MS', () => {
    configError(() => readPeerTimeout({ PEER_TIMEOUT_MS: '50' }), 'PEER_TIMEOUT_MS');
    configError(() => readPeerTimeout({ PEER_TIMEOUT_MS: 'two seconds' }), 'PEER_TIMEOUT_MS');
  });

  it('does not take the gateway deadlines', () => {
    expect(readPeerTimeout({ SUBGRAPH_TIMEOUT_MS: '9000', MEMBERS_TIMEOUT_MS: '9000' })).toBe(2000);
  });
});

describe('readSubgraphUrl', () => {
  it('uses CATALOGUE_URL as given', () => {
    expect(readSubgraphUrl({ CATALOGUE_URL: 'http://catalogue.internal:9000/graphql', CATALOGUE_PORT: '5002' }, 'catalogue')).toBe(
      'http://catalogue.internal:9000/graphql',
    );
  });

  it('else CATALOGUE_PORT on 127.0.0.1', () => {
    expect(readSubgraphUrl({ CATALOGUE_PORT: '5002' }, 'catalogue')).toBe('http://127.0.0.1:5002/graphql');
    expect(readSubgraphUrl({ CATALOGUE_URL: '', CATALOGUE_PORT: '5002' }, 'catalogue')).toBe('http://127.0.0.1:5002/graphql');
  });

  it('else the default port, 4002 for the catalogue and 4003 for regions', () => {
    expect(readSubgraphUrl({}, 'catalogue')).toBe('http://127.0.0.1:4002/graphql');
    expect(readSubgraphUrl({}, 'regions')).toBe('http://127.0.0.1:4003/graphql');
    expect(readSubgraphUrl({ REGIONS_PORT: '6003' }, 'catalogue')).toBe('http://127.0.0.1:4002/graphql');
  });

  it('a bad CATALOGUE_PORT is refused naming it', () => {
    configError(() => readSubgraphUrl({ CATALOGUE_PORT: 'x' }, 'catalogue'), 'CATALOGUE_PORT');
  });
});

describe('readDatabaseConfig', () => {
  it('defaults to a SQLite file per subgraph in data/ of the repository', () => {
    expect(repoRoot()).toBe(path.resolve(__dirname, '..', '..', '..', '..'));
    expect(readDatabaseConfig({}, 'members')).toEqual({ type: 'sqlite', file: path.join(repoRoot(), 'data', 'members.sqlite') });
    expect(readDatabaseConfig({ DB: 'SQLite' }, 'regions')).toEqual({ type: 'sqlite', file: path.join(repoRoot(), 'data', 'regions.sqlite') });
  });

  it('puts the SQLite file in DATA_DIR, made absolute', () => {
    expect(readDatabaseConfig({ DATA_DIR: '/var/lib/cps' }, 'catalogue')).toEqual({ type: 'sqlite', file: '/var/lib/cps/catalogue.sqlite' });
    expect(readDatabaseConfig({ DATA_DIR: 'relative/dir' }, 'catalogue')).toEqual({
      type: 'sqlite',
      file: path.resolve('relative/dir', 'catalogue.sqlite'),
    });
  });

  it('for MySQL, takes MYSQL_URL and names the database cps_<service>', () => {
    const env: Env = { DB: 'mysql', MYSQL_URL: 'mysql://cps:secret@127.0.0.1:3306' };
    expect(readDatabaseConfig(env, 'members')).toEqual({ type: 'mysql', url: 'mysql://cps:secret@127.0.0.1:3306', database: 'cps_members', pool: { size: 10, connectTimeoutMs: 10_000, migrationLockSeconds: 120 } });
    expect(readDatabaseConfig({ ...env, DB: 'MySQL' }, 'regions')).toMatchObject({ type: 'mysql', database: 'cps_regions' });
  });

  it('the MySQL pool follows <SERVICE>_DB_POOL_SIZE, else DB_POOL_SIZE; a bad value names its variable', () => {
    const env: Env = { DB: 'mysql', MYSQL_URL: 'mysql://cps:secret@db:3306', DB_POOL_SIZE: '4', MEMBERS_DB_POOL_SIZE: '25', DB_CONNECT_TIMEOUT_MS: '2000' };
    expect(readDatabaseConfig(env, 'members')).toMatchObject({ pool: { size: 25, connectTimeoutMs: 2000 } });
    expect(readDatabaseConfig(env, 'regions')).toMatchObject({ pool: { size: 4 } });
    configError(() => readDatabaseConfig({ ...env, MEMBERS_DB_POOL_SIZE: 'lots' }, 'members'), 'MEMBERS_DB_POOL_SIZE');
    configError(() => readDatabaseConfig({ ...env, DB_POOL_SIZE: '0' }, 'catalogue'), 'DB_POOL_SIZE');
    configError(() => readDatabaseConfig({ ...env, DB_MIGRATION_LOCK_SECONDS: '-1' }, 'catalogue'), 'DB_MIGRATION_LOCK_SECONDS');
  });

  it('the MySQL database name follows DB_NAME_PREFIX or <SERVICE>_DB_NAME', () => {
    const env: Env = { DB: 'mysql', MYSQL_URL: 'mysql://cps:secret@db:3306' };
    expect(readDatabaseConfig({ ...env, DB_NAME_PREFIX: 'test_' }, 'members')).toMatchObject({ database: 'test_members' });
    expect(readDatabaseConfig({ ...env, DB_NAME_PREFIX: 'test_', MEMBERS_DB_NAME: 'loyalty' }, 'members')).toMatchObject({ database: 'loyalty' });
    expect(readDatabaseConfig({ ...env, MEMBERS_DB_NAME: 'loyalty' }, 'catalogue')).toMatchObject({ database: 'cps_catalogue' });
  });

  it('a database name that is not letters, digits and underscores is refused naming <SERVICE>_DB_NAME', () => {
    const env: Env = { DB: 'mysql', MYSQL_URL: 'mysql://cps:secret@db:3306' };
    configError(() => readDatabaseConfig({ ...env, MEMBERS_DB_NAME: 'members`; DROP DATABASE x; --' }, 'members'), 'MEMBERS_DB_NAME');
    configError(() => readDatabaseConfig({ ...env, DB_NAME_PREFIX: 'cps-' }, 'regions'), 'REGIONS_DB_NAME');
  });

  it('DB=mysql without MYSQL_URL is refused naming MYSQL_URL', () => {
    configError(() => readDatabaseConfig({ DB: 'mysql' }, 'members'), 'MYSQL_URL');
    configError(() => readDatabaseConfig({ DB: 'mysql', MYSQL_URL: '' }, 'members'), 'MYSQL_URL');
  });

  it('a MYSQL_URL that is not a mysql:// URL is refused naming MYSQL_URL', () => {
    configError(() => readDatabaseConfig({ DB: 'mysql', MYSQL_URL: 'postgres://cps:secret@db:5432' }, 'members'), 'MYSQL_URL');
    configError(() => readDatabaseConfig({ DB: 'mysql', MYSQL_URL: 'not a url' }, 'members'), 'MYSQL_URL');
  });

  it('another DB is refused naming DB', () => {
    expect(configError(() => readDatabaseConfig({ DB: 'postgres' }, 'members'), 'DB').message).toContain('"postgres"');
  });
});

describe('settings that must not leak or be misread', () => {
  it('a malformed MYSQL_URL is refused without repeating its password', () => {
    expect(() => readDatabaseConfig({ DB: 'mysql', MYSQL_URL: 'mysqls://cps:hunter2@db' }, 'members')).toThrow(/MYSQL_URL/);
    expect(() => readDatabaseConfig({ DB: 'mysql', MYSQL_URL: 'mysqls://cps:hunter2@db' }, 'members')).not.toThrow(/hunter2/);
  });
  it('a port or a deadline is digits only: a blank, hex or exponent value is refused', () => {
    for (const raw of [' ', '0x10', '1e3']) expect(() => readPort({ P: raw }, 'P', 1)).toThrow(/P/);
    expect(() => readSubgraphTimeout({ SUBGRAPH_TIMEOUT_MS: '0x3e8' }, 'members')).toThrow(/SUBGRAPH_TIMEOUT_MS/);
  });
});

describe('the clock and the programme time zone', () => {
  it('CPS_CLOCK sets "now" and runs on; pinned, two services agree to the millisecond; refused in production', async () => {
    const { readClock, pinClock } = await import('../clock');
    const env = pinClock({ CPS_CLOCK: '2026-12-31T23:58:00+01:00' });
    const a = readClock(env);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const b = readClock(env);
    expect(Math.abs(a.now().getTime() - b.now().getTime())).toBeLessThan(5);
    expect(a.now().getTime()).toBeGreaterThanOrEqual(new Date('2026-12-31T22:58:00Z').getTime() + 15);
    expect(() => readClock({ CPS_CLOCK: '2026-12-31T23:58:00+01:00', NODE_ENV: 'production' })).toThrow(/CPS_CLOCK.*production/);
    expect(() => readClock({ CPS_CLOCK: 'tomorrow' })).toThrow(/CPS_CLOCK/);
  });

  it('1 January is midnight in the programme time zone, across the zone offset', async () => {
    const { midnightIn, lastFirstOfJanuary, nextFirstOfJanuary } = await import('../programme-time');
    expect(midnightIn('2027-01-01', 'Europe/Amsterdam').toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(midnightIn('2027-07-01', 'Europe/Amsterdam').toISOString()).toBe('2027-06-30T22:00:00.000Z');
    expect(lastFirstOfJanuary(new Date('2026-12-31T23:30:00Z'), 'Europe/Amsterdam')).toBe('2027-01-01');
    expect(lastFirstOfJanuary(new Date('2026-12-31T22:30:00Z'), 'Europe/Amsterdam')).toBe('2026-01-01');
    expect(nextFirstOfJanuary(new Date('2026-06-01T00:00:00Z'), 'Europe/Amsterdam')).toBe('2027-01-01');
  });
});
