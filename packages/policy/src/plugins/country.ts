// Kind "country": one file per programme country, holding everything its regional team maintains:
// code, name, cap, main language, handler team, on-site support, service point and authorised
// dealers. A regional team adds a country by adding one file: no code change, no restart.
import { isAssignedCountryCode, NOT_ISO_CODES } from '../country-codes';
import { icuCountryName } from '../country-names';
import { BASE_LANGUAGE } from '../texts';
import { dealerKey } from '../dealer-names';
import type { CountryRule, HandlerTeam, PolicyProblem, ServicePoint, Tier } from '../types';
import { pointer, problem } from '../problems';
import { packHeaderProperties, TIER_SCHEMA } from '../schema-validation';
import type { PackPlugin, PolicyDraft } from './plugin';
import { LANGUAGE_SCHEMA, languageWords, TextCoverage } from './texts';

interface CountryPack {
  kind: 'country';
  version: string;
  code: string;
  name: string;
  maxTier: Tier;
  language: string;
  handlerTeam: Omit<HandlerTeam, 'language'> & { language?: string };
  onSiteSupport: boolean;
  servicePoint: ServicePoint;
  dealers: Array<{ name: string; spellings?: string[] }>;
  closed?: boolean;
  translations?: Record<string, { name: string }>;
}


const text = (hint: string) => ({ type: 'string', minLength: 1, hint });
const EMAIL = { type: 'string', pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', hint: 'an e-mail address, e.g. "cps-dach@cps.example"' };

const schema = {
  type: 'object',
  required: ['kind', 'version', 'code', 'name', 'maxTier', 'language', 'handlerTeam', 'onSiteSupport', 'servicePoint', 'dealers'],
  additionalProperties: false,
  properties: {
    ...packHeaderProperties('country'),
    code: { type: 'string', pattern: '^[A-Z]{2}$', hint: 'an ISO 3166-1 alpha-2 code in capitals, e.g. "DE" (the United Kingdom is "GB")' },
    name: text('the English name of the country'),
    maxTier: TIER_SCHEMA,
    language: { type: 'string', pattern: '^[a-z]{2}$', hint: 'the main language as an ISO 639-1 code in lower case, e.g. "de"' },
    handlerTeam: {
      type: 'object',
      required: ['name', 'email'],
      additionalProperties: false,
      properties: {
        name: text('the team that validates second-hand registrations here'),
        email: EMAIL,
        language: { type: 'string', pattern: '^[a-z]{2}$', hint: 'the language the team writes in (ISO 639-1), when it is not the country\'s, e.g. "en"' },
      },
    },
    onSiteSupport: { type: 'boolean', hint: 'true where the regional service team offers on-site support' },
    servicePoint: {
      type: 'object',
      required: ['name', 'address'],
      additionalProperties: false,
      properties: { name: text("the local service point's name"), address: text('street, postal code and city'), phone: text('an international number, e.g. "+49 2151 3450 100"') },
    },
    closed: { type: 'boolean', hint: 'true when the programme closes the country: no new members, no tier for those there from the next 1 January' },
    translations: {
      type: 'object',
      propertyNames: LANGUAGE_SCHEMA,
      additionalProperties: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: { name: text('the name of the country in that language, e.g. "Deutschland"') },
      },
      hint: 'the name in each other language of texts/, e.g. { "de": { "name": "Griechenland" } }',
    },
    dealers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: text("the dealer's name as shown to members"),
          spellings: { type: 'array', items: text('another way members write this dealer') },
        },
      },
    },
  },
};

export const countryPlugin: PackPlugin<CountryPack> = {
  kind: 'country',
  title: 'a programme country: code, name, maxTier, language, handler team, on-site support, service point, authorised dealers',
  schema,

  contribute(pack, file, draft) {
    const problems: PolicyProblem[] = [];
    const iso = NOT_ISO_CODES[pack.code];
    if (iso) return [problem(file, '/code', `"${pack.code}" is not an ISO 3166-1 alpha-2 code: use "${iso}"`)];
    if (!isAssignedCountryCode(pack.code)) return [problem(file, '/code', `"${pack.code}" is not an assigned ISO 3166-1 alpha-2 code`)];
    const earlier = draft.countries.get(pack.code);
    if (earlier) return [problem(file, '/code', `duplicate country code "${pack.code}": already in ${earlier.file}`)];
    // Two dealers a member's typing cannot tell apart would make the parallel-import flag a guess.
    const dealerOf = new Map<string, string>();
    pack.dealers.forEach((dealer, index) => {
      [dealer.name, ...(dealer.spellings ?? [])].forEach((written, at) => {
        const key = dealerKey(written);
        const where = at === 0 ? `${pointer('dealers', index)}/name` : `${pointer('dealers', index)}/spellings/${at - 1}`;
        if (!key) return problems.push(problem(file, where, `"${written}" has no letters or digits to match`));
        const other = dealerOf.get(key);
        if (other !== undefined && other !== dealer.name) {
          problems.push(problem(file, where, `"${written}" reads the same as dealer "${other}" (case, spaces and punctuation are ignored)`));
        }
        dealerOf.set(key, dealer.name);
      });
    });
    if (problems.length) return problems;
    const value: CountryRule = Object.freeze({
      code: pack.code,
      name: pack.name,
      translations: Object.freeze(Object.fromEntries(Object.entries(pack.translations ?? {}).map(([language, words]) => [language, Object.freeze({ ...words })]))),
      maxTier: pack.maxTier,
      language: pack.language,
      // The team's e-mails are in its own language; unless its pack says otherwise, the country's.
      handlerTeam: Object.freeze({ ...pack.handlerTeam, language: pack.handlerTeam.language ?? pack.language }),
      onSiteSupport: pack.onSiteSupport,
      servicePoint: Object.freeze({ ...pack.servicePoint }),
      dealers: Object.freeze(pack.dealers.map((d) => Object.freeze({ name: d.name, spellings: Object.freeze([...(d.spellings ?? [])]) }))),
      closed: pack.closed ?? false,
    });
    draft.countries.set(pack.code, { value, file, pointer: '' });
    return [];
  },

  check(draft) {
    if (draft.countries.size === 0) return [problem('', '', 'no programme countries: add a "country" file to countries/ (see rules/README.md)')];
    return countryNameCoverage(draft).problems;
  },
};

/**
 * Country names in the languages of texts/: a name the file lacks is ICU's (a note, never a
 * refusal: a regional team adds a country with its English name alone); a name in a language no
 * texts pack declares is a mistake.
 */
export function countryNameCoverage(draft: PolicyDraft): TextCoverage {
  const coverage = new TextCoverage();
  const declared = [...draft.texts.keys()].filter((language) => language !== BASE_LANGUAGE);
  for (const { value, file } of draft.countries.values()) {
    for (const language of declared) {
      if (value.translations[language]) continue;
      const icu = icuCountryName(value.code, language);
      const served = icu ? `served as ICU names it, "${icu}"` : `served in English, "${value.name}"`;
      coverage.fallbacks.push(problem(file, '/translations', `country "${value.code}" has no ${languageWords(language)} name: ${served}`));
    }
    for (const language of Object.keys(value.translations)) {
      if (!draft.texts.has(language)) {
        coverage.problems.push(problem(file, `/translations/${language}`, `no texts pack declares ${languageWords(language)}: add texts/${language}.json or drop this name`));
      }
    }
  }
  return coverage;
}

