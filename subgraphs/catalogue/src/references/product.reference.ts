import type { CatalogueContext } from '../context';
import type { Product } from '../entities/product.entity';

export const productReference = {
  Product: {
    __resolveReference(reference: { id: string }, ctx: CatalogueContext): Promise<Product | null> {
      const id = Number(reference.id);
      return Number.isSafeInteger(id) ? ctx.productsById.load(id) : Promise.resolve(null);
    },
  },
};
