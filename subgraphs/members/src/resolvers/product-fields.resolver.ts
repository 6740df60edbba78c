import { productStanding, Tier } from '@cps/policy';
import { ProductKind, serviceUnavailable } from '@cps/service-kit';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { MirroredProduct } from '../catalogue/product-mirror';
import type { MembersContext } from '../context';
import { Product } from '../types/foreign-entities';

/** Members' copy of a product; a product it has never heard of while the catalogue is away is an outage. */
async function mirrored(product: Product, ctx: MembersContext): Promise<MirroredProduct> {
  const found = await ctx.loaders.productById.load(Number(product.id));
  if (found) return found;
  throw serviceUnavailable('catalogue', `Product ${product.id} is not known to members yet and the catalogue could not be asked.`);
}

@Resolver(() => Product)
export class ProductFieldsResolver {
  @FieldResolver(() => String)
  async model(@Root() product: Product, @Ctx() ctx: MembersContext): Promise<string> {
    return (await mirrored(product, ctx)).model;
  }

  @FieldResolver(() => ProductKind)
  async kind(@Root() product: Product, @Ctx() ctx: MembersContext): Promise<ProductKind> {
    return (await mirrored(product, ctx)).kind as ProductKind;
  }

  @FieldResolver(() => Tier, { nullable: true })
  async tierCap(@Root() product: Product, @Ctx() ctx: MembersContext): Promise<Tier | null> {
    return productStanding(ctx.policy, (await mirrored(product, ctx)).model).tierCap;
  }

  @FieldResolver(() => Boolean)
  async supported(@Root() product: Product, @Ctx() ctx: MembersContext): Promise<boolean> {
    return productStanding(ctx.policy, (await mirrored(product, ctx)).model).supported;
  }
}
