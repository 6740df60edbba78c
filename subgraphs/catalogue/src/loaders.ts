import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Product } from './entities/product.entity';

export const productsByIdLoader = (dataSource: DataSource) =>
  new DataLoader<number, Product | null>(async (ids) => {
    const rows = await dataSource.getRepository(Product).findBy({ id: In([...ids]) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
