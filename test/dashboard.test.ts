import { describe, expect, it } from 'vitest';
import { databaseKinds, errorCodes, stackFor } from './harness';

const DASHBOARD = /* GraphQL */ `
  query Dashboard {
    me {
      number name
      address { street postalCode city countryCode }
      country { code name maxTier }
      tier qualifyingTier videoMember
      benefits { code name description }
      nextTier { tier missingBodies missingLenses }
      card { status requestedAt sentAt }
      equipment {
        id serialNumber purchaseDate dealer estimated parallelImport status countsTowardsTier
        product { model kind tierCap supported }
      }
    }
  }
`;

describe.each(databaseKinds())('the one dashboard request over three subgraphs (%s)', (db) => {
  const stack = stackFor({ db });

  const dashboard = async (member: number) => {
    const response = await stack.query(DASHBOARD, { token: await stack.token({ member }) });
    expect(response.errors).toBeUndefined();
    return response.data.me;
  };

  it('returns member, country (regions), equipment products (catalogue) and tier in one request', async () => {
    const anna = await dashboard(1);
    expect(anna.number).toBe('10000001');
    expect(anna.name).toBe('Anna Schmidt');
    expect(anna.address).toEqual({ street: 'Friedrichstraße 123', postalCode: '10117', city: 'Berlin', countryCode: 'DE' });
    // Named in Anna's own language, German (the country file's `translations.de`).
    expect(anna.country).toEqual({ code: 'DE', name: 'Deutschland', maxTier: 'PLATINUM' });
    expect(anna.tier).toBe('PLATINUM');
    expect(anna.qualifyingTier).toBe('PLATINUM');
    expect(anna.videoMember).toBe(true);
    expect(anna.nextTier).toBeNull();
    expect(anna.card.status).toBe('SENT');
    expect(anna.equipment).toHaveLength(8);
    const r5 = anna.equipment.find((e: any) => e.serialNumber === '032021000123');
    expect(r5).toMatchObject({
      purchaseDate: '2023-03-14',
      dealer: 'Calumet Photographic',
      status: 'ACTIVE',
      countsTowardsTier: true,
      product: { model: 'EOS R5', kind: 'BODY', tierCap: 'PLATINUM', supported: true },
    });
    const c70 = anna.equipment.find((e: any) => e.product.model === 'EOS C70');
    expect(c70.product).toEqual({ model: 'EOS C70', kind: 'PRO_VIDEO', tierCap: null, supported: true });
    expect(anna.benefits.length).toBeGreaterThan(0);
  });

  it('a 5D Mark IV, an 80D and three pro lenses give Silver (the worked example)', async () => {
    const tom = await dashboard(2);
    expect(tom.country.code).toBe('GB');
    expect(tom.tier).toBe('SILVER');
    expect(tom.qualifyingTier).toBe('SILVER');
    // The 80D cannot count towards Gold: one more Gold-capable body is what is missing.
    expect(tom.nextTier).toEqual({ tier: 'GOLD', missingBodies: 1, missingLenses: 0 });
    const eightyD = tom.equipment.find((e: any) => e.product.model === 'EOS 80D');
    expect(eightyD.product.tierCap).toBe('SILVER');
  });

  it('a discontinued product stays on the account as not supported and counts for nothing', async () => {
    const lucie = await dashboard(3);
    expect(lucie.tier).toBe('GOLD');
    const sevenD = lucie.equipment.find((e: any) => e.product.model === 'EOS 7D');
    expect(sevenD.product.supported).toBe(false);
    expect(sevenD.countsTowardsTier).toBe(false);
    expect(lucie.equipment.find((e: any) => e.product.model === 'EOS 5D Mark IV').estimated).toBe(true);
  });

  it('Platinum equipment in a Silver-only country gives Silver, with no next tier', async () => {
    const kadri = await dashboard(4);
    expect(kadri.country).toEqual({ code: 'EE', name: 'Estonia', maxTier: 'SILVER' });
    expect(kadri.qualifyingTier).toBe('SILVER');
    expect(kadri.nextTier).toBeNull();
  });

  it('an account with no equipment has no tier and needs two bodies and three lenses for Silver', async () => {
    const jan = await dashboard(5);
    expect(jan.tier).toBeNull();
    expect(jan.equipment).toEqual([]);
    expect(jan.benefits).toEqual([]);
    expect(jan.nextTier).toEqual({ tier: 'SILVER', missingBodies: 2, missingLenses: 3 });
    expect(jan.card.status).toBe('REQUESTED');
  });

  it('shows the tier history with the date the tier was first held', async () => {
    const response = await stack.query('{ me { tierHistory { from to at reason } } }', {
      token: await stack.token({ member: 2 }),
    });
    const [first] = response.data.me.tierHistory;
    expect(first).toMatchObject({ from: null, to: 'SILVER' });
    expect(Number.isNaN(Date.parse(first.at))).toBe(false);
  });

  it('member by number: self, handler and admin may look; another member may not', async () => {
    const query = '{ memberByNumber(number: "10000002") { name tier } }';
    const self = await stack.query(query, { token: await stack.token({ member: 2 }) });
    expect(self.data.memberByNumber).toEqual({ name: 'Tom Baker', tier: 'SILVER' });
    const handler = await stack.query(query, { token: await stack.token({ role: 'handler' }) });
    expect(handler.data.memberByNumber.name).toBe('Tom Baker');
    const other = await stack.query(query, { token: await stack.token({ member: 1 }) });
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
    const anonymous = await stack.query(query);
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('handlers page through members, each with country and equipment products resolved in the same request', async () => {
    const token = await stack.token({ role: 'handler' });
    const first = await stack.query('{ members(first: 2) { id name country { name } equipment { product { model } } } }', { token });
    expect(first.errors).toBeUndefined();
    expect(first.data.members.map((m: any) => m.name)).toEqual(['Anna Schmidt', 'Tom Baker']);
    expect(first.data.members[1].country.name).toBe('United Kingdom');
    const next = await stack.query('query($after: ID) { members(first: 2, after: $after) { name } }', { token, variables: { after: first.data.members[1].id } });
    expect(next.data.members.map((m: any) => m.name)).toEqual(['Lucie Dubois', 'Kadri Tamm']);
    const tooMany = await stack.query('{ members(first: 1000) { id } }', { token });
    expect(errorCodes(tooMany)).toEqual(['BAD_USER_INPUT']);
    expect(tooMany.errors![0].extensions!.field).toBe('first');
  });

  it('an old alphanumeric number fails with LEGACY_ACCOUNT_EXPIRED and says to register again', async () => {
    const response = await stack.query('{ memberByNumber(number: "UK013795RS") { name } }', {
      token: await stack.token({ role: 'admin' }),
    });
    expect(errorCodes(response)).toEqual(['LEGACY_ACCOUNT_EXPIRED']);
    expect(response.errors![0].message).toMatch(/expired in April 2010/);
    expect(response.errors![0].message).toMatch(/register again/i);
    expect(response.errors![0].extensions!.field).toBe('number');
  });

  it('a token that is not valid is refused with 401 before any subgraph is asked', async () => {
    const response = await stack.query('{ me { name } }', { token: 'not-a-jwt' });
    expect(response.status).toBe(401);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  });
});
