// Preloaded (`node --require`) into a members process by the crash tests on SQLite, where the
// test cannot take a lock on part of a file: SQLite has one writer at a time, so a transaction
// that has begun writing holds the whole file. This gate is the test's lock instead: while
// `<CPS_TEST_WRITE_GATE>/hold` names a table, the first INSERT into it inside a transaction
// writes `held` (what that transaction had changed by then) and waits until `hold` is removed.
// The process is frozen there, its transaction open, for the test to kill it. Nothing else of
// the service changes: without a `hold` file every statement runs as it would.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.CPS_TEST_WRITE_GATE;
if (dir) {
  const Database = require('better-sqlite3');
  const probe = new Database(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('SELECT 1'));
  probe.close();

  const holdFile = path.join(dir, 'hold');
  const heldFile = path.join(dir, 'held');
  // Rows changed by the open transaction, per connection (TypeORM has one per SQLite file).
  const written = new WeakMap();
  const pause = new Int32Array(new SharedArrayBuffer(4));
  // Never forever: a test that died without releasing must not leave a process frozen.
  const MAX_HOLD_MS = 60_000;

  const heldTable = () => {
    try {
      return fs.readFileSync(holdFile, 'utf8').trim();
    } catch {
      return undefined;
    }
  };

  function waitHere(db, source) {
    fs.writeFileSync(heldFile, JSON.stringify({ rowsWritten: written.get(db) ?? 0, statement: source }));
    const deadline = Date.now() + MAX_HOLD_MS;
    while (fs.existsSync(holdFile) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 20);
  }

  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = statement[method];
    statement[method] = function gated(...args) {
      const db = this.database;
      if (/^\s*BEGIN/i.test(this.source)) written.set(db, 0);
      if (db.inTransaction && /^\s*INSERT\s+INTO\s/i.test(this.source)) {
        const table = heldTable();
        if (table && new RegExp(`^\\s*INSERT\\s+INTO\\s+["\`]?${table}["\`]?[\\s(]`, 'i').test(this.source)) waitHere(db, this.source);
      }
      const result = original.apply(this, args);
      if (method === 'run' && db.inTransaction) written.set(db, (written.get(db) ?? 0) + result.changes);
      return result;
    };
  }
}
