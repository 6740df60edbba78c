import type { CountryRule } from '@cps/policy';
import type { RegionsContext } from '../context';
import type { Country } from '../types/country.type';

export const toCountry = (rule: CountryRule): Country => ({
  code: rule.code,
  name: rule.name,
  maxTier: rule.maxTier,
  language: rule.language,
  handlerTeam: { ...rule.handlerTeam },
  onSiteSupport: rule.onSiteSupport,
  servicePoint: { ...rule.servicePoint, phone: rule.servicePoint.phone ?? null },
  authorisedDealers: rule.dealers.map((d) => ({ name: d.name, spellings: [...d.spellings] })),
  closed: rule.closed,
});

/** Other subgraphs refer to a country by code; a code outside the programme resolves to null. */
export const countryReference = {
  Country: {
    __resolveReference(reference: { code: string }, { policy }: RegionsContext): Country | null {
      const rule = policy.country(reference.code);
      return rule ? toCountry(rule) : null;
    },
  },
};
