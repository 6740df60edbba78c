// One language's texts as the services write them: each template from that language's pack
// (English's where the pack falls back), and every value that is words itself (a tier, a count,
// a country, another text) written in the same language.
import { countryNameIn } from './country-names';
import { fillTemplate, type TextKey, type TextParams, type Texts, type Words } from './texts';
import type { CountryRule } from './types';

export function compileTexts(
  language: string,
  own: Readonly<Record<string, string>>,
  english: Readonly<Record<string, string>>,
  countries: ReadonlyMap<string, CountryRule>,
): Texts {
  const plurals = new Intl.PluralRules(language);
  const filled = (params: TextParams | undefined) =>
    params && Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? words(value) : value]));
  const text = (key: TextKey, params?: TextParams): string => fillTemplate(own[key] ?? english[key] ?? key, filled(params));
  const words = (value: Words): string => {
    if ('text' in value) return text(value.text, value.params);
    // The language's plural rules: French says "0 boîtier", English "0 bodies".
    if ('count' in value) return text(plurals.select(value.count) === 'one' ? value.one : value.other, { ...value.params, count: value.count });
    if ('country' in value) return countryNameIn(countries.get(value.country), value.country, language);
    return value.list.map(words).join(text('words.separator'));
  };
  return Object.freeze({ language, text, words });
}
