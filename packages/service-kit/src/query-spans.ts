import { SpanKind } from '@opentelemetry/api';
import { ATTR_DB_NAMESPACE, ATTR_DB_OPERATION_NAME, ATTR_DB_QUERY_TEXT, ATTR_DB_SYSTEM_NAME } from '@opentelemetry/semantic-conventions';
import type { DataSource, QueryRunner } from 'typeorm';
import { scrubText } from './logger';
import { insideSpan, withSpan } from './tracing';

const TRACED = Symbol.for('cps.querySpans');
type Traced<T> = T & { [TRACED]?: true };

/** Statements are recorded without their values, and quoted literals are scrubbed (personal data). */
const MAX_STATEMENT = 2000;

/**
 * A client span per SQL statement, made by wrapping the query runners TypeORM's driver hands out,
 * so every repository call, query builder and transaction statement is seen on SQLite and MySQL
 * alike. A statement outside any span (health probes, migrations at start, idle polls) makes none.
 */
export function traceQueries(dataSource: DataSource): DataSource {
  const driver = dataSource.driver as Traced<DataSource['driver']>;
  if (driver[TRACED]) return dataSource;
  driver[TRACED] = true;
  const system = dataSource.options.type === 'mysql' ? 'mysql' : 'sqlite';
  const database = dataSource.options.type === 'mysql' ? String(dataSource.options.database) : undefined;
  const createQueryRunner = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode) => {
    const runner = createQueryRunner(mode) as Traced<QueryRunner>;
    if (runner[TRACED]) return runner; // better-sqlite3 hands out one runner for good
    runner[TRACED] = true;
    const query = runner.query.bind(runner) as QueryRunner['query'];
    runner.query = ((sql: string, parameters?: unknown[], structured?: boolean) => {
      if (!insideSpan()) return query(sql, parameters, structured as never);
      const operation = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SQL';
      const attributes = {
        [ATTR_DB_SYSTEM_NAME]: system,
        [ATTR_DB_OPERATION_NAME]: operation,
        [ATTR_DB_QUERY_TEXT]: scrubText(sql.slice(0, MAX_STATEMENT)),
        ...(database ? { [ATTR_DB_NAMESPACE]: database } : {}),
      };
      return withSpan(operation, attributes, () => query(sql, parameters, structured as never), { kind: SpanKind.CLIENT });
    }) as QueryRunner['query'];
    return runner;
  };
  return dataSource;
}
