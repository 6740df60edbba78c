/**
 * Rule files that differ between machines show in the gateway's health: two regions instances
 * behind one balancer, one of them given other rule files, and the gateway reports the regions
 * subgraph degraded once they have disagreed for longer than POLICY_DISAGREEMENT_MS — and agreeing
 * again once the files are the same.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DEV_AUTH_SECRET, ServiceProcess, SUBGRAPH_NAMES, type Env, type SubgraphName } from '@cps/service-kit';
import { describe, expect, it } from 'vitest';
import { dropStackDatabases, freePort } from '../harness';
import { eventually, subgraphProcess } from '../faults/tools';
import { roundRobinBalancer, type Balancer } from './round-robin-balancer';

const mysqlUrl = process.env.MYSQL_URL;
const root = path.resolve(__dirname, '..', '..');

describe.skipIf(!mysqlUrl)('instances of one subgraph serving different policies (mysql)', () => {
  it('the gateway shows the disagreement after the tolerance, and agreement once the files match again', async () => {
    const prefix = `cps_t${randomBytes(4).toString('hex')}_`;
    const rules = [0, 1].map(() => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-rules-'));
      fs.cpSync(path.join(root, 'rules'), dir, { recursive: true });
      return dir;
    });
    const ports = { members: [await freePort()], catalogue: [await freePort()], regions: [await freePort(), await freePort()] } as Record<SubgraphName, number[]>;
    const balancers: Balancer[] = [];
    const urls: Record<string, string> = {};
    for (const name of SUBGRAPH_NAMES) {
      const balancer = await roundRobinBalancer(ports[name]);
      balancers.push(balancer);
      urls[`${name.toUpperCase()}_URL`] = balancer.url;
    }
    const env: Env = { DB: 'mysql', MYSQL_URL: mysqlUrl, DB_NAME_PREFIX: prefix, AUTH_SECRET: DEV_AUTH_SECRET, RULES_DIR: rules[0], LOG_LEVEL: 'warn', NODE_OPTIONS: process.env.NODE_OPTIONS, ...urls };
    const services: ServiceProcess[] = [
      subgraphProcess('catalogue', ports.catalogue[0], env, 60_000),
      subgraphProcess('members', ports.members[0], env, 60_000),
      subgraphProcess('regions', ports.regions[0], env, 60_000),
      // The second regions instance reads the other copy of the rules.
      subgraphProcess('regions', ports.regions[1], { ...env, RULES_DIR: rules[1] }, 60_000),
    ];
    const gatewayPort = await freePort();
    const gateway = new ServiceProcess({
      name: 'gateway',
      port: gatewayPort,
      env: { PATH: process.env.PATH, ...env, GATEWAY_PORT: String(gatewayPort), SUBGRAPH_HEALTH_POLL_MS: '200', POLICY_DISAGREEMENT_MS: '1500' } as Env,
      startupMs: 60_000,
    });
    try {
      await services[0].start();
      await Promise.all(services.slice(1).map((s) => s.start()));
      await gateway.start();
      const health = async () => (await fetch(gateway.readyUrl)).json();
      const regions = async () => (await health()).policies?.regions;
      expect(await eventually(async () => Object.keys((await regions())?.instances ?? {}).length === 2, 10_000), 'the gateway sees both regions instances').toBe(true);
      expect(await regions()).toMatchObject({ agree: true, degraded: false });

      // One machine gets other rule files: a benefit described differently.
      const benefits = path.join(rules[1], 'benefits.json');
      const original = fs.readFileSync(benefits, 'utf8');
      fs.writeFileSync(benefits, original.replace(/("description": ")/, '$1Changed on one machine only. '));
      expect(await eventually(async () => (await regions())?.agree === false, 10_000), 'the versions differ').toBe(true);
      const noticedAt = Date.now();
      expect(await eventually(async () => (await regions())?.degraded === true, 10_000), 'and the gateway says so').toBe(true);
      expect(Date.now() - noticedAt).toBeGreaterThanOrEqual(1000);
      const report = await health();
      expect(report.degraded).toBe(true);
      expect(new Set(Object.values(report.policies.regions.instances)).size).toBe(2);
      // The other subgraphs are not affected.
      expect(report.policies.members).toMatchObject({ agree: true, degraded: false });

      // The same files again: agreement comes back.
      fs.writeFileSync(benefits, original);
      expect(await eventually(async () => (await regions())?.agree === true, 10_000), 'the versions agree again').toBe(true);
      expect(await regions()).toMatchObject({ degraded: false });
    } finally {
      await Promise.all([gateway, ...services].map((s) => s.kill()));
      await Promise.all(balancers.map((b) => b.close()));
      await dropStackDatabases(mysqlUrl!, prefix);
      for (const dir of rules) fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
