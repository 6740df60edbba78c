/**
 * Instances that start together on a fresh database make the schema once: three members
 * processes started at the same moment on a new MariaDB database all come up, and every
 * migration ran exactly once (MySQL's DDL is not transactional; without the lock they race).
 */
import { randomBytes } from 'node:crypto';
import { DEV_AUTH_SECRET, type ServiceProcess } from '@cps/service-kit';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { dropStackDatabases, freePort } from '../harness';
import { subgraphProcess } from '../faults/tools';

const mysqlUrl = process.env.MYSQL_URL;

describe.skipIf(!mysqlUrl)('several instances starting together on one MariaDB database', () => {
  it('three members instances started at once make the schema once, and all of them serve', async () => {
    const prefix = `cps_t${randomBytes(4).toString('hex')}_`;
    const env = { DB: 'mysql', MYSQL_URL: mysqlUrl, DB_NAME_PREFIX: prefix, AUTH_SECRET: DEV_AUTH_SECRET, LOG_LEVEL: 'warn', NODE_OPTIONS: process.env.NODE_OPTIONS };
    const instances: ServiceProcess[] = [];
    try {
      for (let i = 0; i < 3; i++) instances.push(subgraphProcess('members', await freePort(), env, 60_000));
      await Promise.all(instances.map((instance) => instance.start()));
      const url = new URL(mysqlUrl!);
      const db = await new DataSource({
        type: 'mysql', host: url.hostname, port: Number(url.port || 3306), username: decodeURIComponent(url.username), password: decodeURIComponent(url.password), database: `${prefix}members`,
      }).initialize();
      try {
        const runs: Array<{ name: string; times: string | number }> = await db.query('SELECT name, COUNT(*) AS times FROM migrations GROUP BY name');
        expect(runs.length).toBeGreaterThanOrEqual(5);
        for (const run of runs) expect(Number(run.times), run.name).toBe(1);
        const tables: Array<{ name: string }> = await db.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()');
        expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['member', 'equipment', 'tier_change', 'outbox_email', 'recalculation_run', 'policy_version', 'used_proof_nonce']));
      } finally {
        await db.destroy();
      }
      for (const instance of instances) expect((await fetch(instance.readyUrl)).status).toBe(200);
    } finally {
      await Promise.all(instances.map((instance) => instance.kill()));
      await dropStackDatabases(mysqlUrl!, prefix);
    }
  }, 120_000);
});
