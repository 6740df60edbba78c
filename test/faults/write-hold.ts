/**
 * A write of the members service held open by the test, inside the service's transaction, so a
 * kill lands exactly there: after the transaction changed some rows, before it commits.
 *
 * - MySQL/MariaDB: the test's own session takes `LOCK TABLES <table> READ` on the members
 *   database; the service's INSERT into that table waits for the lock, its transaction open. The
 *   server shows where: the waiting statement, and the rows its transaction changed so far.
 * - SQLite: one writer holds the whole file, so the test cannot lock part of it; the members
 *   process runs with `sqlite-write-gate.cjs` preloaded, which stops it at that INSERT instead.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Env } from '@cps/service-kit';
import type { DataSource, QueryRunner } from 'typeorm';
import { openStackDatabase, type Stack } from '../harness';
import { eventually } from './tools';

export interface HeldWrite {
  /** The statement that waits. */
  statement: string;
  /** Rows the service's open transaction had changed when it reached the hold. */
  rowsWritten: number;
}

export interface WriteHold {
  /** What the members process must start with (SQLite: the gate). */
  processOptions: { env: Env; nodeArgs: string[] };
  /** From now on, the service's next INSERT into `table` inside a transaction waits. */
  arm(table: string): Promise<void>;
  /** Resolves once the service waits at the hold; rejects after `timeoutMs`. */
  reached(timeoutMs?: number): Promise<HeldWrite>;
  /** Lets go; on MySQL also waits until the server has rolled the dead session back. */
  release(): Promise<void>;
  close(): Promise<void>;
}

const GATE = path.join(__dirname, 'sqlite-write-gate.cjs');

export function writeHold(stack: Stack): WriteHold {
  return stack.db === 'mysql' ? mysqlHold(stack) : sqliteHold();
}

function sqliteHold(): WriteHold {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-write-gate-'));
  const hold = path.join(dir, 'hold');
  const held = path.join(dir, 'held');
  return {
    processOptions: { env: { CPS_TEST_WRITE_GATE: dir }, nodeArgs: ['--require', GATE] },
    arm: async (table) => {
      fs.rmSync(held, { force: true });
      fs.writeFileSync(hold, table);
    },
    reached: async (timeoutMs = 10_000) => {
      if (!(await eventually(() => fs.existsSync(held), timeoutMs))) throw new Error(`no write reached the hold within ${timeoutMs} ms`);
      return JSON.parse(fs.readFileSync(held, 'utf8')) as HeldWrite;
    },
    release: async () => fs.rmSync(hold, { force: true }),
    close: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

interface WaitingSession {
  id: number;
  statement: string;
  rowsWritten: number;
}

function mysqlHold(stack: Stack): WriteHold {
  let database: DataSource | undefined;
  let lock: QueryRunner | undefined;
  let table = '';
  let waiting: WaitingSession | undefined;

  /** Sessions on the members database whose statement waits for the table lock. */
  const waitingSessions = async (): Promise<WaitingSession[]> =>
    database!.query(
      `SELECT p.ID AS id, p.INFO AS statement, t.trx_rows_modified AS rowsWritten
         FROM information_schema.PROCESSLIST p JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID
        WHERE p.DB = DATABASE() AND p.STATE LIKE 'Waiting for table metadata lock%'`,
    );
  const sessionGone = async (id: number) =>
    ((await database!.query('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ?', [id])) as Array<{ n: number | string }>)[0].n == 0;

  return {
    processOptions: { env: {}, nodeArgs: [] },
    arm: async (name) => {
      table = name;
      database ??= await openStackDatabase(stack, 'members');
      lock = database.createQueryRunner();
      await lock.connect();
      await lock.query(`LOCK TABLES \`${table}\` READ`);
    },
    reached: async (timeoutMs = 10_000) => {
      const insert = new RegExp(`^\\s*INSERT\\s+INTO\\s+\`?${table}\`?[\\s(]`, 'i');
      const found = await eventually(async () => {
        waiting = (await waitingSessions()).find((s) => insert.test(s.statement ?? ''));
        return waiting !== undefined;
      }, timeoutMs);
      if (!found) throw new Error(`no write reached the lock on ${table} within ${timeoutMs} ms`);
      return { statement: waiting!.statement, rowsWritten: Number(waiting!.rowsWritten) };
    },
    release: async () => {
      await lock?.query('UNLOCK TABLES');
      await lock?.release();
      lock = undefined;
      // The dead service's session runs its statement once the lock is free, finds its client
      // gone and rolls back: only then are its row locks and changes gone.
      if (waiting && !(await eventually(() => sessionGone(waiting!.id), 10_000))) {
        throw new Error(`the killed session ${waiting.id} was still open 10 s after the lock was released`);
      }
      waiting = undefined;
    },
    close: async () => {
      await lock?.query('UNLOCK TABLES').catch(() => undefined);
      await lock?.release();
      await database?.destroy();
    },
  };
}
