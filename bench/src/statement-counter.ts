import http from 'node:http';

/**
 * Preloaded into a service process by the benchmark (`node -r bench/dist/statement-counter.js
 * subgraphs/<name>/dist/main.js`): counts every SQL statement the process sends to its database,
 * at the driver, without touching the service's code.
 *
 * - SQLite (better-sqlite3): every execution of a prepared statement (`run`, `get`, `all`,
 *   `iterate`). TypeORM caches prepared statements, so counting `prepare` would undercount.
 * - MySQL/MariaDB (mysql2): every `query` and `execute` on a connection (pool connections included).
 *
 * It also counts the GraphQL requests the process receives (the fetches the gateway makes).
 * The benchmark asks for both counts over the IPC channel (`{ type: 'statements?' }`) before and
 * after a request. When the benchmark goes away (the channel closes) the service exits with it.
 */
let statements = 0;
let fetches = 0;

function wrap(target: Record<string, unknown>, methods: string[]): void {
  for (const method of methods) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    target[method] = function counted(this: unknown, ...args: unknown[]) {
      statements++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
}

function countSqlite(): void {
  let Database: new (file: string) => { prepare(sql: string): object; close(): void };
  try {
    Database = require('better-sqlite3');
  } catch {
    return; // not installed: this process cannot use SQLite
  }
  const probe = new Database(':memory:');
  wrap(Object.getPrototypeOf(probe.prepare('SELECT 1')), ['run', 'get', 'all', 'iterate']);
  probe.close();
}

function countMysql(): void {
  let mysql: { Connection: { prototype: Record<string, unknown> } };
  try {
    mysql = require('mysql2');
  } catch {
    return;
  }
  wrap(mysql.Connection.prototype, ['query', 'execute']);
}

function countFetches(): void {
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function counted(this: http.Server, event: string, ...args: unknown[]) {
    if (event === 'request' && (args[0] as http.IncomingMessage).url?.startsWith('/graphql')) fetches++;
    return (emit as (...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}

countSqlite();
countMysql();
countFetches();

if (process.send) {
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'statements?') process.send!({ type: 'statements', count: statements, fetches });
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

// A safety net for the benchmark only: with Apollo Server 5.5, a second stop() that comes while the
// first is under way never returns (the success path does not resolve its barrier), and Apollo's
// own SIGTERM handler plus the service's both call stop(); the service then never exits. Give it
// 3 s to stop cleanly, then exit, so CPU profiles are written and the run does not wait 10 s.
process.on('SIGTERM', () => setTimeout(() => process.exit(0), 3000).unref());
