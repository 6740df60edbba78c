import type { Policy } from '@cps/policy';
import type { RequestContext } from '@cps/service-kit';
import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Product } from './entities/product.entity';

export interface CatalogueContext extends RequestContext {
  dataSource: DataSource;
  policy: Policy;
  /** Batches every product lookup of one request into one query. */
  productsById: DataLoader<number, Product | null>;
}
