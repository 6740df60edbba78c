import {
  DEV_AUTH_SECRET,
  proofHeaders,
  readGatewaySecrets,
  readServiceConfig,
  signProof,
  signToken,
  SubgraphClient,
  SUBGRAPH_NAMES,
} from '@cps/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startStack, type Stack } from '../harness';
import { codesOf, proofHeader, send } from './helpers';

/**
 * No way around the gateway: a subgraph answers GraphQL only to requests signed with its own
 * secret (x-cps-gateway-proof: an HMAC over time, nonce, bearer token and exact body), once, within
 * 30 s. The proof says "this came through the gateway"; the bearer token still says who asks.
 */
const FORGED_ENTITIES = JSON.stringify({
  query: '{ _entities(representations: [{ __typename: "Member", id: "1" }]) { ... on Member { name email address { street } } } }',
});

describe.each(databaseKinds())('no way around the gateway (%s)', (db) => {
  let stack: Stack;
  let lucie: string;
  let admin: string;
  beforeAll(async () => {
    stack = await startStack({ db });
    lucie = `Bearer ${await stack.token({ member: 3 })}`;
    admin = `Bearer ${await stack.token({ role: 'admin' })}`;
  });
  afterAll(() => stack?.close());

  it('subgraphs listen on 127.0.0.1 unless told otherwise', () => {
    for (const name of SUBGRAPH_NAMES) {
      expect(readServiceConfig(name, {}).host).toBe('127.0.0.1');
      expect(stack.subgraphs[name].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    }
  });

  it.each(SUBGRAPH_NAMES)('a request straight to %s without the proof is refused (401, GATEWAY_PROOF_REQUIRED)', async (name) => {
    const response = await send(stack.subgraphs[name].url, { body: { query: '{ __typename }' }, headers: { authorization: admin } });
    expect(response.status).toBe(401);
    expect(codesOf(response.body)).toEqual(['GATEWAY_PROOF_REQUIRED']);
    expect(response.body.data).toBeUndefined();
  });

  it('_entities with forged member representations is refused without the proof, whatever the token', async () => {
    for (const authorization of [lucie, admin, undefined]) {
      const response = await send(stack.subgraphs.members.url, {
        body: FORGED_ENTITIES,
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(401);
      expect(response.text).not.toMatch(/Anna|anna\.schmidt|Friedrich/);
    }
  });

  it('the gateway does not offer _entities or _service to clients', async () => {
    const response = await send(stack.gatewayUrl, { body: FORGED_ENTITIES, headers: { authorization: admin } });
    expect(response.status).toBe(400);
    expect(codesOf(response.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const service = await send(stack.gatewayUrl, { body: { query: '{ _service { sdl } }' } });
    expect(codesOf(service.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('a proof made with another subgraph’s secret, stale, from the future, malformed, for another body or another token is refused (403)', async () => {
    const url = stack.subgraphs.members.url;
    const secrets = readGatewaySecrets(stack.env);
    const body = FORGED_ENTITIES;
    const attempts: Array<[string, Record<string, string>, string?]> = [
      ['catalogue secret', { authorization: lucie, 'x-cps-gateway-proof': signProof(secrets.catalogue, body, lucie) }],
      ['stale', { authorization: lucie, 'x-cps-gateway-proof': signProof(secrets.members, body, lucie, Date.now() - 60_000) }],
      ['future', { authorization: lucie, 'x-cps-gateway-proof': signProof(secrets.members, body, lucie, Date.now() + 60_000) }],
      ['malformed', { authorization: lucie, 'x-cps-gateway-proof': 'sig=00' }],
      ['other body', { authorization: lucie, 'x-cps-gateway-proof': signProof(secrets.members, '{"query":"{ __typename }"}', lucie) }],
      // A proof seen with Lucie's token cannot carry an admin token instead.
      ['other token', { authorization: admin, 'x-cps-gateway-proof': signProof(secrets.members, body, lucie) }],
      ['token removed', { 'x-cps-gateway-proof': signProof(secrets.members, body, lucie) }],
    ];
    for (const [label, headers] of attempts) {
      const response = await send(url, { body, headers });
      expect({ label, status: response.status, codes: codesOf(response.body) }).toEqual({
        label,
        status: 403,
        codes: ['GATEWAY_PROOF_INVALID'],
      });
    }
  });

  it('a proof is accepted once: replaying it is refused', async () => {
    const body = JSON.stringify({ query: '{ countries { code } }' });
    const headers = proofHeader(stack, 'regions', body);
    const first = await send(stack.subgraphs.regions.url, { body, headers });
    expect(first.status).toBe(200);
    expect(first.body.data.countries.length).toBeGreaterThan(20);
    const replay = await send(stack.subgraphs.regions.url, { body, headers });
    expect(replay.status).toBe(403);
    expect(codesOf(replay.body)).toEqual(['GATEWAY_PROOF_INVALID']);
  });

  it('with a valid proof a subgraph still checks who asks: forged _entities for another member are FORBIDDEN', async () => {
    const ask = (authorization?: string) =>
      send(stack.subgraphs.members.url, {
        body: FORGED_ENTITIES,
        headers: { ...(authorization ? { authorization } : {}), ...proofHeader(stack, 'members', FORGED_ENTITIES, authorization) },
      });
    const other = await ask(lucie);
    expect(codesOf(other.body)).toEqual(['FORBIDDEN']);
    expect(other.body.data._entities).toEqual([null]);
    expect(codesOf((await ask(undefined)).body)).toEqual(['UNAUTHENTICATED']);
    const forged = `Bearer ${await signToken('not-the-secret-'.repeat(3), { sub: '1', roles: ['admin'] })}`;
    const badToken = await ask(forged);
    expect(badToken.status).toBe(401);
    expect(codesOf(badToken.body)).toEqual(['UNAUTHENTICATED']);
    // The gateway's own request, as it would make it, is answered.
    const staff = await ask(admin);
    expect(staff.body.data._entities[0].name).toBe('Anna Schmidt');
  });

  it('the proof covers the exact bytes: unicode bodies signed by the gateway are accepted', async () => {
    const response = await stack.query('query($m: String!) { productByModel(model: $m) { id } }', {
      variables: { m: 'EOS R5 \u00fc\u00df\u{1F4F7}\u202e\u0000 "quoted" \\ back' },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data.productByModel).toBeNull();
  });

  it('GET on a subgraph is refused (405); health endpoints stay open', async () => {
    for (const name of SUBGRAPH_NAMES) {
      const url = stack.subgraphs[name].url;
      const get = await send(`${url}?query=${encodeURIComponent('{ __typename }')}`, {
        method: 'GET',
        headers: { 'apollo-require-preflight': 'true' },
      });
      expect(get.status).toBe(405);
      expect(codesOf(get.body)).toEqual(['BAD_REQUEST']);
      expect((await fetch(new URL('/health/live', url))).status).toBe(200);
      expect((await fetch(new URL('/health/ready', url))).status).toBe(200);
    }
  });

  it('one subgraph asking another signs with the target’s secret (SubgraphClient + proofHeaders)', async () => {
    const secrets = readGatewaySecrets(stack.env);
    const query = 'query($id: ID!) { product(id: $id) { model } }';
    const signed = new SubgraphClient('catalogue', stack.subgraphs.catalogue.url, { headers: proofHeaders(secrets.catalogue) });
    expect(await signed.query(query, { id: '4' })).toEqual({ product: { model: 'EOS R5' } });
    const unsigned = new SubgraphClient('catalogue', stack.subgraphs.catalogue.url);
    await expect(unsigned.query(query, { id: '4' })).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    const wrongKey = new SubgraphClient('catalogue', stack.subgraphs.catalogue.url, { headers: proofHeaders(secrets.members) });
    await expect(wrongKey.query(query, { id: '4' })).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
  });

  it('requests through the gateway carry the proof and are answered', async () => {
    const response = await stack.query('{ me { number country { name } equipment { product { model } } } }', {
      token: await signToken(DEV_AUTH_SECRET, { sub: '2', roles: ['member'] }),
    });
    expect(response.errors).toBeUndefined();
    expect(response.data.me).toMatchObject({ number: '10000002', country: { name: 'United Kingdom' } });
  });
});
