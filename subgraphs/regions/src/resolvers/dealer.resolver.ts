import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { RegionsContext } from '../context';
import { countryCodeInput } from '@cps/service-kit';

/** Authorised dealers, from the country files: names match ignoring case, spacing and punctuation. */
@Resolver()
export class DealerResolver {
  @Query(() => Boolean, {
    description: 'Whether a dealer is authorised in a country; items from other dealers are flagged as parallel imports',
  })
  isAuthorisedDealer(@Arg('countryCode') countryCode: string, @Arg('dealer') dealer: string, @Ctx() { policy }: RegionsContext): boolean {
    return policy.authorisedDealer(countryCodeInput('countryCode', countryCode), dealer) !== null;
  }

  @Query(() => [String], { description: "A country's authorised dealers, by name" })
  authorisedDealers(@Arg('countryCode') countryCode: string, @Ctx() { policy }: RegionsContext): string[] {
    const country = policy.country(countryCodeInput('countryCode', countryCode));
    return (country?.dealers ?? []).map((d) => d.name).sort((a, b) => a.localeCompare(b));
  }
}
