import { productStanding, Tier } from '@cps/policy';
import { ProductKind, publicData } from '@cps/service-kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { CatalogueContext } from '../context';
import { Product } from '../entities/product.entity';
import { loadProduct } from '../loaders';

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { nullable: true })
  product(@Arg('id', () => ID) id: string, @Ctx() ctx: CatalogueContext, @Info() info: GraphQLResolveInfo): Promise<Product | null> {
    publicData(info);
    return loadProduct(ctx.productsById, id);
  }

  @Query(() => Product, { nullable: true, description: 'Exact model name only, never fuzzy; null if unknown' })
  async productByModel(@Arg('model') model: string, @Ctx() ctx: CatalogueContext, @Info() info: GraphQLResolveInfo): Promise<Product | null> {
    publicData(info);
    const found = await ctx.dataSource.getRepository(Product).findOneBy({ model });
    // MySQL's default collation ignores case and trailing spaces; the contract does not.
    return found && found.model === model ? found : null;
  }

  @Query(() => [Product])
  async products(
    @Ctx() ctx: CatalogueContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('kind', () => ProductKind, { nullable: true }) kind?: ProductKind,
    @Arg('supportedOnly', { nullable: true }) supportedOnly?: boolean,
  ): Promise<Product[]> {
    publicData(info);
    const all = await ctx.dataSource.getRepository(Product).find({
      where: kind ? { kind } : {},
      order: { model: 'ASC' },
    });
    return supportedOnly ? all.filter((p) => productStanding(ctx.policy, p.model).supported) : all;
  }

  @FieldResolver(() => Tier, { nullable: true })
  tierCap(@Root() product: Product, @Ctx() ctx: CatalogueContext): Tier | null {
    return productStanding(ctx.policy, product.model).tierCap;
  }

  @FieldResolver(() => Boolean)
  supported(@Root() product: Product, @Ctx() ctx: CatalogueContext): boolean {
    return productStanding(ctx.policy, product.model).supported;
  }
}
