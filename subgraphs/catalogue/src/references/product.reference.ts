import type { CatalogueContext } from '../context';
import type { Product } from '../entities/product.entity';
import { loadProduct } from '../loaders';

export const productReference = {
  Product: {
    __resolveReference(reference: { id: string }, ctx: CatalogueContext): Promise<Product | null> {
      return loadProduct(ctx.productsById, reference.id);
    },
  },
};
