import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, errorCodes, memberTableCounts, startStack, type Stack } from '../harness';
import { bodySerial, lensSerial, me, newMember, PRODUCTS, registerEquipment, registerGoldKit, REGISTER_MEMBER } from './workflows';

describe.each(databaseKinds())('equipment registration (%s)', (db) => {
  let stack: Stack;
  let member: number;
  beforeAll(async () => {
    stack = await startStack({ db });
    const { data } = await stack.query(REGISTER_MEMBER, {
      variables: { input: { name: 'Lars Jensen', email: 'lars@example.dk', address: { street: 'Strøget 1', postalCode: '1160', city: 'København', countryCode: 'DK' } } },
    });
    member = Number(data.registerMember.id);
  });
  afterAll(() => stack?.close());

  it('crossing the Silver threshold qualifies the member at once: held tier, history and a new card', async () => {
    const registered = [
      await registerEquipment(stack, member, { productId: PRODUCTS.eosR6, serialNumber: bodySerial() }),
      await registerEquipment(stack, member, { productId: PRODUCTS.eos90D, serialNumber: bodySerial() }),
      await registerEquipment(stack, member, { productId: PRODUCTS.ef24_105, serialNumber: lensSerial() }),
      await registerEquipment(stack, member, { productId: PRODUCTS.ef24_105, serialNumber: lensSerial() }),
    ];
    for (const r of registered) expect(r.errors).toBeUndefined();
    expect(registered[0].data.registerEquipment).toMatchObject({ status: 'ACTIVE', notice: null, countsTowardsTier: true });
    const before = await me(stack, member);
    expect(before.tier).toBeNull();
    expect(before.nextTier).toEqual({ tier: 'SILVER', missingBodies: 0, missingLenses: 1 });

    const third = await registerEquipment(stack, member, { productId: PRODUCTS.ef100MacroUsm, serialNumber: '4512345' });
    expect(third.errors).toBeUndefined();
    expect(third.data.registerEquipment.owner).toEqual({ number: String(10_000_000 + member), tier: 'SILVER' });
    const after = await me(stack, member);
    expect(after.tier).toBe('SILVER');
    expect(after.qualifyingTier).toBe('SILVER');
    expect(after.tierHistory).toEqual([expect.objectContaining({ from: null, to: 'SILVER', reason: expect.stringContaining('EF 100mm f/2.8 Macro USM') })]);
    expect(after.card.status).toBe('REQUESTED');
    // The 90D and the Macro USM cannot count towards Gold.
    expect(after.nextTier).toEqual({ tier: 'GOLD', missingBodies: 1, missingLenses: 1 });
  });

  it.each([
    ['a space', '0123 45678901', /no spaces/],
    ['a special character', '0123-45678901', /special characters/],
    ['the wrong shape', '12345', /does not look like/],
    ['letters where the model has digits', 'ABCDEFGHIJKL', /does not look like/],
  ])('a serial with %s is refused with INVALID_SERIAL, the hint, and nothing is stored', async (_, serialNumber, why) => {
    const before = await memberTableCounts(stack);
    const response = await registerEquipment(stack, member, { productId: PRODUCTS.eosR6, serialNumber });
    expect(errorCodes(response)).toEqual(['INVALID_SERIAL']);
    expect(response.errors![0].extensions!.field).toBe('serialNumber');
    expect(response.errors![0].message).toMatch(why);
    expect(response.errors![0].message).toMatch(/Twelve digits/);
    expect(await memberTableCounts(stack)).toEqual(before);
  });

  it('the model decides the serial format: a camcorder serial has letters', async () => {
    const ok = await registerEquipment(stack, member, { productId: PRODUCTS.xf605, serialNumber: 'kx0123456789' });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.registerEquipment.serialNumber).toBe('KX0123456789');
    expect((await me(stack, member)).videoMember).toBe(true);
  });

  it('an impossible date written into the query text is a client error, not a server one', async () => {
    const response = await stack.query(
      'mutation { registerEquipment(input: { productId: "11", serialNumber: "123456789012", purchaseDate: "2024-13-01", purchaseCountryCode: "DE", dealer: "Teltec" }) { id } }',
      { token: await stack.token({ member }) },
    );
    expect(response.status).toBeLessThan(500);
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.errors![0].message).toMatch(/2024-13-01/);
  });

  it('an unknown product is refused with UNKNOWN_PRODUCT', async () => {
    const response = await registerEquipment(stack, member, { productId: '99999', serialNumber: bodySerial() });
    expect(errorCodes(response)).toEqual(['UNKNOWN_PRODUCT']);
    expect(response.errors![0].extensions!.field).toBe('productId');
  });

  it('the same serial of the same model twice on one account is ALREADY_REGISTERED', async () => {
    const serialNumber = bodySerial();
    expect((await registerEquipment(stack, member, { productId: PRODUCTS.eos5DMarkIV, serialNumber })).errors).toBeUndefined();
    const before = await memberTableCounts(stack);
    const again = await registerEquipment(stack, member, { productId: PRODUCTS.eos5DMarkIV, serialNumber });
    expect(errorCodes(again)).toEqual(['ALREADY_REGISTERED']);
    expect(again.errors![0].extensions!.field).toBe('serialNumber');
    expect(await memberTableCounts(stack)).toEqual(before);
  });

  it.each([
    ['a purchase date in the future', { purchaseDate: '2999-01-01' }, 'purchaseDate', 'BAD_USER_INPUT'],
    ['an impossible purchase date', { purchaseDate: '2023-02-30' }, 'purchaseDate', 'BAD_USER_INPUT'],
    ['no dealer', { dealer: ' ' }, 'dealer', 'BAD_USER_INPUT'],
    ['no purchase country', { purchaseCountryCode: '' }, 'purchaseCountryCode', 'BAD_USER_INPUT'],
  ])('%s is refused naming the field', async (_, change, field, code) => {
    const response = await registerEquipment(stack, member, { productId: PRODUCTS.eosR6, serialNumber: bodySerial(), ...change });
    expect(errorCodes(response)).toEqual([code]);
    expect(response.errors![0].extensions!.field).toBe(field);
  });

  it('items bought outside the region register normally; an unauthorised dealer marks a parallel import', async () => {
    const abroad = await registerEquipment(stack, member, {
      productId: PRODUCTS.rf24_70, serialNumber: lensSerial(), purchaseCountryCode: 'US', dealer: 'B&H Photo',
    });
    expect(abroad.errors).toBeUndefined();
    expect(abroad.data.registerEquipment).toMatchObject({ status: 'ACTIVE', purchaseCountry: null, purchaseCountryCode: 'US', parallelImport: true });
    const authorised = await registerEquipment(stack, member, {
      productId: PRODUCTS.rf24_70, serialNumber: lensSerial(), purchaseCountryCode: 'DE', dealer: '  foto koch ',
    });
    expect(authorised.data.registerEquipment).toMatchObject({ purchaseCountry: { code: 'DE' }, parallelImport: false });
  });

  it('estimated details are flagged and can be corrected later', async () => {
    const { data } = await registerEquipment(stack, member, {
      productId: PRODUCTS.rf24_70, serialNumber: lensSerial(), estimated: true, dealer: 'unknown shop',
    });
    expect(data.registerEquipment).toMatchObject({ estimated: true, parallelImport: true });
    const token = await stack.token({ member });
    const corrected = await stack.query(
      `mutation($id: ID!, $input: CorrectEquipmentInput!) { correctEquipment(id: $id, input: $input) { estimated purchaseDate dealer parallelImport } }`,
      { token, variables: { id: data.registerEquipment.id, input: { purchaseDate: '2022-12-24', dealer: 'Teltec', estimated: false } } },
    );
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data.correctEquipment).toEqual({ estimated: false, purchaseDate: '2022-12-24', dealer: 'Teltec', parallelImport: false });
    const other = await stack.query(
      `mutation($id: ID!) { correctEquipment(id: $id, input: { estimated: true }) { id } }`,
      { token: await stack.token({ member: 1 }), variables: { id: data.registerEquipment.id } },
    );
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
  });

  it('a removed item stops counting at once, but the held tier falls only at the yearly run', async () => {
    const owner = await newMember(stack);
    const [, , lens] = await registerGoldKit(stack, owner);
    expect((await me(stack, owner)).tier).toBe('GOLD');
    const removed = await stack.query('mutation($id: ID!) { removeEquipment(id: $id) { status countsTowardsTier } }', {
      token: await stack.token({ member: owner }), variables: { id: lens },
    });
    expect(removed.data.removeEquipment).toEqual({ status: 'REMOVED', countsTowardsTier: false });
    const after = await me(stack, owner);
    expect(after.tier).toBe('GOLD');
    expect(after.qualifyingTier).toBeNull();
    expect(after.equipment.find((e: any) => e.id === lens).status).toBe('REMOVED');
    const again = await stack.query('mutation($id: ID!) { removeEquipment(id: $id) { status } }', {
      token: await stack.token({ member: owner }), variables: { id: lens },
    });
    expect(errorCodes(again)).toEqual(['BAD_USER_INPUT']);
  });

  it('anonymous registration is UNAUTHENTICATED; a handler token cannot register for itself', async () => {
    const anonymous = await stack.query('mutation { registerEquipment(input: { productId: "11", serialNumber: "123456789012", purchaseDate: "2024-01-01", purchaseCountryCode: "DE", dealer: "x" }) { id } }');
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });
});
