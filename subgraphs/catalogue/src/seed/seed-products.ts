import { isUniqueViolation } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { Product } from '../entities/product.entity';
import products from './products.json';

/** First start: load the maker's products with stable ids (demo members refer to them). */
export async function seedProducts(dataSource: DataSource): Promise<void> {
  await dataSource
    .transaction(async (manager) => {
      const repository = manager.getRepository(Product);
      if ((await repository.count()) > 0) return;
      await repository.insert(products.map((p) => repository.create({ ...p, id: Number(p.id) } as Product)));
    })
    .catch((error) => {
      // Instances starting together: another one loaded them first (its transaction won).
      if (!isUniqueViolation(error)) throw error;
    });
}
