import { countryCodeInput, publicData } from '@cps/service-kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { RegionsContext } from '../context';
import { answerTexts, toCountry } from '../references/country.reference';
import { Country } from '../types/country.type';

@Resolver(() => Country)
export class CountryResolver {
  @Query(() => Country, { nullable: true, description: 'A programme country by ISO code, e.g. "DE" ("UK" is taken as "GB"); null outside the programme' })
  country(@Arg('code') code: string, @Ctx() ctx: RegionsContext, @Info() info: GraphQLResolveInfo): Country | null {
    publicData(info);
    const rule = ctx.policy.country(countryCodeInput('code', code));
    return rule ? toCountry(rule, answerTexts(ctx)) : null;
  }

  @Query(() => [Country], { description: 'The programme countries members can join, by name in the language of the answer (a closed country is left out)' })
  countries(@Ctx() ctx: RegionsContext, @Info() info: GraphQLResolveInfo): Country[] {
    publicData(info);
    const texts = answerTexts(ctx);
    const countries = ctx.policy.countries().filter((c) => !c.closed).map((c) => toCountry(c, texts));
    // One collator for the whole sort (localeCompare with a locale makes one per comparison).
    const collator = new Intl.Collator(texts.language);
    return countries.sort((a, b) => collator.compare(a.name, b.name));
  }
}
