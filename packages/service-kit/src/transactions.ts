import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager, SelectQueryBuilder, ObjectLiteral } from 'typeorm';

/** Thrown inside a transaction to have it rolled back and run again (e.g. a lost race). */
export class RetryTransaction extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RetryTransaction';
  }
}

interface DriverError {
  errno?: number;
  code?: string;
  driverError?: DriverError;
  message?: string;
}

const driverError = (error: unknown): DriverError => {
  const e = error as DriverError;
  return e?.driverError ?? e ?? {};
};

/** Deadlocks, lock-wait time-outs and a busy SQLite file are worth another try; nothing else is. */
export function isTransient(error: unknown): boolean {
  if (error instanceof RetryTransaction) return true;
  const e = driverError(error);
  return e.errno === 1213 || e.errno === 1205 || e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED';
}

/** A unique index refused the write; `column` narrows it to one index (named after its column). */
export function isUniqueViolation(error: unknown, column?: string): boolean {
  const e = driverError(error);
  const unique = e.errno === 1062 || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'ER_DUP_ENTRY';
  return unique && (!column || String(e.message ?? (error as Error).message).includes(column));
}

// better-sqlite3 has one connection per file: two transactions at once would nest BEGINs on it.
// Transactions on SQLite therefore take turns in this process (SQLite allows one writer anyway).
const sqliteTurns = new WeakMap<DataSource, Promise<unknown>>();

function takeTurn<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'better-sqlite3') return work();
  const previous = sqliteTurns.get(dataSource) ?? Promise.resolve();
  const next = previous.then(work, work);
  sqliteTurns.set(dataSource, next.catch(() => undefined));
  return next;
}

/**
 * Runs `work` in one transaction: all of it is stored or none. Deadlocks and lost races are
 * retried with a growing, jittered pause. On MySQL it runs READ COMMITTED: searches then take no
 * gap locks, so concurrent inserts race on the unique indexes instead of deadlocking.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  { attempts = 8 }: { attempts?: number } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await takeTurn(dataSource, () =>
        dataSource.options.type === 'mysql' ? dataSource.transaction('READ COMMITTED', work) : dataSource.transaction(work),
      );
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await sleep(Math.random() * 10 * 2 ** attempt);
    }
  }
}

/** SELECT … FOR UPDATE where the database has row locks (MySQL); SQLite locks the whole file. */
export function forUpdate<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return query.connection.options.type === 'mysql' ? query.setLock('pessimistic_write') : query;
}
