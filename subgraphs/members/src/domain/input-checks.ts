import { readCountryCode } from '@cps/policy';
import { badInput } from '@cps/service-kit';

export function requiredText(field: string, value: string | null | undefined, label: string, max = 200): string {
  const text = (value ?? '').trim();
  if (!text) throw badInput(field, `${label} is required.`);
  if (text.length > max) throw badInput(field, `${label} is too long (at most ${max} characters).`);
  if (/[\u0000-\u001f\u007f]/.test(text)) throw badInput(field, `${label} must not contain control characters.`);
  return text;
}

/** A practical e-mail check: one @, a dotted domain, no spaces. Deliverability is the mail's job. */
export function emailAddress(field: string, value: string): string {
  const email = requiredText(field, value, 'E-mail address', 254);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw badInput(field, `"${email}" is not an e-mail address.`);
  return email;
}

/** An ISO 3166-1 alpha-2 code as assigned, in any case ("UK" is taken as "GB"); "ZZ" or "EU" is refused. */
export function countryCode(field: string, value: string): string {
  const reading = readCountryCode(value);
  if (reading.reason !== undefined) throw badInput(field, reading.reason);
  return reading.code;
}

/** A day that exists, written YYYY-MM-DD. */
export function calendarDay(field: string, value: string): string {
  // A round trip catches days that do not exist (Date.parse turns 30 February into 2 March).
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw badInput(field, `"${value}" is not a date (YYYY-MM-DD).`);
  }
  return value;
}

/** A purchase date is a real day, not in the future, and not before the maker sold cameras. */
export function purchaseDate(field: string, value: string, today: Date = new Date()): string {
  calendarDay(field, value);
  const todayIso = today.toISOString().slice(0, 10);
  if (value > todayIso) throw badInput(field, `The purchase date ${value} is in the future.`);
  if (value < '1937-01-01') throw badInput(field, `The purchase date ${value} is before the maker's first camera.`);
  return value;
}
