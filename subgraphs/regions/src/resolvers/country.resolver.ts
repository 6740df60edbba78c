import { countryCodeInput } from '@cps/service-kit';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { RegionsContext } from '../context';
import { toCountry } from '../references/country.reference';
import { Country } from '../types/country.type';

@Resolver(() => Country)
export class CountryResolver {
  @Query(() => Country, { nullable: true, description: 'A programme country by ISO code, e.g. "DE" ("UK" is taken as "GB"); null outside the programme' })
  country(@Arg('code') code: string, @Ctx() { policy }: RegionsContext): Country | null {
    const rule = policy.country(countryCodeInput('code', code));
    return rule ? toCountry(rule) : null;
  }

  @Query(() => [Country], { description: 'The programme countries members can join, by name (a closed country is left out)' })
  countries(@Ctx() { policy }: RegionsContext): Country[] {
    return policy.countries().filter((c) => !c.closed).map(toCountry);
  }
}
