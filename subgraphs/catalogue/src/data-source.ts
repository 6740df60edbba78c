import { buildDataSource, type DatabaseConfig } from '@cps/service-kit';
import { Product } from './entities/product.entity';
import { CreateProducts1764000000000 } from './migrations/1764000000000-create-products';

/** The catalogue subgraph's own database (SQLite file or MySQL database `cps_catalogue`). */
export const createCatalogueDataSource = (database: DatabaseConfig) =>
  buildDataSource({ database, entities: [Product], migrations: [CreateProducts1764000000000] });
