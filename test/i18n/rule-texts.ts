// What the shipped policy says in each language, read from the rule files themselves: the tests
// compare answers with the policy owners' words, never with words copied into a test.
import fs from 'node:fs';
import path from 'node:path';
import { fillTemplate } from '@cps/policy';
import { RULES } from '../policy/rules-copy';

const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(RULES, file), 'utf8'));

/** A text of rules/texts/<language>.json, with its placeholders filled. */
export const ruleText = (language: string, key: string, params: Record<string, string | number> = {}): string =>
  fillTemplate(readJson(`texts/${language}.json`).texts[key], params);

/** A country's name in `language`, as its file in rules/countries has it (English: `name`). */
export const countryNameIn = (language: string, code: string): string => {
  const country = readJson(`countries/${code.toLowerCase()}.json`);
  return language === 'en' ? country.name : country.translations[language].name;
};

/** A benefit's English name -> its name in `language`, over every benefit of rules/benefits.json (each entry's English name is its own). */
export function benefitNameIn(language: string): (englishName: string) => string | undefined {
  const pack = readJson('benefits.json');
  const all = [...['SILVER', 'GOLD', 'PLATINUM'].flatMap((tier) => pack.tiers[tier] ?? []), ...pack.videoMembership, ...pack.otherRegionCard];
  const names = new Map(all.map((b: any) => [b.name, language === 'en' ? b.name : b.translations[language].name]));
  return (englishName) => names.get(englishName);
}
