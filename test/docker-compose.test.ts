import fs from 'node:fs';
import path from 'node:path';
import { readGatewayConfig } from '@cps/gateway';
import { readMembersSettings } from '@cps/members';
import { readServiceConfig, readSubgraphUrl, SERVICE_PORTS, SUBGRAPH_NAMES, type Env, type SubgraphName } from '@cps/service-kit';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Docker engine here: read the file and run its settings through the services' own config readers.
const root = path.resolve(__dirname, '..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const secrets: Record<string, string> = {
  CPS_AUTH_SECRET: 'x'.repeat(40),
  SMTP_URL: 'smtp://mail:587',
  CPS_MEMBERS_GATEWAY_SECRET: 'm'.repeat(40),
  CPS_CATALOGUE_GATEWAY_SECRET: 'c'.repeat(40),
  CPS_REGIONS_GATEWAY_SECRET: 'r'.repeat(40),
};

/** The service's environment with ${VAR:?...} filled in as docker compose would (every password is "pw"). */
function environmentOf(service: string): Env {
  const env = compose.services[service].environment as Record<string, string>;
  const valueOf = (name: string, fallback?: string) => secrets[name] ?? (name.endsWith('_PASSWORD') ? 'pw' : fallback) ?? '';
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{(\w+)(?::\?[^}]*|:-([^}]*))?\}/g, (_, name, fallback) => valueOf(name, fallback))]),
  );
}

/** The database server's service: the host of the subgraphs' MYSQL_URL. */
const database = new URL(environmentOf('members').MYSQL_URL!).hostname;

describe('docker-compose.yml', () => {
  it('.env.example names every setting the file needs, and says how to make the secrets', () => {
    const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
    const needed = new Set([...fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8').matchAll(/\$\{(\w+)/g)].map((m) => m[1]));
    const named = new Set([...example.matchAll(/^(\w+)=/gm)].map((m) => m[1]));
    expect([...needed].filter((name) => !named.has(name))).toEqual([]);
    expect(example).toMatch(/randomBytes\(32\)/);
    expect(fs.readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n')).toContain('.env');
  });

  it('the image runs on the current Node LTS', () => {
    const dockerfile = fs.readFileSync(path.join(root, 'deploy', 'Dockerfile'), 'utf8');
    const versions = [...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions) expect(version).toBeGreaterThanOrEqual(24);
  });

  it('runs the database server CI tests (MariaDB) and the four services; other services only in a profile', () => {
    const always = Object.keys(compose.services).filter((name) => !compose.services[name].profiles);
    expect(always.sort()).toEqual([database, 'catalogue', 'gateway', 'members', 'regions'].sort());
    // .ci/run tests on Debian's mariadb-server: the file must run the same server, not MySQL.
    expect(compose.services[database].image).toMatch(/^mariadb:\d/);
  });

  it.each(SUBGRAPH_NAMES)('%s runs its compiled entry point on MySQL, on its own port and database', (name) => {
    const service = compose.services[name];
    expect(service.command).toEqual(['node', `subgraphs/${name}/dist/main.js`]);
    expect(fs.existsSync(path.join(root, 'subgraphs', name, 'src', 'main.ts'))).toBe(true);
    const config = readServiceConfig(name, environmentOf(name));
    expect(config.port).toBe(SERVICE_PORTS[name]);
    expect(config.host).toBe('0.0.0.0');
    expect(config.production).toBe(true);
    expect(config.hardening).toBe(true);
    expect(config.database).toMatchObject({ type: 'mysql', url: `mysql://cps:pw@${database}:3306`, database: `cps_${name}`, pool: { size: 10 } });
    expect(config.rulesDir).toBe('/app/rules');
    expect(service.healthcheck.test.join(' ')).toContain(`127.0.0.1:${SERVICE_PORTS[name]}/health/ready`);
    expect(service.depends_on[database].condition).toBe('service_healthy');
  });

  it('members finds the catalogue, sends mail over SMTP and reads candidate policies', () => {
    const settings = readMembersSettings(environmentOf('members'));
    expect(readSubgraphUrl(environmentOf('members'), 'catalogue')).toBe(`http://catalogue:${SERVICE_PORTS.catalogue}/graphql`);
    // Dealers and countries are in the country files members reads itself: it never calls regions.
    expect(environmentOf('members').REGIONS_GATEWAY_SECRET).toBeUndefined();
    expect(settings.smtpUrl).toBe('smtp://mail:587');
    expect(settings.policyCandidatesDir).toBe('/app/policy-candidates');
    expect(settings.demoMembers).toBe(false);
    expect(compose.services.members.volumes).toContain('./policy-candidates:/app/policy-candidates:ro');
  });

  it('creates the three databases and lets the services user use them', () => {
    const init = fs.readFileSync(path.join(root, 'deploy', 'mysql-init.sql'), 'utf8');
    for (const name of SUBGRAPH_NAMES) expect(init).toContain(`cps_${name}`);
    expect(compose.services[database].volumes.join(' ')).toContain('./deploy/mysql-init.sql');
  });

  it('the gateway is published on 4000 and finds every subgraph by service name and port', () => {
    const gateway = compose.services.gateway;
    expect(gateway.command).toEqual(['node', 'gateway/dist/main.js']);
    expect(gateway.ports).toContain(`${SERVICE_PORTS.gateway}:${SERVICE_PORTS.gateway}`);
    const config = readGatewayConfig(environmentOf('gateway'));
    expect(config.host).toBe('0.0.0.0');
    expect(config.port).toBe(SERVICE_PORTS.gateway);
    expect(config.hardening).toBe(true);
    for (const name of SUBGRAPH_NAMES) {
      expect(config.subgraphUrls[name]).toBe(`http://${name}:${SERVICE_PORTS[name]}/graphql`);
      expect(gateway.depends_on[name].condition).toBe('service_healthy');
    }
  });

  it('every service shares the same auth secret, which production requires', () => {
    const secretsSeen = new Set(['gateway', ...SUBGRAPH_NAMES].map((s) => environmentOf(s).AUTH_SECRET));
    expect(secretsSeen.size).toBe(1);
    expect(() => readServiceConfig('members', { ...environmentOf('members'), AUTH_SECRET: undefined })).toThrow(/AUTH_SECRET/);
  });

  it('each subgraph has a gateway-proof secret of its own, which the gateway signs with and production requires', () => {
    const gateway = readGatewayConfig(environmentOf('gateway'));
    expect(new Set(Object.values(gateway.gatewaySecrets)).size).toBe(3);
    for (const name of SUBGRAPH_NAMES) {
      const env = environmentOf(name);
      const config = readServiceConfig(name, env);
      // The subgraph checks with the secret the gateway signs with for it.
      expect(config.gatewaySecrets[name]).toBe(gateway.gatewaySecrets[name]);
      expect(() => readServiceConfig(name, { ...env, [`${name.toUpperCase()}_GATEWAY_SECRET`]: undefined })).toThrow(
        new RegExp(`${name.toUpperCase()}_GATEWAY_SECRET`),
      );
    }
    // A subgraph that asks another one signs with that one's secret, and holds no other secret.
    const secretsOf = (name: SubgraphName) => readServiceConfig(name, environmentOf(name)).gatewaySecrets;
    expect(secretsOf('members')).toEqual({ members: gateway.gatewaySecrets.members, catalogue: gateway.gatewaySecrets.catalogue });
    expect(secretsOf('regions')).toEqual({ regions: gateway.gatewaySecrets.regions, catalogue: gateway.gatewaySecrets.catalogue, members: gateway.gatewaySecrets.members });
    expect(secretsOf('catalogue')).toEqual({ catalogue: gateway.gatewaySecrets.catalogue, members: gateway.gatewaySecrets.members });
    expect(readSubgraphUrl(environmentOf('catalogue'), 'members')).toBe(`http://members:${SERVICE_PORTS.members}/graphql`);
  });
});
