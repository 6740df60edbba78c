import { countryCodeInput, publicData } from '@cps/service-kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { RegionsContext } from '../context';
import { toCountry } from '../references/country.reference';
import { Country } from '../types/country.type';

@Resolver(() => Country)
export class CountryResolver {
  @Query(() => Country, { nullable: true, description: 'A programme country by ISO code, e.g. "DE" ("UK" is taken as "GB"); null outside the programme' })
  country(@Arg('code') code: string, @Ctx() { policy }: RegionsContext, @Info() info: GraphQLResolveInfo): Country | null {
    publicData(info);
    const rule = policy.country(countryCodeInput('code', code));
    return rule ? toCountry(rule) : null;
  }

  @Query(() => [Country], { description: 'The programme countries members can join, by name (a closed country is left out)' })
  countries(@Ctx() { policy }: RegionsContext, @Info() info: GraphQLResolveInfo): Country[] {
    publicData(info);
    return policy.countries().filter((c) => !c.closed).map(toCountry);
  }
}
