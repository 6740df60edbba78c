/**
 * deploy/compose.replicas.yml over docker-compose.yml runs two of every service behind HAProxy.
 * No Docker engine here: the files are read, merged as docker compose merges them, and checked
 * against the balancer's configuration and the services' own settings readers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readGatewayConfig } from '@cps/gateway';
import { readSubgraphUrl, SERVICE_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '@cps/service-kit';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..', '..');
// `!reset` is compose's tag for "drop what the base file says".
const read = (file: string) =>
  parse(fs.readFileSync(path.join(root, file), 'utf8'), { merge: true, customTags: [{ tag: '!reset', collection: 'seq', resolve: () => ({ reset: true }) }] });
const base = read('docker-compose.yml');
const overlay = read('deploy/compose.replicas.yml');
const haproxy = fs.readFileSync(path.join(root, 'deploy', 'haproxy.cfg'), 'utf8');
const SERVICES = [...SUBGRAPH_NAMES, 'gateway'] as const;

/** A service's environment after the overlay (placeholders left as they are: only URLs matter here). */
const environmentOf = (name: string) => ({ ...base.services[name].environment, ...overlay.services[name]?.environment }) as Record<string, string>;

/** The port the balancer listens on for `service`, from haproxy.cfg: frontend → backend → server-template. */
function balancerPortOf(service: string, port: number): number {
  const backend = [...haproxy.matchAll(/^backend (\S+)\n((?:[ \t].*\n?)*)/gm)].find((b) => new RegExp(`server-template \\S+ \\d+ ${service}:${port} check`).test(b[2]));
  expect(backend, `a backend over ${service}:${port}`).toBeDefined();
  expect(backend![2]).toMatch(/balance roundrobin/);
  expect(backend![2]).toMatch(/option httpchk GET \/health\/ready/);
  const frontend = [...haproxy.matchAll(/^frontend \S+\n((?:[ \t].*\n?)*)/gm)].find((f) => f[1].includes(`default_backend ${backend![1]}`));
  return Number(/bind :(\d+)/.exec(frontend![1])![1]);
}

describe('deploy/compose.replicas.yml: two of everything behind a balancer', () => {
  it.each(SERVICES)('runs two instances of %s, balanced round robin with health checks', (name) => {
    expect(overlay.services[name].deploy.replicas).toBeGreaterThanOrEqual(2);
    expect(balancerPortOf(name, SERVICE_PORTS[name])).toBe(SERVICE_PORTS[name]);
  });

  it('every service reaches its peers through the balancer, never one instance directly', () => {
    for (const name of SERVICES) {
      for (const peer of SUBGRAPH_NAMES) {
        const url = new URL(readSubgraphUrl(environmentOf(name), peer as SubgraphName));
        expect(url.hostname, `${name} → ${peer}`).toBe('balancer');
        expect(Number(url.port)).toBe(balancerPortOf(peer, SERVICE_PORTS[peer]));
      }
    }
    const gateway = readGatewayConfig({ ...environmentOf('gateway'), MEMBERS_GATEWAY_SECRET: 'm'.repeat(40), CATALOGUE_GATEWAY_SECRET: 'c'.repeat(40), REGIONS_GATEWAY_SECRET: 'r'.repeat(40), AUTH_SECRET: 'a'.repeat(40) });
    for (const name of SUBGRAPH_NAMES) expect(gateway.subgraphUrls[name]).toMatch(/^http:\/\/balancer:/);
  });

  it('the balancer publishes the gateway on 4000 (the gateways publish nothing), and retries only what never reached an instance', () => {
    expect(overlay.services.balancer.ports).toEqual([`${SERVICE_PORTS.gateway}:${SERVICE_PORTS.gateway}`]);
    expect(overlay.services.gateway.ports).toMatchObject({ reset: true });
    expect(overlay.services.balancer.volumes).toContain('./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    // A mutation whose answer was lost may have been applied: it must not be sent again.
    expect([...haproxy.matchAll(/^\s*retry-on (.+)$/gm)].map((m) => m[1].trim())).toEqual(['conn-failure']);
  });
});
