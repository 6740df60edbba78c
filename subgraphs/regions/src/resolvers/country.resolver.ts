import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { RegionsContext } from '../context';
import { toCountry } from '../references/country.reference';
import { Country } from '../types/country.type';

@Resolver(() => Country)
export class CountryResolver {
  @Query(() => Country, { nullable: true, description: 'A programme country by ISO code, e.g. "DE"' })
  country(@Arg('code') code: string, @Ctx() { policy }: RegionsContext): Country | null {
    const rule = policy.country(code.trim().toUpperCase());
    return rule ? toCountry(rule) : null;
  }

  @Query(() => [Country], { description: 'The programme countries, by name' })
  countries(@Ctx() { policy }: RegionsContext): Country[] {
    return policy.countries().map(toCountry);
  }
}
