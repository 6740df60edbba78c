import { idOrNull } from '@cps/service-kit';
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Product } from './entities/product.entity';

export const productsByIdLoader = (dataSource: DataSource) =>
  new DataLoader<number, Product | null>(async (ids) => {
    const rows = await dataSource.getRepository(Product).findBy({ id: In([...ids]) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });

/** A product by its id as the API gives it (a string); null for an id no product can have. */
export function loadProduct(productsById: DataLoader<number, Product | null>, id: string): Promise<Product | null> {
  const numeric = idOrNull(id);
  return numeric === null ? Promise.resolve(null) : productsById.load(numeric);
}
