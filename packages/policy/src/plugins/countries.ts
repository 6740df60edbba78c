// Kind "countries": the programme countries and each one's cap. Regional teams add a country by adding
// a pack (one file per region or per country) — no code change.
import type { CountryRule, PolicyProblem, Tier } from '../types';
import { pointer, problem } from '../problems';
import { packHeaderProperties, TIER_SCHEMA } from '../schema-validation';
import type { PackPlugin } from './plugin';

interface CountriesPack {
  kind: 'countries';
  version: string;
  countries: Array<{ code: string; name: string; maxTier: Tier }>;
}

/** Codes people often write that are not ISO 3166-1 alpha-2. */
const NOT_ISO: Readonly<Record<string, string>> = { UK: 'GB', EL: 'GR' };

const schema = {
  type: 'object',
  required: ['kind', 'version', 'countries'],
  additionalProperties: false,
  properties: {
    ...packHeaderProperties('countries'),
    countries: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'name', 'maxTier'],
        additionalProperties: false,
        properties: {
          code: {
            type: 'string',
            pattern: '^[A-Z]{2}$',
            hint: 'an ISO 3166-1 alpha-2 code in capitals, e.g. "DE" (the United Kingdom is "GB")',
          },
          name: { type: 'string', minLength: 1, hint: 'the English name of the country' },
          maxTier: TIER_SCHEMA,
        },
      },
    },
  },
};

export const countriesPlugin: PackPlugin<CountriesPack> = {
  kind: 'countries',
  title: 'programme countries: ISO code, English name, maxTier (SILVER = Silver-only)',
  schema,

  contribute(pack, file, draft) {
    const problems: PolicyProblem[] = [];
    pack.countries.forEach((entry, index) => {
      const at = pointer('countries', index);
      const iso = NOT_ISO[entry.code];
      if (iso) {
        problems.push(problem(file, `${at}/code`, `"${entry.code}" is not an ISO 3166-1 alpha-2 code: use "${iso}"`));
        return;
      }
      const earlier = draft.countries.get(entry.code);
      if (earlier) {
        problems.push(problem(file, `${at}/code`, `duplicate country code "${entry.code}": already in ${earlier.file}#${earlier.pointer}`));
        return;
      }
      const value: CountryRule = Object.freeze({ ...entry });
      draft.countries.set(entry.code, { value, file, pointer: at });
    });
    return problems;
  },

  check(draft) {
    return draft.countries.size === 0 ? [problem('', '', 'no programme countries: add a "countries" pack')] : [];
  },
};
