import type { CountryRule, Texts } from '@cps/policy';
import { requestTexts } from '@cps/service-kit';
import type { RegionsContext } from '../context';
import type { Country } from '../types/country.type';

/** A country as its file has it, named in `texts`' language (members names it the same way). */
export const toCountry = (rule: CountryRule, texts: Texts): Country => ({
  code: rule.code,
  name: texts.words({ country: rule.code }),
  maxTier: rule.maxTier,
  language: rule.language,
  handlerTeam: { ...rule.handlerTeam },
  onSiteSupport: rule.onSiteSupport,
  servicePoint: { ...rule.servicePoint, phone: rule.servicePoint.phone ?? null },
  authorisedDealers: rule.dealers.map((d) => ({ name: d.name, spellings: [...d.spellings] })),
  closed: rule.closed,
});

/** The request's language among the policy's (regions knows no member): else English. */
export const answerTexts = ({ policy, language }: RegionsContext): Texts => requestTexts(policy, language);

/** Other subgraphs refer to a country by code; a code outside the programme resolves to null. */
export const countryReference = {
  Country: {
    __resolveReference(reference: { code: string }, ctx: RegionsContext): Country | null {
      const rule = ctx.policy.country(reference.code);
      return rule ? toCountry(rule, answerTexts(ctx)) : null;
    },
  },
};
