import { INTERNAL_ERROR_MESSAGE } from '@cps/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../gateway/src/hardening';
import { DASHBOARD_QUERY, databaseKinds, errorCodes, openStackDatabase, startStack, type Stack } from '../harness';
import { captureLogs, codesOf, FRAGMENT_BOMB, HARDENED, nestedQuery, send } from './helpers';

/**
 * Production hardening (NODE_ENV=production, or HARDENING=on as here): each item is a test, and
 * a development stack beside it shows what the item changes.
 */
const DASHBOARD = DASHBOARD_QUERY;

describe.each(databaseKinds())('production hardening (%s)', (db) => {
  let hardened: Stack;
  let development: Stack;
  let logs: ReturnType<typeof captureLogs>;
  let anna: string;
  beforeAll(async () => {
    logs = captureLogs();
    hardened = await startStack({ db, env: { ...HARDENED, LOG_LEVEL: 'info' } });
    logs.stop();
    development = await startStack({ db });
    anna = await hardened.token({ member: 1 });
  });
  afterAll(async () => {
    logs?.stop();
    await Promise.all([hardened?.close(), development?.close()]);
  });

  const both = async (query: string, token?: string) => ({
    hardened: await hardened.query(query, { token }),
    development: await development.query(query, { token }),
  });

  it('the dashboard and every contract query stay well inside the limits', async () => {
    const response = await hardened.query(DASHBOARD, { token: anna });
    expect(response.errors).toBeUndefined();
    expect(response.data.me.equipment).toHaveLength(8);
    const catalogue = await hardened.query('{ products(kind: LENS, supportedOnly: true) { id model kind tierCap supported serialPattern serialHint } countries { code name maxTier } }');
    expect(catalogue.errors).toBeUndefined();
  });

  it('introspection is off (__typename still answers)', async () => {
    const { hardened: off, development: on } = await both('{ __schema { types { name } } }');
    expect(off.status).toBe(400);
    expect(errorCodes(off)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(on.data.__schema.types.length).toBeGreaterThan(10);
    expect(errorCodes(await hardened.query('{ __type(name: "Member") { fields { name } } }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect((await hardened.query('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('no field suggestions: errors do not reveal the schema', async () => {
    const { hardened: off, development: on } = await both('{ me { nmae emial } }', anna);
    expect(on.errors![0].message).toMatch(/Did you mean/);
    expect(errorCodes(off)).toEqual(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_VALIDATION_FAILED']);
    for (const error of off.errors!) expect(error.message).not.toMatch(/Did you mean|name|email/);
    const enumValue = await hardened.query('query($k: ProductKind) { products(kind: $k) { id } }', { variables: { k: 'BODYY' } });
    expect(errorCodes(enumValue)).toEqual(['BAD_USER_INPUT']);
    expect(enumValue.errors![0].message).not.toMatch(/Did you mean|"BODY"/);
  });

  it('errors are masked: no SQL, stack or internal message reaches the client; the log has it all with the request id', async () => {
    const ds = await openStackDatabase(hardened, 'members');
    await ds.query('ALTER TABLE tier_change RENAME TO tier_change_gone');
    try {
      const raw = await send(hardened.gatewayUrl, {
        body: { query: '{ me { number tierHistory { to } } }' },
        headers: { authorization: `Bearer ${anna}`, 'x-request-id': 'mask-test-0001' },
      });
      expect(raw.status).toBeLessThan(500);
      expect(raw.headers.get('x-request-id')).toBe('mask-test-0001');
      expect(codesOf(raw.body)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(raw.body.errors[0].message).toBe(INTERNAL_ERROR_MESSAGE);
      expect(Object.keys(raw.body.errors[0].extensions).sort()).toEqual(['code', 'serviceName']);
      expect(raw.text).not.toMatch(/tier_change|SQLITE|SELECT|no such table|\.ts:|at [\w.]+ \(|stacktrace/i);
      // The members subgraph logged the original, with the same request id, at error level (the
      // log scrubs what a MySQL message quotes, table names too: its driver code says what it was).
      const logged = logs.lines.filter((l) => l.reqId === 'mask-test-0001' && l.level >= 50);
      expect(logged.map((l) => l.name)).toContain('members');
      expect(JSON.stringify(logged)).toMatch(db === 'mysql' ? /Table '\[redacted\]' doesn't exist.*"code":"ER_NO_SUCH_TABLE"/ : /no such table: tier_change/);
      // Without hardening the message is the driver's own.
      const dev = await development.query('{ me { number } }', { token: anna });
      expect(dev.errors).toBeUndefined();
    } finally {
      await ds.query('ALTER TABLE tier_change_gone RENAME TO tier_change');
      await ds.destroy();
    }
  });

  it('contract errors keep their code, field and message under masking', async () => {
    const legacy = await hardened.query('{ memberByNumber(number: "UK013795RS") { name } }', { token: anna });
    expect(legacy.errors![0]).toMatchObject({ extensions: { code: 'LEGACY_ACCOUNT_EXPIRED', field: 'number' } });
    expect(legacy.errors![0].message).toMatch(/expired in April 2010/);
    const other = await hardened.query('{ member(id: "2") { name } }', { token: anna });
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
    expect(errorCodes(await hardened.query('{ me { name } }'))).toEqual(['UNAUTHENTICATED']);
    expect(other.errors![0].extensions).not.toHaveProperty('stacktrace');
  });

  it('CSRF prevention: simple requests a browser would send cross-site are refused', async () => {
    const query = encodeURIComponent('{ countries { code } }');
    // A plain GET, as an <img> or a link would make it: no content-type, no preflight header.
    const get = await fetch(`${hardened.gatewayUrl}?query=${query}`);
    expect(get.status).toBe(400);
    const body = (await get.json()) as any;
    expect(codesOf(body)).toEqual(['BAD_REQUEST']);
    expect(body.errors[0].message).toMatch(/Cross-Site Request Forgery/);
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const post = await send(hardened.gatewayUrl, { body: '{"query":"{ countries { code } }"}', headers: { 'content-type': contentType } });
      expect({ contentType, status: post.status, codes: codesOf(post.body) }).toEqual({ contentType, status: 400, codes: ['BAD_REQUEST'] });
    }
    const preflighted = await send(`${hardened.gatewayUrl}?query=${query}`, { method: 'GET', headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
  });

  it('a request body over the limit is refused with 413 and a GraphQL error; a broken body with 400, never HTML', async () => {
    const big = await send(hardened.gatewayUrl, { body: { query: '{ countries { code } }', variables: { pad: 'x'.repeat(150_000) } } });
    expect(big.status).toBe(413);
    expect(codesOf(big.body)).toEqual(['PAYLOAD_TOO_LARGE']);
    const broken = await send(hardened.gatewayUrl, { body: '{"query": "{ countries { code } }"' });
    expect(broken.status).toBe(400);
    expect(codesOf(broken.body)).toEqual(['BAD_REQUEST']);
    expect(broken.text).not.toMatch(/<html|SyntaxError|at JSON\.parse|node_modules/i);
  });

  it(`depth is limited to ${LIMITS.maxDepth}`, async () => {
    const { hardened: off, development: on } = await both(nestedQuery(LIMITS.maxDepth + 1), anna);
    expect(off.status).toBe(400);
    expect(new Set(errorCodes(off))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(off.errors![0].message).toMatch(/depth/i);
    expect(on.errors).toBeUndefined();
    expect((await hardened.query(nestedQuery(LIMITS.maxDepth), { token: anna })).errors).toBeUndefined();
  });

  it(`aliases are limited to ${LIMITS.maxAliases}`, async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `c${i}: country(code: "DE") { name }`).join(' ')} }`;
    const { hardened: off, development: on } = await both(aliases(LIMITS.maxAliases + 1));
    expect(errorCodes(off)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(off.errors![0].message).toMatch(/alias/i);
    expect(on.errors).toBeUndefined();
    expect((await hardened.query(aliases(LIMITS.maxAliases))).errors).toBeUndefined();
  });

  it(`documents are limited to ${LIMITS.maxTokens} tokens; a deeply nested one is a parse error, not a crash`, async () => {
    const long = `{ ${Array.from({ length: LIMITS.maxTokens }, () => '__typename').join(' ')} }`;
    const response = await hardened.query(long);
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['GRAPHQL_PARSE_FAILED']);
    const deep = `{ ${'me { '.repeat(10_000)}id${' }'.repeat(10_001)}`;
    for (const stack of [hardened, development]) {
      const answer = await stack.query(deep);
      expect(answer.status).toBe(400);
      expect(errorCodes(answer)).toEqual(['GRAPHQL_PARSE_FAILED']);
    }
  });

  it(`the cost of an operation is limited (${LIMITS.maxCost}): a fragment bomb is refused`, async () => {
    const { hardened: off, development: on } = await both(FRAGMENT_BOMB);
    expect(off.status).toBe(400);
    expect(new Set(errorCodes(off))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(off.errors![0].message).toMatch(/cost/i);
    expect(on.errors).toBeUndefined();
  });

  it('automatic persisted queries are off: nobody can fill the gateway’s cache', async () => {
    const apq = await send(hardened.gatewayUrl, { body: { query: '{ countries { code } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } } });
    expect(codesOf(apq.body)).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
  });

  it('batched operations are refused', async () => {
    const batch = await send(hardened.gatewayUrl, { body: [{ query: '{ countries { code } }' }, { query: '{ products { id } }' }] });
    expect(batch.status).toBe(400);
    expect(codesOf(batch.body)).toEqual(['BAD_REQUEST']);
    expect(batch.body.errors[0].message).toMatch(/batching/i);
  });

  it('query plans are not shown (they name the subgraphs and their operations)', async () => {
    const ask = (stack: Stack) =>
      send(stack.gatewayUrl, {
        body: { query: '{ me { number country { name } } }' },
        headers: { authorization: `Bearer ${anna}`, 'apollo-query-plan-experimental': '1' },
      });
    expect((await ask(hardened)).body.extensions?.__queryPlanExperimental).toBeUndefined();
    expect((await ask(development)).body.extensions?.__queryPlanExperimental).toBeDefined();
  });

  it('a missing or unknown operationName is a 400 with a code and the field, never a 500, hardened or not', async () => {
    const document = 'query A { countries { code } } query B { countries { name } }';
    for (const stack of [hardened, development]) {
      for (const [body, says] of [
        [{ query: document }, /several operations \(A, B\)/],
        [{ query: document, operationName: 'Nope' }, /no operation named "Nope"/],
        [{ query: 'query A { countries { code } }', operationName: 'B' }, /no operation named "B"/],
      ] as const) {
        const response = await send(stack.gatewayUrl, { body });
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([
          { message: expect.stringMatching(says), extensions: { code: 'BAD_REQUEST', field: 'operationName' } },
        ]);
      }
      const chosen = await send(stack.gatewayUrl, { body: { query: document, operationName: 'B' } });
      expect(chosen.status).toBe(200);
      expect(chosen.body.data.countries[0].name).toBeDefined();
    }
  });

  it('no landing page (Apollo Sandbox loads from a CDN), hardened or not, and no stack traces', async () => {
    for (const stack of [hardened, development]) {
      const page = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html', 'apollo-require-preflight': 'true' } });
      expect(await page.text()).not.toMatch(/<html|sandbox|embeddable|cdn\./i);
    }
    const error = await hardened.query('{ me { name } }');
    expect(JSON.stringify(error.errors)).not.toMatch(/stacktrace|\.ts:\d+/);
  });
});
