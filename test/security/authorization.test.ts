import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startStack, type GraphQLResponse, type Stack } from '../harness';
import { composedOperations } from './helpers';

// What the subgraphs compose to now: every row's operation must be in it (a missing one fails its row).
const ops = await composedOperations();

/**
 * Who may do what (CONTRACT.md): one row per root field the gateway serves and per field of a
 * member, × anonymous, the member (Tom Baker, member 2), another member (Lucie Dubois, member 3), a
 * handler and an admin. Each row checks its own field: that field's value and the errors on its
 * path (the field, what it sits in, what it holds), not just whether the request as a whole failed.
 * A member reading or changing another member's data gets FORBIDDEN (through nested fields and
 * Equipment.owner too), anonymous gets UNAUTHENTICATED, handlers and admins what the contract
 * gives them. Refused callers go first, and what they tried must be unchanged afterwards.
 *
 * A row whose operation the supergraph lacks fails: a contract operation that went missing is a
 * broken contract, not work still to do.
 */
const ACTORS = ['anonymous', 'the member', 'another member', 'handler', 'admin'] as const;
type Actor = (typeof ACTORS)[number];
/**
 * data: answered, no errors. allowed: no UNAUTHENTICATED or FORBIDDEN (another error may say the
 * input is wrong). none: no member's data (null, or refused). refused: FORBIDDEN or
 * UNAUTHENTICATED (a staff token names no member to act for). Or exactly that one error code.
 */
type Outcome = 'data' | 'allowed' | 'none' | 'refused' | 'UNAUTHENTICATED' | 'FORBIDDEN';

const TOM = '2';
const LUCIE = '3';
const ANNA = '1';

interface Tools {
  stack: Stack;
  as(actor: Actor, query: string, variables?: object): Promise<GraphQLResponse>;
  /** What an admin sees of one member's equipment (every status). */
  equipmentOf(memberId: string): Promise<Array<{ id: string; serialNumber: string; status: string; dealer: string; product: { id: string } }>>;
}

interface Row {
  /** The root field the request asks. */
  operation: string;
  /** What the row is for when that is a member's field (`Member.email`); else the operation. */
  field?: string;
  /** Where the checked value is in `data` (default: the operation). */
  path?: string[];
  /** Other operations the fixtures need. */
  needs?: string[];
  title: string;
  expect: Record<Actor, Outcome>;
  prepare?: (t: Tools) => Promise<any>;
  request: (actor: Actor, fixtures: any) => { query: string; variables?: object };
  /** The value may be null for a caller who may see it (a nullable field: Tom's tier, say). */
  mayBeNull?: boolean;
  /** Checks an allowed answer (`value` is the value at the row's path). */
  check?: (value: any, actor: Actor, fixtures: any) => void;
  /** After the refused callers: nothing they tried happened. */
  unchanged?: (t: Tools, fixtures: any) => Promise<void>;
}

const everyone = (outcome: Outcome): Record<Actor, Outcome> => Object.fromEntries(ACTORS.map((a) => [a, outcome])) as Record<Actor, Outcome>;
const SELF_OR_STAFF: Record<Actor, Outcome> = { anonymous: 'UNAUTHENTICATED', 'the member': 'data', 'another member': 'FORBIDDEN', handler: 'data', admin: 'data' };
const HANDLER: Record<Actor, Outcome> = { anonymous: 'UNAUTHENTICATED', 'the member': 'FORBIDDEN', 'another member': 'FORBIDDEN', handler: 'data', admin: 'data' };
const ADMIN: Record<Actor, Outcome> = { ...HANDLER, handler: 'FORBIDDEN' };
const OWNER_OR_ADMIN: Record<Actor, Outcome> = { ...SELF_OR_STAFF, handler: 'FORBIDDEN' };

const MEMBER_FIELDS = `id number name email address { street postalCode city countryCode } country { code }
  tier qualifyingTier videoMember benefits { code } nextTier { tier } card { status } tierHistory { to at } outlook { on change } notices { code }
  equipment(includeInactive: true) { id serialNumber status owner { id email address { street } } product { id } }`;

let serialCounter = 0;
/** A fresh serial of the EOS R5 (product 4: twelve digits). */
const freshSerial = () => `0399${String(Date.now() % 1e6).padStart(6, '0')}${String(serialCounter++ % 100).padStart(2, '0')}`;

const registration = (serialNumber: string, productId = '4') => ({
  productId,
  serialNumber,
  purchaseDate: '2024-05-01',
  purchaseCountryCode: 'DE',
  dealer: 'Foto Koch',
});

const REGISTER_EQUIPMENT = 'mutation($input: RegisterEquipmentInput!) { registerEquipment(input: $input) { id status owner { id } } }';

/** Serials of Anna's that Lucie has registered already (each only once per stack). */
const claimed = new Set<string>();

/** Lucie registers serials active on Anna's account: second-hand items pending a handler. */
async function pendingTransfers(t: Tools, count: number): Promise<string[]> {
  const items = (await t.equipmentOf(ANNA)).filter((i) => i.status === 'ACTIVE' && !claimed.has(i.serialNumber));
  const pending: string[] = [];
  for (const item of items.slice(0, count)) {
    claimed.add(item.serialNumber);
    const response = await t.as('another member', REGISTER_EQUIPMENT, { input: registration(item.serialNumber, item.product.id) });
    expect(response.errors, 'registering a second-hand item').toBeUndefined();
    expect(response.data.registerEquipment.status).toBe('PENDING_TRANSFER');
    pending.push(response.data.registerEquipment.id);
  }
  expect(pending).toHaveLength(count);
  return pending;
}

/** Every seeded member's tier history, to tell that a refused recalculation changed nothing. */
async function tierHistories(t: Tools): Promise<unknown[]> {
  const histories: unknown[] = [];
  for (const id of ['1', '2', '3', '4', '5']) {
    histories.push((await t.as('admin', 'query($id: ID!) { member(id: $id) { tier tierHistory { from to at } } }', { id })).data.member);
  }
  return histories;
}

/** One field of a member each, as little as reads it. */
const MEMBER_FIELD_SELECTIONS: Record<string, string> = {
  id: 'id',
  number: 'number',
  name: 'name',
  email: 'email',
  address: 'address { street postalCode city countryCode }',
  country: 'country { code name maxTier }',
  language: 'language',
  tier: 'tier',
  qualifyingTier: 'qualifyingTier',
  videoMember: 'videoMember',
  benefits: 'benefits { code name }',
  nextTier: 'nextTier { tier missingBodies missingLenses }',
  card: 'card { status requestedAt sentAt }',
  tierHistory: 'tierHistory { from to at reason }',
  equipment: 'equipment(includeInactive: true) { id serialNumber status dealer purchaseDate product { id } }',
  outlook: 'outlook { on tier videoMember change reasons }',
  notices: 'notices { code message at equipmentId }',
  tierExplanation: 'tierExplanation { policyVersion qualifyingTier lines nextTierBlockedBy }',
};
const NULLABLE_MEMBER_FIELDS = new Set(['tier', 'qualifyingTier', 'nextTier']);
/** Tom's fields the demo data fixes. */
const TOMS: Record<string, unknown> = { id: TOM, number: '10000002', name: 'Tom Baker', email: 'tom.baker@example.co.uk', language: 'en' };

const memberFieldQuery = (selection: string) => `query($id: ID!) { member(id: $id) { ${selection} } }`;

/**
 * Each field of Tom's, its own row: the value a caller who may see it gets is the admin's (and,
 * where the demo data fixes it, Tom's), and another member gets FORBIDDEN on it.
 */
const MEMBER_FIELD_ROWS: Row[] = Object.entries(MEMBER_FIELD_SELECTIONS).map(([field, selection]) => ({
  operation: 'member',
  field: `Member.${field}`,
  path: ['member', field],
  title: `Member.${field}: self, handler or admin`,
  expect: SELF_OR_STAFF,
  mayBeNull: NULLABLE_MEMBER_FIELDS.has(field),
  prepare: async (t) => {
    const reference = await t.as('admin', memberFieldQuery(selection), { id: TOM });
    expect(reference.errors, `the admin's view of Member.${field}`).toBeUndefined();
    return reference.data.member[field];
  },
  request: () => ({ query: memberFieldQuery(selection), variables: { id: TOM } }),
  check: (value, _actor, reference) => {
    expect(value).toEqual(reference);
    if (field in TOMS) expect(value).toEqual(TOMS[field]);
  },
}));

const ROWS: Row[] = [
  // Queries
  {
    operation: 'me',
    title: 'me: the signed-in member only; staff tokens name no member',
    expect: { anonymous: 'UNAUTHENTICATED', 'the member': 'data', 'another member': 'data', handler: 'none', admin: 'none' },
    request: () => ({ query: `{ me { ${MEMBER_FIELDS} } }` }),
    check: (me, actor) => {
      const id = actor === 'the member' ? TOM : LUCIE;
      expect(me.id).toBe(id);
      for (const item of me.equipment) expect(item.owner.id).toBe(id);
    },
  },
  {
    operation: 'member',
    title: 'member(id) with every nested field and Equipment.owner: self, handler or admin',
    expect: SELF_OR_STAFF,
    request: () => ({ query: `query($id: ID!) { member(id: $id) { ${MEMBER_FIELDS} } }`, variables: { id: TOM } }),
    check: (member) => {
      expect(member).toMatchObject({ id: TOM, name: 'Tom Baker', email: 'tom.baker@example.co.uk' });
      expect(member.equipment.length).toBeGreaterThan(0);
      for (const item of member.equipment) expect(item.owner.id).toBe(TOM);
    },
  },
  ...MEMBER_FIELD_ROWS,
  {
    operation: 'member',
    field: 'Equipment.owner',
    path: ['member', 'equipment'],
    title: "Equipment.owner of a member's items: self, handler or admin, and always that member",
    expect: SELF_OR_STAFF,
    request: () => ({ query: memberFieldQuery('equipment(includeInactive: true) { id owner { id name email address { street } } }'), variables: { id: TOM } }),
    check: (items) => {
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) expect(item.owner).toMatchObject({ id: TOM, name: 'Tom Baker', email: TOMS.email });
    },
  },
  {
    operation: 'memberByNumber',
    title: 'memberByNumber: self, handler or admin',
    expect: SELF_OR_STAFF,
    request: () => ({ query: `{ memberByNumber(number: "10000002") { ${MEMBER_FIELDS} } }` }),
    check: (member) => expect(member.id).toBe(TOM),
  },
  {
    operation: 'member',
    title: 'member(id) of an id that does not exist: members learn nothing (FORBIDDEN), staff get null',
    expect: { anonymous: 'UNAUTHENTICATED', 'the member': 'FORBIDDEN', 'another member': 'FORBIDDEN', handler: 'none', admin: 'none' },
    request: () => ({ query: '{ member(id: "999999") { id name } }' }),
  },
  {
    operation: 'product',
    title: 'product: public',
    expect: everyone('data'),
    request: () => ({ query: '{ product(id: "4") { model } }' }),
    check: (product) => expect(product.model).toBe('EOS R5'),
  },
  {
    operation: 'productByModel',
    title: 'productByModel: public',
    expect: everyone('data'),
    request: () => ({ query: '{ productByModel(model: "EOS R5") { id } }' }),
    check: (product) => expect(product.id).toBe('4'),
  },
  {
    operation: 'products',
    title: 'products: public',
    expect: everyone('data'),
    request: () => ({ query: '{ products(kind: LENS) { id kind } }' }),
    check: (products) => {
      expect(products.length).toBeGreaterThan(0);
      for (const product of products) expect(product.kind).toBe('LENS');
    },
  },
  {
    operation: 'country',
    title: 'country: public',
    expect: everyone('data'),
    request: () => ({ query: '{ country(code: "DE") { name maxTier } }' }),
    check: (country) => expect(country.name).toBe('Germany'),
  },
  {
    operation: 'countries',
    title: 'countries: public',
    expect: everyone('data'),
    request: () => ({ query: '{ countries { code } }' }),
    check: (countries) => expect(countries.map((c: any) => c.code)).toContain('DE'),
  },
  {
    operation: 'isAuthorisedDealer',
    title: 'isAuthorisedDealer: public',
    expect: everyone('data'),
    request: () => ({ query: '{ isAuthorisedDealer(countryCode: "DE", dealer: "Foto Koch") }' }),
    check: (authorised) => expect(authorised).toBe(true),
  },
  {
    operation: 'authorisedDealers',
    title: 'authorisedDealers: public',
    expect: everyone('data'),
    request: () => ({ query: '{ authorisedDealers(countryCode: "DE") }' }),
    check: (dealers) => expect(dealers).toContain('Foto Koch'),
  },
  {
    operation: 'otherRegionCardBenefits',
    title: 'otherRegionCardBenefits: public',
    expect: everyone('data'),
    request: () => ({ query: '{ otherRegionCardBenefits { code name } }' }),
  },
  {
    operation: 'policy',
    title: 'policy: public (the version in force and the next scheduled one)',
    expect: everyone('data'),
    request: () => ({ query: '{ policy { version effectiveFrom next { version effectiveFrom } } }' }),
    check: (policy) => expect(policy.version).toMatch(/^[0-9a-f]{12}$/),
  },
  {
    operation: 'policyStatus',
    title: 'policyStatus: admin only',
    expect: ADMIN,
    request: () => ({ query: '{ policyStatus { __typename } }' }),
  },
  {
    operation: 'policyCandidates',
    title: 'policyCandidates: admin only',
    expect: ADMIN,
    request: () => ({ query: '{ policyCandidates { __typename } }' }),
    check: (candidates) => expect(Array.isArray(candidates)).toBe(true),
  },
  {
    operation: 'policyVersions',
    title: 'policyVersions: admin only',
    expect: ADMIN,
    request: () => ({ query: '{ policyVersions { version how } }' }),
    check: (versions) => expect(versions.length).toBeGreaterThan(0),
  },
  {
    operation: 'policyPreview',
    title: 'policyPreview: admin only',
    expect: { ...ADMIN, admin: 'allowed' },
    request: () => ({ query: '{ policyPreview(candidate: "no-such-candidate") { __typename } }' }),
  },
  {
    operation: 'members',
    title: 'members (a page of accounts, with every nested field): handler and admin',
    expect: HANDLER,
    request: () => ({ query: `{ members(first: 10) { ${MEMBER_FIELDS} } }` }),
    check: (members) => {
      expect(members.map((m: any) => m.id)).toContain(TOM);
    },
  },
  {
    operation: 'pendingTransfers',
    needs: ['registerEquipment'],
    title: 'pendingTransfers (with Equipment.owner): handler and admin',
    expect: HANDLER,
    prepare: (t) => pendingTransfers(t, 1),
    request: () => ({ query: '{ pendingTransfers { id status serialNumber owner { id name } } }' }),
    check: (items, _actor, [pending]) => {
      const item = items.find((i: any) => i.id === pending);
      expect(item).toMatchObject({ status: 'PENDING_TRANSFER', owner: { id: LUCIE } });
    },
  },
  {
    operation: 'cardsToSend',
    title: 'cardsToSend (the cards still to post, with the members): admin only',
    expect: ADMIN,
    request: () => ({ query: '{ cardsToSend(first: 20) { id number card { status } } }' }),
    check: (members) => {
      expect(members.length).toBeGreaterThan(0);
      for (const member of members) expect(['REQUESTED', 'OVERDUE']).toContain(member.card.status);
    },
  },
  {
    operation: 'programmeToday',
    title: "programmeToday: public (the programme's calendar day)",
    expect: everyone('data'),
    request: () => ({ query: '{ programmeToday }' }),
    check: (today) => expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/),
  },
  {
    operation: 'member',
    field: 'Equipment.decidedBy',
    path: ['member', 'equipment'],
    needs: ['registerEquipment', 'confirmTransfer'],
    title: "Equipment.decidedBy (which handler decided a second-hand registration): staff see it, the buyer only that and when",
    // The buyer is Lucie ("another member" of the matrix): her own item; Tom may not read it.
    expect: { anonymous: 'UNAUTHENTICATED', 'the member': 'FORBIDDEN', 'another member': 'data', handler: 'data', admin: 'data' },
    prepare: async (t) => {
      const [pending] = await pendingTransfers(t, 1);
      const decided = await t.as('handler', 'mutation($id: ID!) { confirmTransfer(equipmentId: $id) { id } }', { id: pending });
      expect(decided.errors).toBeUndefined();
      return pending;
    },
    request: () => ({ query: `{ member(id: "${LUCIE}") { equipment(includeInactive: true) { id decidedBy decidedAt registeredAt } } }` }),
    check: (items, actor, pending) => {
      const item = items.find((i: any) => i.id === pending);
      expect(item.decidedAt).toBeTruthy();
      expect(Date.parse(item.registeredAt)).toBeLessThanOrEqual(Date.parse(item.decidedAt));
      expect(item.decidedBy).toBe(actor === 'another member' ? null : 'handler');
    },
  },
  // Mutations
  {
    operation: 'registerMember',
    title: 'registerMember: public sign-up',
    expect: everyone('data'),
    request: (actor) => ({
      query: 'mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id number name } }',
      variables: {
        input: {
          name: `Matrix ${actor}`,
          email: `matrix.${actor.replace(' ', '-')}.${Date.now()}@example.de`,
          address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', countryCode: 'DE' },
        },
      },
    }),
    check: (member, actor) => expect(member).toMatchObject({ name: `Matrix ${actor}`, number: expect.stringMatching(/^\d+$/) }),
  },
  {
    operation: 'registerEquipment',
    title: 'registerEquipment: a member, for themself only',
    expect: { anonymous: 'UNAUTHENTICATED', 'the member': 'data', 'another member': 'data', handler: 'refused', admin: 'refused' },
    request: () => ({ query: REGISTER_EQUIPMENT, variables: { input: registration(freshSerial()) } }),
    check: (item, actor) => expect(item).toMatchObject({ status: 'ACTIVE', owner: { id: actor === 'the member' ? TOM : LUCIE } }),
  },
  {
    operation: 'correctEquipment',
    title: 'correctEquipment: the owner or an admin',
    expect: OWNER_OR_ADMIN,
    prepare: async (t) => (await t.equipmentOf(TOM)).find((i) => i.status === 'ACTIVE')!,
    request: (actor, item) => ({
      query: 'mutation($id: ID!, $input: CorrectEquipmentInput!) { correctEquipment(id: $id, input: $input) { id dealer estimated } }',
      variables: { id: item.id, input: { dealer: `Corrected by ${actor}`, estimated: true } },
    }),
    unchanged: async (t, item) => {
      expect((await t.equipmentOf(TOM)).find((i) => i.id === item.id)!.dealer).toBe(item.dealer);
    },
    check: (item, actor) => expect(item).toMatchObject({ dealer: `Corrected by ${actor}`, estimated: true }),
  },
  {
    operation: 'removeEquipment',
    title: 'removeEquipment: the owner or an admin',
    expect: OWNER_OR_ADMIN,
    prepare: async (t) => (await t.equipmentOf(TOM)).filter((i) => i.status === 'ACTIVE').map((i) => i.id),
    // Refused callers all try the first item; the member and the admin each remove another.
    request: (actor, ids) => ({
      query: 'mutation($id: ID!) { removeEquipment(id: $id) { id status } }',
      variables: { id: actor === 'the member' ? ids[1] : actor === 'admin' ? ids[2] : ids[0] },
    }),
    unchanged: async (t, ids) => {
      expect((await t.equipmentOf(TOM)).find((i) => i.id === ids[0])!.status).toBe('ACTIVE');
    },
    check: (item) => expect(item.status).toBe('REMOVED'),
  },
  {
    operation: 'confirmTransfer',
    needs: ['registerEquipment'],
    title: 'confirmTransfer: handler or admin',
    expect: HANDLER,
    prepare: (t) => pendingTransfers(t, 2),
    request: (actor, ids) => ({
      query: 'mutation($id: ID!) { confirmTransfer(equipmentId: $id) { id status owner { id } } }',
      variables: { id: actor === 'admin' ? ids[1] : ids[0] },
    }),
    unchanged: async (t, ids) => {
      expect((await t.equipmentOf(LUCIE)).find((i) => i.id === ids[0])!.status).toBe('PENDING_TRANSFER');
    },
    check: (item) => expect(item).toMatchObject({ status: 'ACTIVE', owner: { id: LUCIE } }),
  },
  {
    operation: 'rejectTransfer',
    needs: ['registerEquipment'],
    title: 'rejectTransfer: handler or admin',
    expect: HANDLER,
    prepare: (t) => pendingTransfers(t, 2),
    request: (actor, ids) => ({
      query: 'mutation($id: ID!, $reason: String!) { rejectTransfer(equipmentId: $id, reason: $reason) { id status } }',
      variables: { id: actor === 'admin' ? ids[1] : ids[0], reason: 'No proof of purchase' },
    }),
    unchanged: async (t, ids) => {
      expect((await t.equipmentOf(LUCIE)).find((i) => i.id === ids[0])!.status).toBe('PENDING_TRANSFER');
    },
    check: (item) => expect(item.status).toBe('REJECTED'),
  },
  {
    operation: 'markCardSent',
    title: 'markCardSent: admin only',
    expect: ADMIN,
    request: () => ({ query: 'mutation { markCardSent(memberId: "5") { status sentAt } }' }),
    unchanged: async (t) => {
      expect((await t.as('admin', '{ member(id: "5") { card { status } } }')).data.member.card.status).toBe('REQUESTED');
    },
    check: (card) => expect(card.status).toBe('SENT'),
  },
  {
    operation: 'recalculateMemberships',
    title: 'recalculateMemberships: admin only',
    expect: ADMIN,
    prepare: (t) => tierHistories(t),
    request: () => ({ query: 'mutation { recalculateMemberships(asOf: "2026-01-01") { asOf membersProcessed } }' }),
    unchanged: async (t, before) => expect(await tierHistories(t)).toEqual(before),
    check: (report) => expect(report.membersProcessed).toBeGreaterThan(0),
  },
  {
    operation: 'recalculation',
    title: "recalculation: admin only (the run's state)",
    expect: ADMIN,
    // After the row above: the admin's run for that date exists and is complete.
    request: () => ({ query: '{ recalculation(asOf: "2026-01-01") { asOf state membersProcessed } }' }),
    check: (report) => expect(report).toMatchObject({ asOf: '2026-01-01', state: 'COMPLETED' }),
  },
  {
    operation: 'updateMember',
    title: 'updateMember: the member or an admin (a handler decides transfers, not accounts)',
    expect: OWNER_OR_ADMIN,
    prepare: async (t) => (await t.as('admin', `{ member(id: "${TOM}") { name } }`)).data.member.name,
    request: (actor) => ({
      query: 'mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id name } }',
      variables: { id: TOM, input: { name: `Renamed by ${actor}` } },
    }),
    unchanged: async (t, name) => expect((await t.as('admin', `{ member(id: "${TOM}") { name } }`)).data.member.name).toBe(name),
    check: (member, actor) => expect(member).toEqual({ id: TOM, name: `Renamed by ${actor}` }),
  },
  {
    operation: 'exportMember',
    title: 'exportMember: the member or an admin',
    expect: OWNER_OR_ADMIN,
    request: () => ({ query: `{ exportMember(id: "${TOM}") }` }),
    check: (document) => expect(JSON.parse(document).member).toMatchObject({ id: Number(TOM), memberNumber: String(10_000_000 + Number(TOM)) }),
  },
  // Last: the member erases their own account.
  {
    operation: 'deleteMember',
    title: 'deleteMember: the member or an admin',
    expect: OWNER_OR_ADMIN,
    request: (actor) => ({ query: 'mutation($id: ID!) { deleteMember(id: $id) { id itemsReleased } }', variables: { id: actor === 'admin' ? '4' : TOM } }),
    unchanged: async (t) => expect((await t.as('admin', `{ member(id: "${TOM}") { id } }`)).data.member).toEqual({ id: TOM }),
    check: (deleted, actor) => expect(deleted.id).toBe(actor === 'admin' ? '4' : TOM),
  },
];

/** The value at `path` in `data` (null when it or anything it sits in is null). */
function valueAt(data: any, path: string[]): any {
  let value = data;
  for (const key of path) {
    if (value === null || value === undefined) return null;
    value = value[key];
  }
  return value ?? null;
}

/** Errors on a field's path: on the field, on what it sits in (a request error has no path) or within it. */
function errorsOn(response: GraphQLResponse, path: string[]): NonNullable<GraphQLResponse['errors']> {
  return (response.errors ?? []).filter((error) => {
    const at = (error.path ?? []).filter((key): key is string => typeof key === 'string'); // list indexes aside
    return at.slice(0, path.length).every((key, i) => key === path[i]);
  });
}

const REFUSALS = ['UNAUTHENTICATED', 'FORBIDDEN'];

function assertOutcome(response: GraphQLResponse, row: Row, outcome: Outcome, label: string): any {
  const path = row.path ?? [row.operation];
  const value = valueAt(response.data, path);
  const errors = errorsOn(response, path);
  const codes = errors.map((e) => e.extensions?.code);
  const said = `${label}: ${JSON.stringify(errors)}`;
  switch (outcome) {
    case 'data':
      expect(errors, said).toEqual([]);
      expect(valueAt(response.data, path.slice(0, -1)), label).not.toBeNull();
      if (!row.mayBeNull) expect(value, label).not.toBeNull();
      return value;
    case 'allowed':
      for (const code of codes) expect(REFUSALS, said).not.toContain(code);
      return value;
    case 'none':
      expect(value, label).toBeNull();
      for (const code of codes) expect(REFUSALS, said).toContain(code);
      return value;
    case 'refused':
      expect(value, label).toBeNull();
      expect(codes.length, said).toBeGreaterThan(0);
      for (const code of codes) expect(REFUSALS, said).toContain(code);
      return value;
    default:
      expect(value, label).toBeNull();
      expect(new Set(codes), said).toEqual(new Set([outcome]));
      return value;
  }
}

describe.each(databaseKinds())('who may do what (%s)', (db) => {
  let stack: Stack;
  let tools: Tools;
  beforeAll(async () => {
    claimed.clear();
    stack = await startStack({ db });
    const tokens: Record<Actor, string | undefined> = {
      anonymous: undefined,
      'the member': await stack.token({ member: TOM }),
      'another member': await stack.token({ member: LUCIE }),
      handler: await stack.token({ role: 'handler' }),
      admin: await stack.token({ role: 'admin' }),
    };
    tools = {
      stack,
      as: (actor, query, variables) => stack.query(query, { variables, token: tokens[actor] }),
      equipmentOf: async (memberId) => {
        const response = await stack.query(
          'query($id: ID!) { member(id: $id) { equipment(includeInactive: true) { id serialNumber status dealer product { id } } } }',
          { variables: { id: memberId }, token: tokens.admin },
        );
        expect(response.errors).toBeUndefined();
        return response.data.member.equipment;
      },
    };
  });
  afterAll(() => stack?.close());

  for (const row of ROWS) {
    it(`${row.title}`, async () => {
      const missing = [row.operation, ...(row.needs ?? [])].filter((op) => !ops.query.has(op) && !ops.mutation.has(op));
      expect(missing, 'operations the gateway does not serve').toEqual([]);
      if (row.field) expect(ops.fields.has(row.field), `${row.field} is not in the supergraph`).toBe(true);
      const fixtures = await row.prepare?.(tools);
      const refusedFirst = [...ACTORS].sort((a, b) => Number(row.expect[a] === 'data') - Number(row.expect[b] === 'data'));
      let unchangedChecked = false;
      for (const actor of refusedFirst) {
        const outcome = row.expect[actor];
        if (outcome === 'data' && !unchangedChecked) {
          await row.unchanged?.(tools, fixtures);
          unchangedChecked = true;
        }
        const { query, variables } = row.request(actor, fixtures);
        const response = await tools.as(actor, query, variables);
        const label = `${row.field ?? row.operation} as ${actor}`;
        expect(response.status, label).toBeLessThan(500);
        const value = assertOutcome(response, row, outcome, label);
        if (outcome === 'data') row.check?.(value, actor, fixtures);
      }
      if (!unchangedChecked) await row.unchanged?.(tools, fixtures);
    });
  }

  it(
    'Equipment.previousOwner: only handlers and admins learn whose account holds a serial now',
    async () => {
      expect(ops.fields.has('Equipment.previousOwner'), 'Equipment.previousOwner is not in the supergraph').toBe(true);
      const [pending] = await pendingTransfers(tools, 1);
      const mine = await tools.as('another member', '{ me { equipment { id status previousOwner { id email } } } }');
      expect(mine.data.me.equipment.find((i: any) => i.id === pending)).toMatchObject({ status: 'PENDING_TRANSFER', previousOwner: null });
      expect(new Set(mine.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
      expect(JSON.stringify(mine)).not.toMatch(/anna/i);
      for (const staff of ['handler', 'admin'] as const) {
        const response = await tools.as(staff, '{ pendingTransfers { id previousOwner { id } } }');
        expect(response.errors).toBeUndefined();
        expect(response.data.pendingTransfers.find((i: any) => i.id === pending).previousOwner).toEqual({ id: ANNA });
      }
    },
  );

  it('what members serves only to its peers (countriesInUse) the gateway serves to nobody', async () => {
    for (const actor of ACTORS) {
      const response = await tools.as(actor, '{ countriesInUse { code members } }');
      expect(response.data?.countriesInUse, actor).toBeUndefined();
      expect(response.errors?.map((e) => e.extensions?.code), actor).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    }
  });

  it('every operation of the contract, every other one the gateway serves and every field of a member has a row here', () => {
    const covered = new Set(ROWS.map((r) => r.field ?? r.operation));
    const contract = ['me', 'member', 'memberByNumber', 'product', 'productByModel', 'products', 'country', 'countries', 'pendingTransfers',
      'registerMember', 'registerEquipment', 'correctEquipment', 'removeEquipment', 'confirmTransfer', 'rejectTransfer', 'markCardSent',
      'recalculateMemberships', 'updateMember', 'deleteMember', 'exportMember', 'policy', 'recalculation'];
    for (const op of [...contract, ...ops.query, ...ops.mutation]) expect(covered.has(op), `${op} has no row in the matrix`).toBe(true);
    // The fields that hand out a member: every field of Member, and the owners of an item.
    const memberFields = [...ops.fields].filter((f) => f.startsWith('Member.'));
    for (const field of [...memberFields, 'Equipment.owner']) expect(covered.has(field), `${field} has no row in the matrix`).toBe(true);
  });
});
