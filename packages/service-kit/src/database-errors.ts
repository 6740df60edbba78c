// What a database error means, for MySQL/MariaDB and SQLite alike: one place that knows the
// drivers' codes. Transactions retry the transient ones; masking reports the unavailable ones.

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
export function isTransientDatabaseError(error: unknown): boolean {
  const e = driverError(error);
  if (e.errno === 1213 || e.errno === 1205 || e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED') return true;
  const cause = (error as { cause?: unknown })?.cause;
  return cause !== undefined && cause !== error && isTransientDatabaseError(cause);
}

/** A unique index refused the write; `column` narrows it to one index (named after its column). */
export function isUniqueViolation(error: unknown, column?: string): boolean {
  const e = driverError(error);
  const unique = e.errno === 1062 || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === 'ER_DUP_ENTRY';
  const message = e.message ?? (error as Error)?.message ?? '';
  return unique && (!column || message.includes(column));
}

/** Driver codes and MySQL error numbers that mean "the database cannot be reached just now". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_SERVER_SHUTDOWN', 'ER_CON_COUNT_ERROR',
]);
const UNAVAILABLE_ERRNOS = new Set([1040, 1053, 2002, 2003, 2006, 2013, 4031]);

/** The database cannot be reached (refused, reset, restarting): worth a retry, not a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current = error as { code?: unknown; errno?: unknown; originalError?: unknown; driverError?: unknown; cause?: unknown } | undefined;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    if (typeof current.code === 'string' && UNAVAILABLE_CODES.has(current.code)) return true;
    if (typeof current.errno === 'number' && UNAVAILABLE_ERRNOS.has(current.errno)) return true;
    current = (current.originalError ?? current.driverError ?? current.cause) as typeof current;
  }
  return false;
}

