import { describe, expect, it } from 'vitest';
import { cardStatus } from '../domain/card';
import { nextHeldTier } from '../domain/held-tier';
import { dayWords } from '../domain/outlook';
import { countryCodeInput as countryCode } from '@cps/service-kit';
import { emailAddress, purchaseDate } from '../domain/input-checks';
import { memberIdFromNumber, memberNumber } from '../domain/member-number';
import { checkSerialNumber } from '../domain/serial-number';

const day = 86_400_000;
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { code: (error as any).extensions?.code, field: (error as any).extensions?.field, message: (error as Error).message };
  }
  return null;
};

describe('the held tier', () => {
  it('rises with the qualifying tier at once', () => {
    expect(nextHeldTier('SILVER', 'GOLD', false)).toEqual({ tier: 'GOLD', move: 'upgraded' });
    expect(nextHeldTier(null, 'SILVER', false)).toEqual({ tier: 'SILVER', move: 'upgraded' });
  });
  it('does not fall during the year', () => {
    expect(nextHeldTier('PLATINUM', 'SILVER', false)).toEqual({ tier: 'PLATINUM', move: 'unchanged' });
    expect(nextHeldTier('SILVER', null, false)).toEqual({ tier: 'SILVER', move: 'unchanged' });
  });
  it('falls to the qualifying tier at the yearly recalculation, even to no tier', () => {
    expect(nextHeldTier('PLATINUM', 'GOLD', true)).toEqual({ tier: 'GOLD', move: 'downgraded' });
    expect(nextHeldTier('SILVER', null, true)).toEqual({ tier: null, move: 'downgraded' });
    expect(nextHeldTier('GOLD', 'GOLD', true)).toEqual({ tier: 'GOLD', move: 'unchanged' });
  });
});

describe('a day in words', () => {
  it('is written as each language writes it, French with "1er" for the first of a month', () => {
    expect(dayWords('2027-01-01', 'en')).toBe('1 January 2027');
    expect(dayWords('2027-01-01', 'de')).toBe('1. Januar 2027');
    expect(dayWords('2027-01-01', 'fr')).toBe('1er janvier 2027');
    expect(dayWords('2027-03-14', 'fr')).toBe('14 mars 2027');
    expect(dayWords('2027-01-11', 'fr')).toBe('11 janvier 2027');
  });
});

describe('the membership card', () => {
  const requested = new Date('2026-01-01T00:00:00Z');
  it('is requested until sent, and overdue after four weeks without it', () => {
    expect(cardStatus({ cardRequestedAt: requested, cardSentAt: null }, new Date(requested.getTime() + 28 * day))).toBe('REQUESTED');
    expect(cardStatus({ cardRequestedAt: requested, cardSentAt: null }, new Date(requested.getTime() + 28 * day + 1))).toBe('OVERDUE');
  });
  it('is sent when sent after the latest request; a new request (tier change) makes it requested again', () => {
    expect(cardStatus({ cardRequestedAt: requested, cardSentAt: new Date(requested.getTime() + day) })).toBe('SENT');
    expect(cardStatus({ cardRequestedAt: requested, cardSentAt: new Date(requested.getTime() - day) }, requested)).toBe('REQUESTED');
  });
});

describe('member numbers', () => {
  it('are numeric and map back to the account', () => {
    expect(memberNumber(42)).toBe('10000042');
    expect(memberIdFromNumber(' 10000042 ')).toBe(42);
    expect(memberIdFromNumber('42')).toBeNull();
  });
  it('old alphanumeric numbers expired in April 2010', () => {
    const error = codeOf(() => memberIdFromNumber('UK013795RS'));
    expect(error).toMatchObject({ code: 'LEGACY_ACCOUNT_EXPIRED', field: 'number' });
    expect(error!.message).toMatch(/April 2010.*register again/s);
  });
  it('anything else is a bad input naming the field', () => {
    expect(codeOf(() => memberIdFromNumber('12-34'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'number' });
  });
});

describe('serial numbers, checked against the chosen model', () => {
  const body = { model: 'EOS R5', serialPattern: '^[0-9]{12}$', serialHint: 'Twelve digits under the body.' };
  it.each([
    ['032021000123', null],
    ['0320 21000123', /no spaces/],
    ['032021-000123', /no special characters/],
    ['0320210001', /does not look like a serial number of the EOS R5/],
    ['', /Enter the serial number/],
  ])('%s', (serial, problem) => {
    const error = codeOf(() => checkSerialNumber(serial, body));
    if (!problem) return expect(error).toBeNull();
    expect(error).toMatchObject({ code: 'INVALID_SERIAL', field: 'serialNumber' });
    expect(error!.message).toMatch(problem);
    expect(error!.message).toContain(body.serialHint);
  });
});

describe('input checks', () => {
  it('countries are ISO 3166-1 codes, in any case', () => {
    expect(countryCode('c', 'de')).toBe('DE');
    expect(codeOf(() => countryCode('c', 'XX'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'c' });
    expect(codeOf(() => countryCode('c', 'DEU'))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
  it('a purchase date is a real day, not in the future', () => {
    const today = new Date('2026-11-25T12:00:00Z');
    expect(purchaseDate('d', '2026-11-25', today)).toBe('2026-11-25');
    expect(codeOf(() => purchaseDate('d', '2026-11-26', today))!.message).toMatch(/future/);
    expect(codeOf(() => purchaseDate('d', '2026-02-30', today))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'd' });
  });
  it('an e-mail address has one @ and a dotted domain', () => {
    expect(emailAddress('e', ' a@b.de ')).toBe('a@b.de');
    expect(codeOf(() => emailAddress('e', 'a@b'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'e' });
  });
});
