import { badInput, domainError } from '@cps/service-kit';

/** Member numbers are numeric, derived from the account id so they never need a second write. */
const OFFSET = 10_000_000;

export const memberNumber = (id: number): string => String(OFFSET + id);

/**
 * Old numbers: country prefix, digits, letters (e.g. UK013795RS); all expired in April 2010. People
 * write them in any case, with spaces or dashes ("uk-013795-rs", "UK 013795 RS").
 */
const LEGACY_NUMBER = /^[A-Z]{2}\d+[A-Z]+$/;
const legacyForm = (value: string) => value.trim().toUpperCase().replace(/[\s\-\u2010-\u2015/.]+/g, '');

/** An old alphanumeric number, wherever it turns up (lookup, id, a token's subject), is refused. */
export function assertNotLegacy(value: string, field: string): void {
  const legacy = legacyForm(value);
  if (!LEGACY_NUMBER.test(legacy)) return;
  throw domainError(
    'LEGACY_ACCOUNT_EXPIRED',
    `The member number ${legacy} belongs to an account that expired in April 2010 and is no longer valid. ` +
      'Please register again: nothing of the old account carries over.',
    field,
  );
}

/** The member id a number stands for, or null when no account can have it. */
export function memberIdFromNumber(raw: string): number | null {
  // Printed numbers are grouped for reading ("10 000 001"): the digits are the number.
  const number = raw.trim().replace(/\s+/g, '');
  assertNotLegacy(number, 'number');
  if (!/^\d{1,15}$/.test(number)) throw badInput('number', 'A member number has digits only, e.g. 10000001.');
  const id = Number(number) - OFFSET;
  return id > 0 ? id : null;
}
