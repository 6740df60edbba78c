import { describe, expect, it } from 'vitest';
import { databaseKinds, stackFor } from './harness';

const ready = async (graphqlUrl: string) => {
  const response = await fetch(new URL('/health/ready', graphqlUrl));
  return { status: response.status, body: (await response.json()) as any };
};

describe.each(databaseKinds())('readiness checks (%s)', (db) => {
  const stack = stackFor({ db });

  it('each subgraph reports its database and the policy version it serves', async () => {
    for (const service of Object.values(stack.subgraphs)) {
      const { status, body } = await ready(service.url);
      expect(status).toBe(200);
      expect(body).toMatchObject({ service: service.name, ready: true, database: 'up' });
      expect(body.policy.version).toMatch(/^[0-9a-f]{8,}$/);
    }
  });

  it('the gateway reports every subgraph, and stays ready (degraded) when one is down', async () => {
    const before = await ready(stack.gatewayUrl);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ ready: true, degraded: false });
    expect(Object.keys(before.body.subgraphs).sort()).toEqual(['catalogue', 'members', 'regions']);
    expect(before.body.subgraphs.members).toMatchObject({ ready: true, detail: { database: 'up' } });

    await stack.subgraphs.regions.close();
    const after = await ready(stack.gatewayUrl);
    // A load balancer keeps the gateway in: it still answers everything regions does not provide.
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ ready: true, degraded: true });
    expect(after.body.subgraphs.regions.ready).toBe(false);
    expect(after.body.subgraphs.members.ready).toBe(true);
    // The dashboard does not need regions: members serves the country from the same rule packs.
    const dashboard = await stack.query('{ me { name country { name maxTier } equipment { product { model } } } }', { token: await stack.token({ member: 4 }) });
    expect(dashboard.errors).toBeUndefined();
    expect(dashboard.data.me.country).toEqual({ name: 'Estonia', maxTier: 'SILVER' });
    const countries = await stack.query('{ countries { code } }');
    expect(countries.errors![0].extensions!.code).toBe('SERVICE_UNAVAILABLE');
  });
});

describe.each(databaseKinds())('readiness in production (%s)', (db) => {
  const stack = stackFor({ db, env: { HARDENING: 'on' } });

  it('shows no internal URLs or policy errors to the public; an admin token sees the full report', async () => {
    for (const url of [stack.gatewayUrl, ...Object.values(stack.subgraphs).map((s) => s.url)]) {
      const response = await fetch(new URL('/health/ready', url));
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toMatch(/http:|127\.0\.0\.1|lastError|loadedAt/);
      expect(JSON.parse(text).ready).toBe(true);
    }
    const publicView = (await ready(stack.gatewayUrl)).body;
    expect(publicView.subgraphs.members).toEqual({ ready: true });
    const admin = await fetch(new URL('/health/ready', stack.gatewayUrl), { headers: { authorization: `Bearer ${await stack.token({ role: 'admin' })}` } });
    const full = (await admin.json()) as any;
    expect(full.subgraphs.members.url).toBe(stack.subgraphs.members.url);
    const member = await fetch(new URL('/health/ready', stack.subgraphs.members.url), { headers: { authorization: `Bearer ${await stack.token({ member: 1 })}` } });
    expect(await member.text()).not.toMatch(/loadedAt/);
  });
});
