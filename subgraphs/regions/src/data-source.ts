import { buildDataSource, type DatabaseConfig } from '@cps/service-kit';
import { AuthorisedDealer } from './entities/authorised-dealer.entity';
import { CreateAuthorisedDealers1764000000000 } from './migrations/1764000000000-create-authorised-dealers';

/** The regions subgraph's own database (SQLite file or MySQL database `cps_regions`). */
export const createRegionsDataSource = (database: DatabaseConfig) =>
  buildDataSource({
    database,
    entities: [AuthorisedDealer],
    migrations: [CreateAuthorisedDealers1764000000000],
  });
