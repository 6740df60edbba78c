import type { CountryRule, Tier } from '@cps/policy';
import type { RegionsContext } from '../context';
import type { Country } from '../types/country.type';

export const toCountry = (rule: CountryRule): Country =>
  ({ code: rule.code, name: rule.name, maxTier: rule.maxTier });

/** Other subgraphs refer to a country by code; a code outside the programme resolves to null. */
export const countryReference = {
  Country: {
    __resolveReference(reference: { code: string }, { policy }: RegionsContext): Country | null {
      const rule = policy.country(reference.code);
      return rule ? toCountry(rule) : null;
    },
  },
};
