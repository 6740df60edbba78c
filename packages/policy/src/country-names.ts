// A country's name in a language. The regional team's words come first: a country file's `name`
// (English) and `translations.<language>.name`. A language the file does not name it in gets the
// name Node's ICU gives (full ICU ships with Node 20), so a newly added country reads right in
// German and French before anyone translates it; validate lists each such name as a note.
import { isoCountryName } from './country-codes';
import { BASE_LANGUAGE } from './texts';
import type { CountryRule } from './types';

const displayNames = new Map<string, Intl.DisplayNames>();

/** What ICU calls `code` in `language`, or undefined when it has no name for it. */
export function icuCountryName(code: string, language: string): string | undefined {
  let names = displayNames.get(language);
  if (!names) displayNames.set(language, (names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' })));
  return names.of(code);
}

/** The name of a country in `language`: the file's words, else ICU's; outside the programme, ISO's or ICU's name, else the code. */
export function countryNameIn(rule: CountryRule | undefined, code: string, language: string): string {
  if (language === BASE_LANGUAGE) return rule?.name ?? isoCountryName(code) ?? code;
  return rule?.translations[language]?.name ?? icuCountryName(code, language) ?? rule?.name ?? code;
}
