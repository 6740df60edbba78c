// Transactions on a real SQLite file (all or nothing, retries, taking turns) and what database errors mean.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource, EntityManager } from 'typeorm';
import { buildDataSource } from '../data-source';
import { isDatabaseUnavailable, isTransientDatabaseError, isUniqueViolation } from '../database-errors';
import { inTransaction, isTransient, RetryTransaction } from '../transactions';

let dir: string;
let dataSource: DataSource;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-service-kit-tx-'));
  dataSource = buildDataSource({ database: { type: 'sqlite', file: path.join(dir, 'test.sqlite') }, entities: [], migrations: [] });
  await dataSource.initialize();
  await dataSource.query(
    'CREATE TABLE people (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, serial TEXT, note TEXT)',
  );
  await dataSource.query('CREATE UNIQUE INDEX IDX_people_email ON people (email)');
  await dataSource.query('CREATE UNIQUE INDEX IDX_people_serial ON people (serial)');
});

afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await dataSource.query('DELETE FROM people');
});

const insert = (manager: EntityManager, email: string, serial: string | null = null) =>
  manager.query('INSERT INTO people (email, serial) VALUES (?, ?)', [email, serial]);

async function emails(): Promise<string[]> {
  const rows: { email: string }[] = await dataSource.query('SELECT email FROM people ORDER BY id');
  return rows.map((r) => r.email);
}

/** The error `promise` rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  );
}

describe('inTransaction', () => {
  it('stores all of the work and returns its result', async () => {
    const result = await inTransaction(dataSource, async (manager) => {
      await insert(manager, 'a@example.com');
      await insert(manager, 'b@example.com');
      return 'done';
    });
    expect(result).toBe('done');
    expect(await emails()).toEqual(['a@example.com', 'b@example.com']);
  });

  it('stores nothing when the work throws after an insert, and passes the error on', async () => {
    await insert(dataSource.manager, 'before@example.com');
    const boom = new Error('boom after the insert');
    const error = await rejection(
      inTransaction(dataSource, async (manager) => {
        await insert(manager, 'a@example.com');
        await manager.query("UPDATE people SET note = 'changed'");
        throw boom;
      }),
    );
    expect(error).toBe(boom);
    expect(await emails()).toEqual(['before@example.com']);
    expect(await dataSource.query('SELECT note FROM people')).toEqual([{ note: null }]);
  });

  it('a RetryTransaction on the first attempt rolls it back and runs the work again: the second attempt is stored once', async () => {
    let attempts = 0;
    const result = await inTransaction(dataSource, async (manager) => {
      attempts++;
      await insert(manager, `attempt-${attempts}@example.com`);
      if (attempts === 1) throw new RetryTransaction('lost a race');
      return attempts;
    });
    expect(result).toBe(2);
    expect(attempts).toBe(2);
    expect(await emails()).toEqual(['attempt-2@example.com']);
  });

  it('an error that is not transient is not retried', async () => {
    let attempts = 0;
    await rejection(
      inTransaction(dataSource, async (manager) => {
        attempts++;
        await insert(manager, 'a@example.com');
        throw new Error('a bug');
      }),
    );
    expect(attempts).toBe(1);
    expect(await emails()).toEqual([]);
  });

  it('gives up after the given number of attempts with the last RetryTransaction', async () => {
    let attempts = 0;
    const error = await rejection(
      inTransaction(
        dataSource,
        async (manager) => {
          attempts++;
          await insert(manager, `attempt-${attempts}@example.com`);
          throw new RetryTransaction(`attempt ${attempts}`);
        },
        { attempts: 3 },
      ),
    );
    expect(error).toBeInstanceOf(RetryTransaction);
    expect((error as Error).message).toBe('attempt 3');
    expect(attempts).toBe(3);
    expect(await emails()).toEqual([]);
  });

  it('a unique violation inside the work rolls back the whole transaction and is recognisable', async () => {
    await insert(dataSource.manager, 'taken@example.com');
    const error = await rejection(
      inTransaction(dataSource, async (manager) => {
        await insert(manager, 'new@example.com');
        await insert(manager, 'taken@example.com');
      }),
    );
    expect(isUniqueViolation(error, 'email')).toBe(true);
    expect(await emails()).toEqual(['taken@example.com']);
  });

  it('concurrent transactions on one SQLite file take turns: each read-then-write sees the other', async () => {
    await dataSource.query("INSERT INTO people (email, note) VALUES ('counter@example.com', '0')");
    const increment = () =>
      inTransaction(dataSource, async (manager) => {
        const [row] = await manager.query("SELECT note FROM people WHERE email = 'counter@example.com'");
        await new Promise((resolve) => setTimeout(resolve, 5));
        await manager.query("UPDATE people SET note = ? WHERE email = 'counter@example.com'", [String(Number(row.note) + 1)]);
      });
    await Promise.all([increment(), increment(), increment(), increment()]);
    expect(await dataSource.query("SELECT note FROM people WHERE email = 'counter@example.com'")).toEqual([{ note: '4' }]);
  });

  it('a failed transaction does not block the ones waiting for their turn', async () => {
    const failing = inTransaction(dataSource, async (manager) => {
      await insert(manager, 'failing@example.com');
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('fails');
    });
    const succeeding = inTransaction(dataSource, (manager) => insert(manager, 'ok@example.com'));
    const [failed, succeeded] = await Promise.allSettled([failing, succeeding]);
    expect(failed.status).toBe('rejected');
    expect(succeeded.status).toBe('fulfilled');
    expect(await emails()).toEqual(['ok@example.com']);
  });
});

describe('isTransient', () => {
  it('RetryTransaction and deadlocks are worth another try, other errors are not', () => {
    expect(isTransient(new RetryTransaction('race'))).toBe(true);
    expect(isTransient({ errno: 1213, code: 'ER_LOCK_DEADLOCK' })).toBe(true);
    expect(isTransient(new Error('a bug'))).toBe(false);
  });

  it('RetryTransaction is an Error with its reason and name', () => {
    const e = new RetryTransaction('lost the race for the serial');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('RetryTransaction');
    expect(e.message).toBe('lost the race for the serial');
  });
});

describe('isUniqueViolation on real SQLite errors', () => {
  async function violation(work: () => Promise<unknown>): Promise<unknown> {
    return rejection(work());
  }

  it('recognises a unique-index violation and narrows it by column', async () => {
    await insert(dataSource.manager, 'anna@example.com', 'SN-1');
    const byEmail = await violation(() => insert(dataSource.manager, 'anna@example.com', 'SN-2'));
    expect(isUniqueViolation(byEmail)).toBe(true);
    expect(isUniqueViolation(byEmail, 'email')).toBe(true);
    expect(isUniqueViolation(byEmail, 'serial')).toBe(false);

    const bySerial = await violation(() => insert(dataSource.manager, 'berta@example.com', 'SN-1'));
    expect(isUniqueViolation(bySerial, 'serial')).toBe(true);
    expect(isUniqueViolation(bySerial, 'email')).toBe(false);
  });

  it('another constraint (NOT NULL) is not a unique violation, and neither is a syntax error', async () => {
    const notNull = await violation(() => dataSource.query('INSERT INTO people (email) VALUES (NULL)'));
    expect(isUniqueViolation(notNull)).toBe(false);
    const syntax = await violation(() => dataSource.query('INSERT INTO nowhere VALUES (1)'));
    expect(isUniqueViolation(syntax)).toBe(false);
    expect(isTransientDatabaseError(syntax)).toBe(false);
    expect(isDatabaseUnavailable(syntax)).toBe(false);
  });
});

describe('mysql2-shaped errors', () => {
  const deadlock = { errno: 1213, code: 'ER_LOCK_DEADLOCK', message: 'Deadlock found when trying to get lock; try restarting transaction' };
  const lockWait = { errno: 1205, code: 'ER_LOCK_WAIT_TIMEOUT', message: 'Lock wait timeout exceeded' };
  const duplicate = { errno: 1062, code: 'ER_DUP_ENTRY', message: "Duplicate entry 'anna@example.com' for key 'members.IDX_members_email'" };

  it('a deadlock and a lock-wait time-out are transient, directly or under driverError', () => {
    expect(isTransientDatabaseError(deadlock)).toBe(true);
    expect(isTransientDatabaseError(lockWait)).toBe(true);
    expect(isTransientDatabaseError({ message: 'Query failed', driverError: deadlock })).toBe(true);
    expect(isTransientDatabaseError({ code: 'SQLITE_BUSY' })).toBe(true);
  });

  it('a duplicate, a refused connection and nothing at all are not transient', () => {
    expect(isTransientDatabaseError(duplicate)).toBe(false);
    expect(isTransientDatabaseError({ code: 'ECONNREFUSED' })).toBe(false);
    expect(isTransientDatabaseError(new Error('x'))).toBe(false);
    expect(isTransientDatabaseError(undefined)).toBe(false);
    expect(isTransientDatabaseError(null)).toBe(false);
  });

  it('errno 1062 is a unique violation, narrowed by the index name in the message, also under driverError', () => {
    expect(isUniqueViolation(duplicate)).toBe(true);
    expect(isUniqueViolation(duplicate, 'email')).toBe(true);
    expect(isUniqueViolation(duplicate, 'serialNumber')).toBe(false);
    expect(isUniqueViolation({ message: 'Query failed', driverError: duplicate }, 'email')).toBe(true);
    expect(isUniqueViolation({ code: 'ER_DUP_ENTRY', message: "Duplicate entry 'x' for key 'IDX_serial'" }, 'serial')).toBe(true);
    expect(isUniqueViolation(deadlock)).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });

  it('a refused, reset or timed-out connection means the database is unavailable', () => {
    expect(isDatabaseUnavailable({ code: 'ECONNREFUSED', errno: -111 })).toBe(true);
    expect(isDatabaseUnavailable({ code: 'PROTOCOL_CONNECTION_LOST' })).toBe(true);
    expect(isDatabaseUnavailable({ errno: 2003, code: 'SOMETHING' })).toBe(true);
    expect(isDatabaseUnavailable({ errno: 1040, code: 'ER_CON_COUNT_ERROR' })).toBe(true);
  });

  it('an unavailable database is recognised when nested under driverError, cause or originalError', () => {
    expect(isDatabaseUnavailable({ message: 'Query failed', driverError: { code: 'ECONNRESET' } })).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: Object.assign(new Error('connect'), { code: 'ETIMEDOUT' }) }))).toBe(true);
    expect(isDatabaseUnavailable({ originalError: { driverError: { cause: { code: 'ECONNREFUSED' } } } })).toBe(true);
  });

  it('deadlocks, duplicates and ordinary errors are not "unavailable", and a cycle of causes ends', () => {
    expect(isDatabaseUnavailable(deadlock)).toBe(false);
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(isDatabaseUnavailable(new Error('ECONNREFUSED in the message only'))).toBe(false);
    expect(isDatabaseUnavailable({ code: 1062 })).toBe(false);
    expect(isDatabaseUnavailable({ errno: '2003' })).toBe(false);
    const a: Record<string, unknown> = { code: 'X' };
    const b: Record<string, unknown> = { code: 'Y', cause: a };
    a.cause = b;
    expect(isDatabaseUnavailable(a)).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});
