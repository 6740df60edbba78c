import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startStack, type Stack } from '../harness';
import { databaseState, HARDENED, random, send, supergraphOperations, type RawResponse } from './helpers';

/**
 * Bad input, nothing lost: FUZZ_COUNT (default 1200) generated malformed requests through a
 * hardened gateway: wrong types, huge and unicode strings, injection-looking serials and names,
 * impossible dates, unknown fields, deep nesting, broken JSON and HTTP. Every answer must be JSON
 * with GraphQL errors that have a code (or plain data for a request that is merely odd), never a
 * 5xx, never an internal detail; afterwards every service still answers and every table of the
 * three databases has the same rows. The run is repeatable: FUZZ_SEED=<n> replays one.
 */
const COUNT = Number(process.env.FUZZ_COUNT ?? 1200);
const SEED = Number(process.env.FUZZ_SEED ?? 20251125);
const CONCURRENCY = 8;

const INJECTIONS = [
  "' OR '1'='1", "1; DROP TABLE member; --", "\" OR \"\"=\"", "1' UNION SELECT email, street FROM member --",
  "`; SELECT SLEEP(5); --", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "../../../../etc/passwd",
  "%00", "\\x00", "admin'--", "{\"$gt\": \"\"}", "'; UPDATE member SET email='x' --", "0x27", "\u0000",
];
const UNICODE = [
  '', ' ', '\t\n', 'Zürich Straße 5', 'Ørsted Æbleø', 'Πλάκα', 'Ленинград', '東京都', 'مرحبا', '\u202eevil\u202c',
  '\ud800', '\udfff\ud800', '📷🎞️👨‍👩‍👧', 'e\u0301'.repeat(200), '\uFEFFbom', '\u200b\u200b', 'ǅ', '\u{10FFFF}',
];
const DATES = ['2023-02-30', '2023-13-01', '0000-00-00', '9999-99-99', '2023-1-1', '01.02.2023', '', '2023-02-29',
  '-0001-01-01', '2023-02-28T25:00:00Z', '+275760-09-13', '1970-01-01\u0000', '2024-02-30', 'yesterday'];
const SCALARS: unknown[] = [0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, true, false, null, {}, [], ['1'], { id: 1 }, [[[]]]];

type Case = { label: string; body?: string | object; headers?: Record<string, string>; method?: string; path?: string; mustFail: boolean };

function generator(seed: number, ops: { query: Set<string>; mutation: Set<string> }, tokens: Record<string, string>) {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const int = (n: number) => Math.floor(rnd() * n);
  const hugeString = () => pick(['a', 'é', '📷', "'", '\\']).repeat(pick([1_000, 10_000, 30_000]));
  const oddString = () => pick([pick(INJECTIONS), pick(UNICODE), hugeString(), pick(INJECTIONS) + pick(UNICODE)]);
  const oddValue = (): unknown => (rnd() < 0.6 ? oddString() : pick(SCALARS));
  const oddId = (): unknown => pick<unknown>(['0', '-1', '999999999999999999999', '1e3', '0x10', ' 1', '1 ', 'abc', '1.0', oddString(), pick(SCALARS)]);
  const oddDate = () => (rnd() < 0.8 ? pick(DATES) : oddValue());
  const anyToken = () => pick(Object.keys(tokens));
  const auth = (who = anyToken()): Record<string, string> => (tokens[who] ? { authorization: `Bearer ${tokens[who]}` } : {});
  const gql = (query: string, variables?: object, who?: string, mustFail = false): Case => ({
    label: query.slice(0, 60),
    body: { query, variables },
    headers: auth(who),
    mustFail,
  });

  const queries: Array<() => Case> = [
    () => gql('query($id: ID!) { member(id: $id) { name email } }', { id: oddValue() }),
    () => gql('query($n: String!) { memberByNumber(number: $n) { name } }', { n: pick([oddString(), 'UK013795RS', 'uk013795rs', '10000002' + pick(INJECTIONS), '0'.repeat(5000)]) }),
    () => gql('query($id: ID!) { product(id: $id) { model } }', { id: oddId() }),
    () => gql('query($m: String!) { productByModel(model: $m) { id model } }', { m: oddValue() }),
    () => gql('query($k: ProductKind, $s: Boolean) { products(kind: $k, supportedOnly: $s) { id } }', { k: oddValue(), s: oddValue() }),
    () => gql('query($c: String!) { country(code: $c) { name } }', { c: pick([oddValue(), 'de', 'XX', 'DEU', "DE' OR 1=1"]) }),
    () => gql('query($inc: Boolean) { me { number equipment(includeInactive: $inc) { serialNumber } } }', { inc: oddValue() }),
    () => gql(`{ me { number } }`, undefined, 'garbage', true),
    // Literals of the wrong type, unknown fields and arguments, unknown operations.
    () => gql(`{ member(id: ${pick(['{a: 1}', '[1, 2]', 'true', 'null', '1.5', 'MEMBER'])}) { name } }`, undefined, undefined, true),
    () => gql(`{ products(kind: ${pick(['"BODY"', 'BODYY', '1', '[BODY]', 'null, kind: LENS'])}) { id } }`, undefined, undefined, true),
    () => gql(pick(['{ me { password } }', '{ memberList { name } }', '{ member(id: "1", admin: true) { name } }', 'mutation { deleteMember(id: 1) }',
      'subscription { tierChanged }', '{ me { equipment { owner { card { pin } } } } }', '{ __schema { types { name } } }',
      '{ _entities(representations: [{__typename: "Member", id: "1"}]) { __typename } }', '{ me { ...F } } fragment F on Member { ...F }',
      '{ me @admin { number } }', '{ me { number @skip(if: "yes") } }', 'query A { me { number } } query A { me { name } }']), undefined, undefined, true),
    // Broken documents: truncated, unbalanced, random bytes, deep nesting, too many aliases.
    () => {
      const valid = '{ me { number equipment { serialNumber product { model } } } countries { code } }';
      return gql(valid.slice(0, 1 + int(valid.length - 2)), undefined, undefined, true);
    },
    () => gql(Array.from({ length: 1 + int(200) }, () => String.fromCharCode(int(0x2fff))).join(''), undefined, undefined, true),
    () => gql(`{ ${'me { equipment { owner { '.repeat(2 + int(30))}number${' } } }'.repeat(2 + int(30))} }`, undefined, undefined, true),
    () => gql(`{ ${'{'.repeat(1 + int(20_000))} }`, undefined, undefined, true),
    () => gql(`{ ${Array.from({ length: 16 + int(200) }, (_, i) => `a${i}: countries { code }`).join(' ')} }`, undefined, undefined, true),
    // The HTTP layer: not JSON, not an object, odd members, batches, too large, odd methods and types.
    () => ({ label: 'broken JSON', body: pick(['{', '{"query":', '{"query": "{ me { number } }"', 'nul', '\u0000', '{"query": "\\ud800"}x']), mustFail: true }),
    () => ({ label: 'JSON not an object', body: JSON.stringify(pick<unknown>([1, 'q', null, true, []])), mustFail: true }),
    () => ({ label: 'odd members', body: { query: pick<unknown>([1, {}, [], null, true, '']), variables: oddValue(), operationName: oddValue() }, mustFail: true }),
    () => ({ label: 'odd variables', body: { query: '{ countries { code } }', variables: pick<unknown>(['x', [1], 3]) }, mustFail: true }),
    () => ({ label: 'batch', body: [{ query: '{ countries { code } }' }, { query: '{ me { number } }' }], mustFail: true }),
    () => ({ label: 'bogus persisted query', body: { extensions: { persistedQuery: { version: 1, sha256Hash: pick(['0'.repeat(64), 'x', oddString()]) } } }, mustFail: true }),
    () => ({ label: 'too large', body: { query: '{ countries { code } }', variables: { pad: 'x'.repeat(110_000 + int(50_000)) } }, mustFail: true }),
    () => ({ label: 'simple content type', body: '{"query":"{ me { number } }"}', headers: { 'content-type': pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/xml']) }, mustFail: true }),
    () => ({ label: 'GET mutation', method: 'GET', path: `?query=${encodeURIComponent('mutation { __typename }')}`, headers: { 'apollo-require-preflight': '1' }, mustFail: true }),
    () => ({ label: 'odd method', method: pick(['PUT', 'DELETE', 'PATCH']), body: { query: '{ countries { code } }' }, mustFail: true }),
  ];

  // Mutations, once they are in the supergraph. Every case carries at least one input that must be
  // refused (or a caller who may not), so none may store anything.
  const address = (countryCode: unknown = pick(['XX', 'US', 'ZZ', '', pick(INJECTIONS)])) => ({
    street: oddString(), postalCode: oddString(), city: oddString(), countryCode,
  });
  const mutations: Record<string, () => Case> = {
    registerMember: () =>
      gql('mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id } }', {
        input: rnd() < 0.5
          ? { name: oddString(), email: pick(['not-an-email', '', 'a'.repeat(5000), pick(INJECTIONS), '@', 'x@', '\u0000@example.de']), address: address('DE') }
          : { name: oddString(), email: `fuzz${int(1e6)}@example.de`, address: address() },
      }, undefined, true),
    registerEquipment: () =>
      gql('mutation($input: RegisterEquipmentInput!) { registerEquipment(input: $input) { id } }', {
        input: pick([
          { productId: pick<unknown>(['0', '-1', '999999', 'abc', '999999999999999999999', pick(INJECTIONS), pick(SCALARS)]), serialNumber: '032099000001', purchaseDate: '2023-01-01', purchaseCountryCode: 'DE', dealer: 'Foto Koch' },
          { productId: '4', serialNumber: pick([pick(INJECTIONS), '0320 9900 0001', '03209900000!', '０３２０９９０００００１', hugeString(), '']), purchaseDate: '2023-01-01', purchaseCountryCode: 'DE', dealer: oddString() },
          { productId: '4', serialNumber: '032099000002', purchaseDate: pick(DATES), purchaseCountryCode: 'DE', dealer: 'Foto Koch', estimated: oddValue() },
          { productId: '4', serialNumber: oddValue(), purchaseDate: oddDate(), purchaseCountryCode: oddValue(), dealer: oddValue(), unknownField: 1 },
        ]),
      }, pick(['anonymous', 'member', 'other', 'handler', 'admin']), true),
    correctEquipment: () =>
      gql('mutation($id: ID!, $input: CorrectEquipmentInput!) { correctEquipment(id: $id, input: $input) { id } }', {
        id: pick([oddId(), '1']), // item 1 is Anna's: only anonymous and other callers are generated below
        input: { purchaseDate: oddDate(), purchaseCountryCode: oddValue(), dealer: oddString(), estimated: oddValue() },
      }, pick(['anonymous', 'other', 'handler']), true),
    removeEquipment: () => gql('mutation($id: ID!) { removeEquipment(id: $id) { id } }', { id: pick([oddId(), '1', '2']) }, pick(['anonymous', 'other', 'handler']), true),
    confirmTransfer: () => gql('mutation($id: ID!) { confirmTransfer(equipmentId: $id) { id } }', { id: pick([oddId(), '1']) }, pick(['anonymous', 'member', 'other']), true),
    rejectTransfer: () =>
      gql('mutation($id: ID!, $r: String!) { rejectTransfer(equipmentId: $id, reason: $r) { id } }', { id: pick([oddId(), '1']), r: oddString() }, pick(['anonymous', 'member', 'other']), true),
    markCardSent: () => gql('mutation($id: ID!) { markCardSent(memberId: $id) { status } }', { id: pick([oddId(), '5']) }, pick(['anonymous', 'member', 'handler']), true),
    recalculateMemberships: () =>
      rnd() < 0.5
        ? gql('mutation($d: Date!) { recalculateMemberships(asOf: $d) { membersProcessed } }', { d: pick(DATES) }, 'admin', true)
        : gql('mutation($d: Date!) { recalculateMemberships(asOf: $d) { membersProcessed } }', { d: '2026-01-01' }, pick(['anonymous', 'member', 'handler']), true),
    // A member's own account: every case has an input that is refused, or a caller who may not.
    updateMember: () =>
      rnd() < 0.5
        ? gql('mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id } }', {
            id: '1', // the 'member' token is Anna's (member 1): her own account, with a refused input
            input: pick<object>([{ name: pick(UNICODE.filter((u) => !u.trim() || /[\u0000-\u001f\ud800-\udfff\u200b]/.test(u))) }, { email: pick(['not-an-email', '', 'a'.repeat(5000), '\u200b@example.de']) }, { address: address() }, {}]),
          }, 'member', true)
        : gql('mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id } }', { id: pick([oddId(), '1']), input: { name: oddString() } }, pick(['anonymous', 'other', 'handler']), true),
    deleteMember: () => gql('mutation($id: ID!) { deleteMember(id: $id) { id } }', { id: pick([oddId(), '1', '2']) }, pick(['anonymous', 'other', 'handler']), true),
  };
  const reads: Record<string, () => Case> = {
    exportMember: () => gql('query($id: ID!) { exportMember(id: $id) }', { id: oddId() }),
    policy: () => gql(`{ policy { version effectiveFrom next { version effectiveFrom } } ${pick(['', 'me { outlook { on tier change reasons } notices { code at } }'])} }`),
    recalculation: () => gql('query($d: Date!) { recalculation(asOf: $d) { state } }', { d: oddDate() }, pick(['admin', 'member', 'anonymous'])),
  };
  const present = [
    ...Object.entries(mutations).filter(([name]) => ops.mutation.has(name)).map(([, make]) => make),
    ...Object.entries(reads).filter(([name]) => ops.query.has(name)).map(([, make]) => make),
  ];
  const all = [...queries, ...present];
  return () => pick(all)();
}

/** Internal details a client must never see. */
const LEAKS = /SQLITE|SQL syntax|QueryFailedError|\bER_[A-Z_]+|ECONNREFUSED|node_modules|\.ts:\d+|at [\w$.]+ \(|stacktrace|<html/i;

function problems(c: Case, r: RawResponse): string[] {
  const found: string[] = [];
  if (r.status >= 500) found.push(`HTTP ${r.status}`);
  if (r.body === undefined || typeof r.body !== 'object' || r.body === null) return [...found, `not JSON: ${r.text.slice(0, 80)}`];
  const errors = r.body.errors;
  if (errors !== undefined) {
    if (!Array.isArray(errors) || errors.length === 0) found.push('errors is not a non-empty list');
    else
      for (const e of errors) {
        if (typeof e?.extensions?.code !== 'string') found.push(`error without a code: ${e?.message}`);
        // Bad input is the client's error, never an internal one.
        else if (e.extensions.code === 'INTERNAL_SERVER_ERROR') found.push(`an internal error (${e.extensions.serviceName ?? 'gateway'})`);
      }
  } else if (r.body.data === undefined || r.body.data === null) {
    found.push('neither data nor errors');
  }
  if (c.mustFail && !errors?.length) found.push('a request that must fail succeeded');
  if (LEAKS.test(r.text)) found.push(`leaks internals: ${r.text.match(LEAKS)![0]}`);
  return found;
}

describe.each(databaseKinds())('fuzzing the gateway (%s)', (db) => {
  let stack: Stack;
  let tokens: Record<string, string>;
  beforeAll(async () => {
    stack = await startStack({ db, env: { ...HARDENED, LOG_LEVEL: 'fatal' } });
    tokens = {
      anonymous: '',
      member: await stack.token({ member: 1 }),
      other: await stack.token({ member: 3 }),
      handler: await stack.token({ role: 'handler' }),
      admin: await stack.token({ role: 'admin' }),
      garbage: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
    };
  });
  afterAll(() => stack?.close());

  const DASHBOARD = '{ me { number name tier equipment { serialNumber status product { model } } country { name } } }';

  it(`answers ${COUNT} malformed requests with coded GraphQL errors, no 5xx, and stores nothing (seed ${SEED})`, async () => {
    const before = await databaseState(stack);
    const dashboardBefore = await stack.query(DASHBOARD, { token: tokens.member });
    const next = generator(SEED, supergraphOperations(stack), tokens);
    const cases = Array.from({ length: COUNT }, next);
    const failures: string[] = [];
    let index = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (index < cases.length) {
          const c = cases[index++];
          const url = c.path ? `${stack.gatewayUrl}${c.path}` : stack.gatewayUrl;
          const response = await send(url, { method: c.method, body: c.body, headers: c.headers });
          for (const problem of problems(c, response)) {
            if (failures.length < 20) failures.push(`${c.label} → ${problem} (HTTP ${response.status}: ${response.text.slice(0, 160)})`);
          }
        }
      }),
    );
    expect(failures).toEqual([]);

    // Still alive and answering as before; every table as it was.
    expect((await fetch(new URL('/health/ready', stack.gatewayUrl))).status).toBe(200);
    expect(await stack.query(DASHBOARD, { token: tokens.member })).toEqual(dashboardBefore);
    expect(await databaseState(stack)).toEqual(before);
  }, 90_000);

  it('injection-looking model names and numbers match nothing: exact matches only', async () => {
    for (const model of INJECTIONS) {
      const response = await stack.query('query($m: String!) { productByModel(model: $m) { id } }', { variables: { m: `EOS R5${model}` } });
      expect(response.data).toEqual({ productByModel: null });
    }
    const number = await stack.query('query($n: String!) { memberByNumber(number: $n) { name } }', {
      variables: { n: "10000001' OR '1'='1" },
      token: tokens.other,
    });
    expect(number.data?.memberByNumber ?? null).toBeNull();
  });
});
