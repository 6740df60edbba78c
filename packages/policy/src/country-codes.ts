// ISO 3166-1 alpha-2 as assigned: the one reading of a country code for every input (sign-up,
// address changes, purchase countries, lookups) and for the country packs.
import isoCountries from 'i18n-iso-countries';

/** Codes people write that ISO does not assign, with the code to use (a country file must use that one). */
export const NOT_ISO_CODES: Readonly<Record<string, string>> = { UK: 'GB', EL: 'GR' };

/** "UK" is what British people write; wherever a code is typed, the contract takes it as "GB". */
const TAKEN_AS: Readonly<Record<string, string>> = { UK: NOT_ISO_CODES.UK };

/** The library also lists XK (Kosovo), a user-assigned code ISO has not assigned. */
const ASSIGNED: ReadonlySet<string> = new Set(Object.keys(isoCountries.getAlpha2Codes()).filter((code) => code !== 'XK'));

/** Why a code is not one, in English, and the policy text that says it in other languages. */
export type CountryCodeReading =
  | { code: string; reason?: undefined; text?: undefined }
  | { code?: undefined; reason: string; text: { key: 'error.notACountryCode' | 'error.unassignedCountryCode'; params?: { code: string } } };

/** A code as typed (any case, surrounding spaces, "UK") read as an assigned ISO code, or why it is not one. */
export function readCountryCode(raw: string | null | undefined): CountryCodeReading {
  const typed = (raw ?? '').trim().toUpperCase();
  const code = TAKEN_AS[typed] ?? typed;
  if (ASSIGNED.has(code)) return { code };
  if (!/^[A-Z]{2}$/.test(typed)) {
    return { reason: 'This is not a country code: a country code has two letters (ISO 3166-1 alpha-2), e.g. "DE" for Germany.', text: { key: 'error.notACountryCode' } };
  }
  return {
    reason: `"${typed}" is not an assigned ISO 3166-1 alpha-2 country code (e.g. "DE" for Germany, "GB" for the United Kingdom).`,
    text: { key: 'error.unassignedCountryCode', params: { code: typed } },
  };
}

/** Whether ISO assigns `code` exactly as written (packs must use the assigned capitals, "GB" not "UK"). */
export const isAssignedCountryCode = (code: string): boolean => ASSIGNED.has(code);

/** The English short name ISO gives a code ("Germany"), for messages. */
export const isoCountryName = (code: string): string | undefined => isoCountries.getName(code, 'en') ?? undefined;
