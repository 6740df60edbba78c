import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager, SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { isTransientDatabaseError } from './database-errors';

export { isUniqueViolation } from './database-errors';

/** Worth running the transaction again: a lost race we detected, a deadlock, a lock-wait time-out. */
export const isTransient = (error: unknown): boolean => error instanceof RetryTransaction || isTransientDatabaseError(error);

/** Thrown inside a transaction to have it rolled back and run again (e.g. a lost race). */
export class RetryTransaction extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RetryTransaction';
  }
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
