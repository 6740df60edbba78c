import { buildDataSource, type DatabaseConfig } from '@cps/service-kit';
import { CreateAuthorisedDealers1764000000000 } from './migrations/1764000000000-create-authorised-dealers';
import { DealersIntoCountryFiles1768000000000 } from './migrations/1768000000000-dealers-into-country-files';

/**
 * The regions subgraph's own database (SQLite file or MySQL database `cps_regions`). Everything
 * regions serves is in the country files; the database holds what every subgraph keeps (the
 * gateway-proof nonces it accepted) and its migration history, so an older database is brought up
 * to date.
 */
export const createRegionsDataSource = (database: DatabaseConfig) =>
  buildDataSource({
    database,
    entities: [],
    migrations: [CreateAuthorisedDealers1764000000000, DealersIntoCountryFiles1768000000000],
  });
