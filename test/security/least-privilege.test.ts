/**
 * Least privilege and no disclosure (the red-team points), through real services over HTTP: what
 * each subgraph receives, which tokens are accepted, that a proof is good once across restarts and
 * replicas, the anonymous rate limit, and inputs that are text.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createGatewayServer, readGatewayConfig } from '@cps/gateway';
import { createServer as createMembers } from '@cps/members';
import { GATEWAY_PROOF_HEADER, readServiceConfig, scrubText, type RunningService, type SubgraphName } from '@cps/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, errorCodes, freePort, startStack, type Stack } from '../harness';
import { REGISTER_MEMBER } from '../lifecycle/workflows';
import { send } from './helpers';

interface Received {
  service: SubgraphName;
  authorization?: string;
  proof: string;
  body: string;
}

/** A pass-through in front of a subgraph that writes down what the gateway sends it. */
async function recordingProxy(service: SubgraphName, target: string, log: Received[]): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      log.push({ service, authorization: req.headers.authorization, proof: String(req.headers[GATEWAY_PROOF_HEADER] ?? ''), body });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers[name] = value;
      const answer = await fetch(target, { method: req.method, headers, body: req.method === 'POST' ? body : undefined });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(await answer.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, close: () => new Promise((r) => server.close(() => r())) };
}

/** An HS256 JWT with exactly these claims (the project's signToken always sets an expiry). */
const sign = async (secret: string, claims: Record<string, unknown>, times: { exp?: number; iat?: number } = {}) => {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ ...claims, ...times })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
};
const nowS = () => Math.floor(Date.now() / 1000);

describe.each(databaseKinds())('least privilege (%s)', (db) => {
  let stack: Stack;
  let gateway: RunningService;
  const received: Received[] = [];
  const proxies: Array<{ close(): Promise<void> }> = [];
  beforeAll(async () => {
    stack = await startStack({ db, env: { RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' } });
    // A second gateway, the same as the stack's, in front of recording proxies.
    const urls: Record<string, string> = {};
    for (const name of ['members', 'catalogue', 'regions'] as SubgraphName[]) {
      const proxy = await recordingProxy(name, stack.subgraphs[name].url, received);
      proxies.push(proxy);
      urls[`${name.toUpperCase()}_URL`] = proxy.url;
    }
    gateway = await createGatewayServer(
      readGatewayConfig({ ...stack.env, ...urls, GATEWAY_PORT: '0', SUPERGRAPH_FILE: path.join(stack.data.dir, 'supergraph.graphql'), RATE_LIMIT_ANONYMOUS_PER_MINUTE: '5' }),
    );
  });
  afterAll(async () => {
    await gateway?.close();
    await Promise.all(proxies.map((p) => p.close()));
    await stack?.close();
  });
  const viaGateway = (query: string, token?: string, variables?: object) =>
    send(gateway.url, { body: { query, variables }, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it("tokens go only where an identity is needed: the catalogue and regions never receive a member's, handler's or admin's token", async () => {
    received.length = 0;
    const query = '{ me { number tier equipment { product { model serialHint } } country { name language } } products { model } countries { code } }';
    for (const token of [await stack.token({ member: 2 }), await stack.token({ role: 'handler' }), await stack.token({ role: 'admin' })]) {
      const response = await viaGateway(query, token);
      expect(response.status).toBe(200);
    }
    const by = (service: SubgraphName) => received.filter((r) => r.service === service);
    expect(by('catalogue').length).toBeGreaterThan(0);
    expect(by('regions').length).toBeGreaterThan(0);
    for (const request of [...by('catalogue'), ...by('regions')]) expect(request.authorization, request.service).toBeUndefined();
    expect(by('members').every((r) => r.authorization?.startsWith('Bearer '))).toBe(true);
  });

  it('a proof is good once: not again on the same instance, nor on another replica, nor after a restart', async () => {
    const member = received.find((r) => r.service === 'members' && r.authorization)!;
    const replay = (url: string) =>
      send(url, { body: member.body, headers: { [GATEWAY_PROOF_HEADER]: member.proof, authorization: member.authorization! } });
    // A second members instance on the same database: a replica, and what a restarted one sees.
    const port = await freePort();
    const replica = await createMembers(readServiceConfig('members', { ...stack.env, MEMBERS_PORT: String(port) }), { ...stack.env, MEMBERS_PORT: String(port) });
    try {
      for (const target of [replica.url, stack.subgraphs.members.url]) {
        const response = await replay(target);
        expect(response.status).toBe(403);
        expect(response.body.errors[0].message).toMatch(/used twice/);
      }
    } finally {
      await replica.close();
    }
  });

  it('a token must expire, within the longest lifetime allowed, and name a role; an oversized one is a JSON error', async () => {
    const secret = stack.env.AUTH_SECRET!;
    const refused = async (token: string, reason: RegExp) => {
      const response = await viaGateway('{ me { number } }', token);
      expect(response.status).toBe(401);
      expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(response.body.errors[0].message).toMatch(reason);
    };
    await refused(await sign(secret, { sub: '2', roles: ['member'] }), /"exp"/);
    await refused(await sign(secret, { sub: '2', roles: ['member'] }, { iat: nowS(), exp: nowS() + 40 * 24 * 3600 }), /longer than the 24 h/);
    // A made-up issue time does not stretch it: the limit also counts from now.
    await refused(await sign(secret, { sub: '2', roles: ['member'] }, { iat: nowS() + 40 * 24 * 3600 - 3600, exp: nowS() + 40 * 24 * 3600 }), /issued in the future/);
    await refused(await sign(secret, { sub: '2', roles: ['member'] }, { iat: nowS() - 1000, exp: nowS() + 40 * 24 * 3600 }), /longer than the 24 h/);
    const fine = await viaGateway('{ me { number } }', await sign(secret, { sub: '2', roles: ['member'] }, { iat: nowS(), exp: nowS() + 3600 }));
    expect(fine.body.data.me.number).toBe('10000002');
    for (const roles of [[], ['superuser']]) {
      const noRole = await viaGateway('{ me { number } member(id: "2") { name } }', await sign(secret, { sub: '2', roles }, { iat: nowS(), exp: nowS() + 3600 }));
      expect(noRole.body.data?.me ?? null).toBeNull();
      expect(noRole.body.data?.member ?? null).toBeNull();
      expect(new Set(codesOf(noRole.body))).toEqual(new Set(['FORBIDDEN']));
    }
    const oversized: Array<Record<string, string>> = [{ authorization: `Bearer ${'a'.repeat(5000)}` }, { 'x-filler': 'b'.repeat(70_000) }];
    for (const headers of oversized) {
      const response = await send(gateway.url, { body: { query: '{ countries { code } }' }, headers });
      expect([401, 431]).toContain(response.status);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(response.body.errors[0].extensions.code).toMatch(/UNAUTHENTICATED|HEADERS_TOO_LARGE/);
    }
  });

  it('anonymous mutations are limited per client address (429, a code, Retry-After); signed-in ones are not', async () => {
    const signUp = (n: number) =>
      viaGateway(REGISTER_MEMBER, undefined, {
        input: { name: `Harvest ${n}`, email: `harvest.${n}.${Date.now()}@example.org`, address: { street: 'x 1', postalCode: '1', city: 'y', countryCode: 'DE' } },
      });
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof signUp>> | undefined;
    for (let n = 0; n < 7; n++) {
      const response = await signUp(n);
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(limited).toBeDefined();
    expect(limited!.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Reading stays open, and a member's own mutations are not anonymous.
    expect((await viaGateway('{ countries { code } }')).status).toBe(200);
    const mine = await viaGateway('mutation { updateMember(id: "2", input: { name: "Tom Baker" }) { name } }', await stack.token({ member: 2 }));
    expect(mine.body.data.updateMember.name).toBe('Tom Baker');
  });

  it('look-alike and invisible variants of an e-mail address make no second account', async () => {
    const email = `anna.${Date.now()}@example.org`;
    const signUp = (address: string) =>
      stack.query(REGISTER_MEMBER, { variables: { input: { name: 'Anna', email: address, address: { street: 'x 1', postalCode: '1', city: 'y', countryCode: 'DE' } } } });
    expect((await signUp(email)).errors).toBeUndefined();
    const fullWidth = email.replace('anna', 'ａｎｎａ');
    for (const variant of [fullWidth, email.replace('@', '\u200b@'), email.toUpperCase()]) {
      const response = await signUp(variant);
      expect([errorCodes(response), response.errors?.[0].extensions?.field], JSON.stringify(variant)).toEqual([['BAD_USER_INPUT'], 'email']);
    }
  });

  it('who asks is checked before anyone learns whether an id exists', async () => {
    for (const id of ['1', '999999']) {
      const response = await stack.query('mutation($id: ID!) { correctEquipment(id: $id, input: { estimated: true }) { id } }', { variables: { id } });
      expect(errorCodes(response), id).toEqual(['UNAUTHENTICATED']);
      const removal = await stack.query('mutation($id: ID!) { removeEquipment(id: $id) { id } }', { variables: { id } });
      expect(errorCodes(removal), id).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('text inputs are text: control characters, separators, broken and invisible-only values are refused on their field; long values are not echoed', async () => {
    const signUp = (name: string, email = `t.${Math.random()}@example.org`) =>
      stack.query(REGISTER_MEMBER, { variables: { input: { name, email, address: { street: 'x 1', postalCode: '1', city: 'y', countryCode: 'DE' } } } });
    for (const name of ['Anna\u0007', 'Anna\u2028Berg', 'Anna \ud800', '\u200b\u200b', 'Anna\nBerg']) {
      const response = await signUp(name);
      expect([errorCodes(response), response.errors?.[0].extensions?.field], JSON.stringify(name)).toEqual([['BAD_USER_INPUT'], 'name']);
    }
    const long = `${'x'.repeat(300)}@example`;
    const response = await signUp('Anna', long);
    expect(response.errors![0].extensions!.field).toBe('email');
    expect(response.errors![0].message.length).toBeLessThan(120);
  });

  it("GraphQL's own input errors name the input as the contract does, in words a person understands", async () => {
    const token = await stack.token({ member: 2 });
    const bad = await stack.query('mutation($i: RegisterEquipmentInput!) { registerEquipment(input: $i) { id } }', {
      token, variables: { i: { productId: '7', serialNumber: '123456789012', purchaseDate: '2024-02-30', purchaseCountryCode: 'DE', dealer: 'x' } },
    });
    expect(bad.errors![0]).toMatchObject({ message: expect.stringMatching(/2024-02-30 is not a day of the calendar/), extensions: { code: 'BAD_USER_INPUT', field: 'purchaseDate' } });
    const missing = await stack.query('mutation($i: RegisterEquipmentInput!) { registerEquipment(input: $i) { id } }', {
      token, variables: { i: { productId: '7', serialNumber: '123456789012', purchaseDate: '2024-02-03', purchaseCountryCode: 'DE' } },
    });
    expect(missing.errors![0]).toMatchObject({ message: 'dealer is required.', extensions: { code: 'BAD_USER_INPUT', field: 'dealer' } });
    // A whole variable is named by its argument, whatever the client called it.
    const run = await stack.query('mutation($d: Date!) { recalculateMemberships(asOf: $d) { asOf } }', { token: await stack.token({ role: 'admin' }), variables: { d: '2026-13-01' } });
    expect(run.errors![0]).toMatchObject({ message: expect.stringMatching(/2026-13-01 is not a day of the calendar/), extensions: { code: 'BAD_USER_INPUT', field: 'asOf' } });
    expect(run.errors![0].extensions).not.toHaveProperty('argument');
  });

  it('the log scrubber hides quoted values and keeps ordinary apostrophes', () => {
    expect(scrubText("Duplicate entry 'anna@example.org' for key 'email'")).toBe("Duplicate entry '[redacted]' for key '[redacted]'");
    expect(scrubText("The member's country is not the member's address")).toBe("The member's country is not the member's address");
  });
});

const codesOf = (body: any): string[] => (body?.errors ?? []).map((e: any) => e?.extensions?.code);
