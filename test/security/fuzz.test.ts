import fs from 'node:fs';
import path from 'node:path';
import { ERROR_CODES, repoRoot } from '@cps/service-kit';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startStack, type Stack } from '../harness';
import { captureLogs, databaseState, HARDENED, random, send, supergraphOperations, type RawResponse } from './helpers';

/**
 * Bad input, nothing lost: FUZZ_COUNT (default 1200) generated malformed requests through a
 * hardened gateway: wrong types, huge, random and unicode strings, injection-looking serials and
 * names, impossible dates, unknown fields, deep nesting, random queries built from the API's own
 * schema, edited documents, tampered tokens, broken JSON and HTTP. Each kind of case says which
 * error codes it may get (a bad token: UNAUTHENTICATED; broken JSON: BAD_REQUEST; a truncated
 * document: GRAPHQL_PARSE_FAILED; ...). Every answer must be JSON, never a 5xx, never an internal
 * detail, never a service that failed (SERVICE_UNAVAILABLE, INTERNAL_SERVER_ERROR), and no service
 * may log an error while the run lasts; afterwards every service still answers and every table of
 * the three databases has the same rows. The run is repeatable: FUZZ_SEED=<n> replays one.
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

/** The codes a case may be answered with; with `mustFail`, at least one error is required. */
interface Expect {
  codes: readonly string[];
  mustFail: boolean;
  /** The HTTP status it must get, where the contract fixes one. */
  status?: number;
}
type Case = { label: string; body?: string | object; headers?: Record<string, string>; method?: string; path?: string; expect: Expect };

/** What a well-formed operation with bad values may be told: the contract's own codes. */
const DOMAIN = ERROR_CODES;
const may = (codes: readonly string[], status?: number): Expect => ({ codes, mustFail: false, status });
const must = (codes: readonly string[], status?: number): Expect => ({ codes, mustFail: true, status });
const PARSE = ['GRAPHQL_PARSE_FAILED'];
const INVALID = ['GRAPHQL_VALIDATION_FAILED'];
const BAD_REQUEST = ['BAD_REQUEST'];
/** The gateway's request body limit, 100 kB. */
const BODY_LIMIT = 100 * 1024;

/** The API the gateway serves, as frontends read it (generated from the subgraphs at build). */
const API = buildSchema(fs.readFileSync(path.join(repoRoot(), 'schema', 'api.graphql'), 'utf8'));

function generator(seed: number, ops: { query: Set<string>; mutation: Set<string> }, tokens: Record<string, string>, schema: GraphQLSchema) {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const int = (n: number) => Math.floor(rnd() * n);
  const hugeString = () => pick(['a', 'é', '📷', "'", '\\']).repeat(pick([1_000, 10_000, 30_000]));
  /** Random code points from every plane that matters: controls, Latin, CJK, lone surrogates, emoji, the last one. */
  const randomString = () => {
    const ranges: Array<[number, number]> = [[0, 0x1f], [0x20, 0x7e], [0x80, 0x2ff], [0x2000, 0x206f], [0x4e00, 0x9fff], [0xd800, 0xdfff], [0xfff0, 0xffff], [0x1f300, 0x1faff], [0x10fff0, 0x10ffff]];
    return Array.from({ length: int(pick([4, 40, 400])) }, () => {
      const [from, to] = pick(ranges);
      return String.fromCodePoint(from + int(to - from + 1));
    }).join('');
  };
  const oddString = () => pick([pick(INJECTIONS), pick(UNICODE), hugeString(), pick(INJECTIONS) + pick(UNICODE), randomString(), randomString()]);
  const oddValue = (): unknown => (rnd() < 0.6 ? oddString() : pick(SCALARS));
  const oddId = (): unknown => pick<unknown>(['0', '-1', '999999999999999999999', '1e3', '0x10', ' 1', '1 ', 'abc', '1.0', String(int(1e9)), oddString(), pick(SCALARS)]);
  const oddDate = () => (rnd() < 0.6 ? pick(DATES) : rnd() < 0.5 ? `${int(10_000)}-${int(20)}-${int(40)}` : oddValue());
  const anyToken = () => pick(Object.keys(tokens));
  const auth = (who = anyToken()): Record<string, string> => (tokens[who] ? { authorization: `Bearer ${tokens[who]}` } : {});
  const gql = (query: string, variables: object | undefined, who: string | undefined, expect: Expect): Case => {
    const actor = who ?? anyToken();
    const body = { query, variables };
    return {
      label: query.slice(0, 60),
      body,
      headers: auth(actor),
      // What is refused before the document is read: a body over the limit, then a token the gateway did not sign.
      expect:
        Buffer.byteLength(JSON.stringify(body)) > BODY_LIMIT ? must(['PAYLOAD_TOO_LARGE'], 413) : actor === 'garbage' ? must(['UNAUTHENTICATED'], 401) : expect,
    };
  };

  /** A literal for an argument of this type: mostly of the right shape, with odd values, sometimes of the wrong one. */
  const literal = (type: GraphQLInputType, depth = 0): string => {
    if (!isNonNullType(type) && rnd() < 0.1) return 'null';
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) return `[${Array.from({ length: int(3) }, () => literal(inner.ofType, depth + 1)).join(', ')}]`;
    if (rnd() < 0.1) return pick(['1', '"x"', 'true', '[]', '{}', 'NOPE', '1.5', '-0']); // the wrong type
    if (isEnumType(inner)) return pick(inner.getValues()).name;
    if (isInputObjectType(inner)) {
      if (depth > 3) return '{}';
      const fields = Object.values(inner.getFields()).filter((f) => isNonNullType(f.type) || rnd() < 0.5);
      return `{ ${fields.map((f) => `${f.name}: ${literal(f.type, depth + 1)}`).join(', ')} }`;
    }
    switch (inner.name) {
      case 'Int': return String(pick([0, -1, int(100), 2 ** 31, -(2 ** 31) - 1, 1e6]));
      case 'Float': return String(pick([0, -1.5, 1e308, 3.14]));
      case 'Boolean': return pick(['true', 'false']);
      case 'Date': case 'DateTime': return JSON.stringify(oddDate());
      case 'ID': return JSON.stringify(String(oddId()));
      default: return JSON.stringify(oddString().slice(0, 2000));
    }
  };
  /** A random selection of a type's fields, their arguments filled in, to a random depth. */
  const selection = (type: GraphQLObjectType, depth: number): string => {
    const fields = Object.values(type.getFields());
    const chosen = Array.from({ length: 1 + int(3) }, () => pick(fields));
    return chosen.map((field) => fieldText(field, depth)).join(' ');
  };
  const fieldText = (field: GraphQLField<unknown, unknown>, depth: number): string => {
    const args = field.args.filter((a) => isNonNullType(a.type) || rnd() < 0.5);
    const argText = args.length ? `(${args.map((a) => `${a.name}: ${literal(a.type)}`).join(', ')})` : '';
    const named = getNamedType(field.type);
    if (!isObjectType(named)) return `${field.name}${argText}${isEnumType(named) || named.name in SCALAR_NAMES ? '' : ' { __typename }'}`;
    return `${field.name}${argText} { ${depth < 3 ? selection(named, depth + 1) : '__typename'} }`;
  };
  const SCALAR_NAMES = { String: 1, Int: 1, Float: 1, Boolean: 1, ID: 1, Date: 1, DateTime: 1 };
  const queryRoot = schema.getQueryType()!;
  /** Valid documents to edit: a character or a token dropped, doubled, swapped or replaced. */
  const VALID = [
    '{ me { number equipment { serialNumber product { model } } } countries { code } }',
    'query($id: ID!) { member(id: $id) { name email tier } }',
    '{ products(kind: LENS, supportedOnly: true) { id model tierCap } }',
    '{ policy { version next { version } } otherRegionCardBenefits { code } }',
    '{ country(code: "DE") { name maxTier } isAuthorisedDealer(countryCode: "DE", dealer: "Foto Koch") }',
  ];
  const edited = () => {
    let text = pick(VALID);
    for (let edits = 1 + int(3); edits > 0; edits--) {
      const at = int(text.length);
      const op = int(4);
      if (op === 0) text = text.slice(0, at) + text.slice(at + 1 + int(5));
      else if (op === 1) text = text.slice(0, at) + text.slice(at, at + 1 + int(8)).repeat(2) + text.slice(at);
      else if (op === 2) text = text.slice(0, at) + pick(['{', '}', '(', ')', '$', '@', '...', ':', '"', '#', '!', '[', ']', '\u0000', ' on ', 'query', ',']) + text.slice(at);
      else text = text.slice(0, at) + String.fromCharCode(int(0x7f)) + text.slice(at + 1);
    }
    return text;
  };
  /** A token that is not one the gateway signed: altered, unsigned, re-encoded or too long. */
  const tamperedToken = () => {
    const real = pick([tokens.member, tokens.other, tokens.handler, tokens.admin]);
    const [head, payload, signature] = real.split('.');
    const flip = (part: string) => {
      const i = int(part.length);
      return part.slice(0, i) + (part[i] === 'A' ? 'B' : 'A') + part.slice(i + 1);
    };
    const claims = (c: object) => Buffer.from(JSON.stringify(c)).toString('base64url');
    return pick([
      `${head}.${payload}.${flip(signature)}`,
      `${head}.${flip(payload)}.${signature}`,
      `${claims({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      `${claims({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`,
      `${head}.${claims({ sub: '1', roles: ['admin'], exp: 4_102_444_800 })}.${signature}`,
      `${real}${'A'.repeat(4100)}`,
      real.split('.').slice(0, 2).join('.'),
      randomString().replace(/[^\x21-\x7e]/g, 'x'),
    ]);
  };

  const queries: Array<() => Case> = [
    () => gql('query($id: ID!) { member(id: $id) { name email } }', { id: oddValue() }, undefined, may(DOMAIN)),
    () => gql('query($n: String!) { memberByNumber(number: $n) { name } }', { n: pick([oddString(), 'UK013795RS', 'uk013795rs', '10000002' + pick(INJECTIONS), '0'.repeat(5000)]) }, undefined, may(DOMAIN)),
    () => gql('query($id: ID!) { product(id: $id) { model } }', { id: oddId() }, undefined, may(DOMAIN)),
    () => gql('query($m: String!) { productByModel(model: $m) { id model } }', { m: oddValue() }, undefined, may(DOMAIN)),
    () => gql('query($k: ProductKind, $s: Boolean) { products(kind: $k, supportedOnly: $s) { id } }', { k: oddValue(), s: oddValue() }, undefined, may(DOMAIN)),
    () => gql('query($c: String!) { country(code: $c) { name } }', { c: pick([oddValue(), 'de', 'XX', 'DEU', "DE' OR 1=1"]) }, undefined, may(DOMAIN)),
    () => gql('query($c: String!, $d: String!) { isAuthorisedDealer(countryCode: $c, dealer: $d) authorisedDealers(countryCode: $c) }', { c: pick([oddValue(), 'DE', 'UK']), d: oddValue() }, undefined, may(DOMAIN)),
    () => gql('query($inc: Boolean) { me { number equipment(includeInactive: $inc) { serialNumber } } }', { inc: oddValue() }, undefined, may(DOMAIN)),
    () => gql('query($a: ID, $f: Int) { members(after: $a, first: $f) { id } }', { a: oddId(), f: pick<unknown>([-1, 0, 2 ** 31, 1e9, 1.5, 'ten', oddValue()]) }, undefined, may(DOMAIN)),
    // A token the gateway did not sign: refused before any subgraph is asked.
    () => ({ ...gql(`{ me { number } }`, undefined, 'garbage', must(['UNAUTHENTICATED'], 401)), headers: { authorization: `Bearer ${tamperedToken()}` } }),
    () => ({ ...gql(`{ countries { code } }`, undefined, undefined, must(['UNAUTHENTICATED'], 401)), headers: { authorization: `Bearer ${tamperedToken()}` } }),
    // Literals of the wrong type, unknown fields and arguments, unknown operations.
    () => gql(`{ member(id: ${pick(['{a: 1}', '[1, 2]', 'true', 'null', '1.5', 'MEMBER'])}) { name } }`, undefined, undefined, must(INVALID)),
    () => gql(`{ products(kind: ${pick(['"BODY"', 'BODYY', '1', '[BODY]', 'null, kind: LENS'])}) { id } }`, undefined, undefined, must(INVALID)),
    () => gql(pick(['{ me { password } }', '{ memberList { name } }', '{ member(id: "1", admin: true) { name } }', 'mutation { deleteMember(id: 1) }',
      '{ me { equipment { owner { card { pin } } } } }', '{ __schema { types { name } } }', '{ __type(name: "Member") { fields { name } } }',
      '{ _entities(representations: [{__typename: "Member", id: "1"}]) { __typename } }', '{ _service { sdl } }', '{ countriesInUse { code } }', '{ me { ...F } } fragment F on Member { ...F }',
      '{ me @admin { number } }', '{ me { number @skip(if: "yes") } }', 'query A { me { number } } query A { me { name } }']), undefined, undefined, must(INVALID)),
    () => gql('subscription { tierChanged }', undefined, undefined, must([...INVALID, ...BAD_REQUEST])),
    // Broken documents: truncated, unbalanced, random bytes, deep nesting, too many aliases.
    () => {
      const valid = '{ me { number equipment { serialNumber product { model } } } countries { code } }';
      return gql(valid.slice(0, 1 + int(valid.length - 2)), undefined, undefined, must(PARSE));
    },
    () => gql(`{${Array.from({ length: 1 + int(200) }, () => String.fromCharCode(0x7f + int(0x2f80))).join('')}`, undefined, undefined, must(PARSE)),
    () => gql(`{ ${'me { equipment { owner { '.repeat(3 + int(30))}number${' } } }'.repeat(3 + int(30))} }`, undefined, undefined, must([...INVALID, ...PARSE])),
    () => gql(`{ ${'{'.repeat(1 + int(20_000))} }`, undefined, undefined, must(PARSE)),
    () => gql(`{ ${Array.from({ length: 16 + int(200) }, (_, i) => `a${i}: countries { code }`).join(' ')} }`, undefined, undefined, must([...INVALID, ...PARSE])),
    // Documents near valid ones (an edit or three), and random queries built from the schema.
    () => gql(edited(), undefined, undefined, may([...DOMAIN, ...INVALID, ...PARSE])),
    // (A lone surrogate in a string literal is a syntax error: GRAPHQL_PARSE_FAILED.)
    () => gql(`{ ${selection(queryRoot, 0)} }`, undefined, undefined, may([...DOMAIN, ...INVALID, ...PARSE])),
    () => gql(`query { ${Array.from({ length: 1 + int(4) }, (_, i) => `f${i}: ${fieldText(pick(Object.values(queryRoot.getFields())), 1)}`).join(' ')} }`, undefined, undefined, may([...DOMAIN, ...INVALID, ...PARSE])),
    // The HTTP layer: not JSON, not an object, odd members, batches, too large, odd methods and types.
    () => ({ label: 'broken JSON', body: pick(['{', '{"query":', '{"query": "{ me { number } }"', 'nul', '\u0000', '{"query": "\\ud800"}x', JSON.stringify({ query: '{ countries { code } }' }).slice(0, 1 + int(30)), randomString()]), expect: must(BAD_REQUEST, 400) }),
    () => ({ label: 'JSON not an object', body: JSON.stringify(pick<unknown>([1, 'q', null, true, [], oddValue()])), expect: must(BAD_REQUEST, 400) }),
    () => ({ label: 'odd members', body: { query: pick<unknown>([1, {}, [], null, true, '', ['{ countries { code } }']]), variables: oddValue(), operationName: oddValue() }, expect: must(BAD_REQUEST, 400) }),
    () => ({ label: 'odd variables', body: { query: '{ countries { code } }', variables: pick<unknown>(['x', [1], 3, true, oddString()]) }, expect: must(BAD_REQUEST, 400) }),
    () => ({ label: 'odd operation name', body: { query: 'query A { countries { code } } query B { me { number } }', operationName: pick<unknown>([undefined, 'C', '', oddString(), 1, ['A']]) }, expect: must(BAD_REQUEST, 400) }),
    () => ({ label: 'batch', body: Array.from({ length: 1 + int(5) }, () => ({ query: '{ countries { code } }' })), expect: must(BAD_REQUEST, 400) }),
    () => ({ label: 'bogus persisted query', body: { extensions: { persistedQuery: { version: pick<unknown>([1, 2, '1', null]), sha256Hash: pick(['0'.repeat(64), 'x', oddString()]) } } }, expect: must(['PERSISTED_QUERY_NOT_SUPPORTED', ...BAD_REQUEST]) }),
    () => ({ label: 'too large', body: { query: '{ countries { code } }', variables: { pad: 'x'.repeat(110_000 + int(50_000)) } }, expect: must(['PAYLOAD_TOO_LARGE'], 413) }),
    () => ({ label: 'simple content type', body: '{"query":"{ me { number } }"}', headers: { 'content-type': pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) }, expect: must(BAD_REQUEST, 400) }),
    () => ({ label: 'GET mutation', method: 'GET', path: `?query=${encodeURIComponent(pick(['mutation { __typename }', 'mutation { deleteMember(id: "1") { id } }']))}`, headers: { 'apollo-require-preflight': '1' }, expect: must(BAD_REQUEST) }),
    () => ({ label: 'odd method', method: pick(['PUT', 'DELETE', 'PATCH']), body: { query: '{ countries { code } }' }, expect: must(BAD_REQUEST) }),
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
      }, undefined, must(DOMAIN)),
    registerEquipment: () =>
      gql('mutation($input: RegisterEquipmentInput!) { registerEquipment(input: $input) { id } }', {
        input: pick([
          { productId: pick<unknown>(['0', '-1', '999999', 'abc', '999999999999999999999', pick(INJECTIONS), pick(SCALARS)]), serialNumber: '032099000001', purchaseDate: '2023-01-01', purchaseCountryCode: 'DE', dealer: 'Foto Koch' },
          { productId: '4', serialNumber: pick([pick(INJECTIONS), '0320 9900 0001', '03209900000!', '０３２０９９０００００１', hugeString(), '']), purchaseDate: '2023-01-01', purchaseCountryCode: 'DE', dealer: oddString() },
          { productId: '4', serialNumber: '032099000002', purchaseDate: pick(DATES), purchaseCountryCode: 'DE', dealer: 'Foto Koch', estimated: oddValue() },
          { productId: '4', serialNumber: oddValue(), purchaseDate: oddDate(), purchaseCountryCode: oddValue(), dealer: oddValue(), unknownField: 1 },
        ]),
      }, pick(['anonymous', 'member', 'other', 'handler', 'admin']), must(DOMAIN)),
    correctEquipment: () =>
      gql('mutation($id: ID!, $input: CorrectEquipmentInput!) { correctEquipment(id: $id, input: $input) { id } }', {
        id: pick([oddId(), '1']), // item 1 is Anna's: only anonymous and other callers are generated below
        input: { purchaseDate: oddDate(), purchaseCountryCode: oddValue(), dealer: oddString(), estimated: oddValue() },
      }, pick(['anonymous', 'other', 'handler']), must(DOMAIN)),
    removeEquipment: () => gql('mutation($id: ID!) { removeEquipment(id: $id) { id } }', { id: pick([oddId(), '1', '2']) }, pick(['anonymous', 'other', 'handler']), must(DOMAIN)),
    confirmTransfer: () => gql('mutation($id: ID!) { confirmTransfer(equipmentId: $id) { id } }', { id: pick([oddId(), '1']) }, pick(['anonymous', 'member', 'other']), must(DOMAIN)),
    rejectTransfer: () =>
      gql('mutation($id: ID!, $r: String!) { rejectTransfer(equipmentId: $id, reason: $r) { id } }', { id: pick([oddId(), '1']), r: oddString() }, pick(['anonymous', 'member', 'other']), must(DOMAIN)),
    markCardSent: () => gql('mutation($id: ID!) { markCardSent(memberId: $id) { status } }', { id: pick([oddId(), '5']) }, pick(['anonymous', 'member', 'handler']), must(DOMAIN)),
    recalculateMemberships: () =>
      rnd() < 0.5
        ? gql('mutation($d: Date!) { recalculateMemberships(asOf: $d) { membersProcessed } }', { d: pick(DATES) }, 'admin', must(DOMAIN))
        : gql('mutation($d: Date!) { recalculateMemberships(asOf: $d) { membersProcessed } }', { d: '2026-01-01' }, pick(['anonymous', 'member', 'handler']), must(DOMAIN)),
    // A member's own account: every case has an input that is refused, or a caller who may not.
    updateMember: () =>
      rnd() < 0.5
        ? gql('mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id } }', {
            id: '1', // the 'member' token is Anna's (member 1): her own account, with a refused input
            input: pick<object>([{ name: pick(UNICODE.filter((u) => !u.trim() || /[\u0000-\u001f\ud800-\udfff\u200b]/u.test(u))) }, { email: pick(['not-an-email', '', 'a'.repeat(5000), '\u200b@example.de']) }, { address: address() }, {}]),
          }, 'member', must(DOMAIN))
        : gql('mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id } }', { id: pick([oddId(), '1']), input: { name: oddString() } }, pick(['anonymous', 'other', 'handler']), must(DOMAIN)),
    deleteMember: () => gql('mutation($id: ID!) { deleteMember(id: $id) { id } }', { id: pick([oddId(), '1', '2']) }, pick(['anonymous', 'other', 'handler']), must(DOMAIN)),
  };
  const reads: Record<string, () => Case> = {
    exportMember: () => gql('query($id: ID!) { exportMember(id: $id) }', { id: oddId() }, undefined, may(DOMAIN)),
    policy: () => gql(`{ policy { version effectiveFrom next { version effectiveFrom } } ${pick(['', 'me { outlook { on tier change reasons } notices { code at } }'])} }`, undefined, undefined, may(DOMAIN)),
    recalculation: () => gql('query($d: Date!) { recalculation(asOf: $d) { state } }', { d: oddDate() }, pick(['admin', 'member', 'anonymous']), may(DOMAIN)),
    policyPreview: () => gql('query($c: String!) { policyPreview(candidate: $c) { __typename } }', { c: pick([oddString(), '../../rules', '/etc', '.', '..', 'a/../../b']) }, pick(['admin', 'handler']), may(DOMAIN)),
  };
  const present = [
    ...Object.entries(mutations).filter(([name]) => ops.mutation.has(name)).map(([, make]) => make),
    ...Object.entries(reads).filter(([name]) => ops.query.has(name)).map(([, make]) => make),
  ];
  const all = [...queries, ...present];
  // Whatever the case, a body over the limit is refused for its size before anything else.
  const bounded = (c: Case): Case => {
    const bytes = c.body === undefined ? 0 : Buffer.byteLength(typeof c.body === 'string' ? c.body : JSON.stringify(c.body));
    return bytes > BODY_LIMIT ? { ...c, expect: must(['PAYLOAD_TOO_LARGE'], 413) } : c;
  };
  return () => bounded(pick(all)());
}

/** Internal details a client must never see. */
const LEAKS = /SQLITE|SQL syntax|QueryFailedError|\bER_[A-Z_]+|ECONNREFUSED|node_modules|\.ts:\d+|at [\w$.]+ \(|stacktrace|<html/i;

function problems(c: Case, r: RawResponse): string[] {
  const found: string[] = [];
  if (r.status >= 500) found.push(`HTTP ${r.status}`);
  if (c.expect.status !== undefined && r.status !== c.expect.status) found.push(`HTTP ${r.status}, not ${c.expect.status}`);
  if (r.body === undefined || typeof r.body !== 'object' || r.body === null) return [...found, `not JSON: ${r.text.slice(0, 80)}`];
  const errors = r.body.errors;
  if (errors !== undefined) {
    if (!Array.isArray(errors) || errors.length === 0) found.push('errors is not a non-empty list');
    else
      for (const e of errors) {
        const code = e?.extensions?.code;
        if (typeof code !== 'string') found.push(`error without a code: ${e?.message}`);
        // Bad input is the client's error: a service that failed on it (INTERNAL_SERVER_ERROR,
        // or SERVICE_UNAVAILABLE when a subgraph broke under the gateway) is a crash found.
        else if (!c.expect.codes.includes(code)) found.push(`${code}${e.extensions.serviceName ? ` from ${e.extensions.serviceName}` : ''}, not ${c.expect.codes.join(' | ')}`);
      }
  } else if (r.body.data === undefined || r.body.data === null) {
    found.push('neither data nor errors');
  }
  if (c.expect.mustFail && !errors?.length) found.push('a request that must fail succeeded');
  if (LEAKS.test(r.text)) found.push(`leaks internals: ${r.text.match(LEAKS)![0]}`);
  return found;
}

describe.each(databaseKinds())('fuzzing the gateway (%s)', (db) => {
  let stack: Stack;
  let tokens: Record<string, string>;
  let logs: ReturnType<typeof captureLogs>;
  beforeAll(async () => {
    // Every service's log lines, from its start: a service that logs an error failed somewhere,
    // even where the answer the client got looks fine.
    logs = captureLogs();
    stack = await startStack({ db, env: { ...HARDENED, LOG_LEVEL: 'warn' } });
    tokens = {
      anonymous: '',
      member: await stack.token({ member: 1 }),
      other: await stack.token({ member: 3 }),
      handler: await stack.token({ role: 'handler' }),
      admin: await stack.token({ role: 'admin' }),
      garbage: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
    };
  });
  afterAll(async () => {
    await stack?.close();
    logs?.stop();
  });

  const DASHBOARD = '{ me { number name tier equipment { serialNumber status product { model } } country { name } } }';

  it(`answers ${COUNT} malformed requests with the code each deserves, no 5xx, no service error, and stores nothing (seed ${SEED})`, async () => {
    const before = await databaseState(stack);
    const dashboardBefore = await stack.query(DASHBOARD, { token: tokens.member });
    const next = generator(SEED, supergraphOperations(stack), tokens, API);
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
    const errorLines = logs.lines.filter((line) => line.level >= 50).map((line) => `${line.name}: ${line.msg} ${JSON.stringify(line.err ?? '').slice(0, 300)}`);
    expect(errorLines, 'error-level log lines during the run').toEqual([]);

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
