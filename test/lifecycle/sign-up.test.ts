import { describe, expect, it } from 'vitest';
import { databaseKinds, errorCodes, memberTableCounts, stackFor } from '../harness';
import { REGISTER_MEMBER } from './workflows';

const valid = {
  name: 'Marta Kowalska',
  email: 'marta.kowalska@example.pl',
  address: { street: 'ul. Długa 5', postalCode: '00-238', city: 'Warszawa', countryCode: 'PL' },
};

describe.each(databaseKinds())('sign-up (%s)', (db) => {
  const stack = stackFor({ db });

  it('anyone with an address and e-mail in a programme country may join, free and with no equipment', async () => {
    const before = Date.now();
    const { data, errors } = await stack.query(REGISTER_MEMBER, { variables: { input: valid } });
    expect(errors).toBeUndefined();
    const member = data.registerMember;
    expect(member.number).toMatch(/^\d+$/);
    expect(member).toMatchObject({ name: 'Marta Kowalska', email: 'marta.kowalska@example.pl', tier: null, equipment: [] });
    expect(member.card.status).toBe('REQUESTED');
    expect(Date.parse(member.card.requestedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(member.card.sentAt).toBeNull();
    // The new member signs in with a token for their id and sees their account.
    const mine = await stack.query('{ me { number name } }', { token: await stack.token({ member: member.id }) });
    expect(mine.data.me).toEqual({ number: member.number, name: 'Marta Kowalska' });
  });

  it.each([
    ['name', { ...valid, name: '  ' }, 'name'],
    ['e-mail', { ...valid, email: 'not-an-address' }, 'email'],
    ['street', { ...valid, address: { ...valid.address, street: '' } }, 'address.street'],
    ['postal code', { ...valid, address: { ...valid.address, postalCode: '' } }, 'address.postalCode'],
    ['city', { ...valid, address: { ...valid.address, city: '' } }, 'address.city'],
    ['country code', { ...valid, address: { ...valid.address, countryCode: 'XX' } }, 'address.countryCode'],
  ])('a missing or malformed %s is refused naming the field, and nothing is stored', async (_, input, field) => {
    const before = await memberTableCounts(stack);
    const response = await stack.query(REGISTER_MEMBER, { variables: { input: { ...input, email: `${field}-${input.email}` } } });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].extensions!.field).toBe(field);
    expect(response.errors![0].message.length).toBeGreaterThan(10);
    expect(await memberTableCounts(stack)).toEqual(before);
  });

  it('an address outside the programme countries cannot join the European programme', async () => {
    const before = await memberTableCounts(stack);
    const response = await stack.query(REGISTER_MEMBER, {
      variables: { input: { ...valid, email: 'joe@example.com', address: { street: '1 Main St', postalCode: '10001', city: 'New York', countryCode: 'US' } } },
    });
    expect(errorCodes(response)).toEqual(['NOT_IN_PROGRAMME_COUNTRY']);
    expect(response.errors![0].extensions!.field).toBe('address.countryCode');
    expect(response.errors![0].message).toMatch(/programme/);
    expect(await memberTableCounts(stack)).toEqual(before);
  });

  it("another region's card gets priority service here, not the European tier benefits (from the rules)", async () => {
    const { data } = await stack.query('{ otherRegionCardBenefits { code name description } }');
    expect(data.otherRegionCardBenefits.map((b: any) => b.code)).toEqual(['PRIORITY_SERVICE_OTHER_REGION']);
    expect(data.otherRegionCardBenefits[0].description).toMatch(/priority/i);
  });

  it('a Silver-only country may join', async () => {
    const { data, errors } = await stack.query(REGISTER_MEMBER, {
      variables: { input: { ...valid, email: 'ana@example.hr', address: { street: 'Ilica 1', postalCode: '10000', city: 'Zagreb', countryCode: 'hr' } } },
    });
    expect(errors).toBeUndefined();
    expect(data.registerMember.address.countryCode).toBe('HR');
  });

  it('one account per e-mail address', async () => {
    const response = await stack.query(REGISTER_MEMBER, { variables: { input: { ...valid, email: 'MARTA.KOWALSKA@example.pl' } } });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].extensions!.field).toBe('email');
  });

  it.each([
    ['memberByNumber', '{ memberByNumber(number: "UK013795RS") { name } }'],
    ['member', '{ member(id: "DE004711AB") { name } }'],
  ])('an old alphanumeric number in %s fails with LEGACY_ACCOUNT_EXPIRED', async (_, query) => {
    const response = await stack.query(query, { token: await stack.token({ role: 'admin' }) });
    expect(errorCodes(response)).toEqual(['LEGACY_ACCOUNT_EXPIRED']);
    expect(response.errors![0].message).toMatch(/expired in April 2010.*register again/s);
  });

  it('signing in with an old number (a token whose subject is one) fails the same way', async () => {
    const response = await stack.query('{ me { name } }', { token: await stack.token({ member: 'UK013795RS' }) });
    expect(errorCodes(response)).toEqual(['LEGACY_ACCOUNT_EXPIRED']);
  });
});
