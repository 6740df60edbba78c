import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { RegionsContext } from '../context';
import { AuthorisedDealer, normalizeDealerName } from '../entities/authorised-dealer.entity';

@Resolver()
export class DealerResolver {
  @Query(() => Boolean, {
    description: 'Whether a dealer is authorised in a country; items from other dealers are flagged as parallel imports',
  })
  async isAuthorisedDealer(
    @Arg('countryCode') countryCode: string,
    @Arg('dealer') dealer: string,
    @Ctx() ctx: RegionsContext,
  ): Promise<boolean> {
    const found = await ctx.dataSource.getRepository(AuthorisedDealer).existsBy({
      countryCode: countryCode.trim().toUpperCase(),
      normalizedName: normalizeDealerName(dealer),
    });
    return found;
  }

  @Query(() => [String], { description: "A country's authorised dealers, by name" })
  async authorisedDealers(@Arg('countryCode') countryCode: string, @Ctx() ctx: RegionsContext): Promise<string[]> {
    const dealers = await ctx.dataSource
      .getRepository(AuthorisedDealer)
      .find({ where: { countryCode: countryCode.trim().toUpperCase() }, order: { name: 'ASC' } });
    return dealers.map((d) => d.name);
  }
}
