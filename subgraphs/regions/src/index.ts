import {
  allChecks,
  catalogueModelsCheck,
  membersCountriesCheck,
  createLogger,
  openPolicy,
  peerClient,
  readServiceConfig,
  startSubgraph,
  type Env,
  type ServiceConfig,
} from '@cps/service-kit';
import type { RegionsContext } from './context';
import { createRegionsDataSource } from './data-source';
import { buildRegionsSchema } from './schema';

export { buildRegionsSchema };

/** Starts the regions subgraph: programme countries (from the rule packs) and authorised dealers. */
export async function createServer(config: ServiceConfig = readServiceConfig('regions'), env: Env = process.env) {
  const logger = createLogger('regions', config.logLevel);
  const catalogue = peerClient(config, env, 'catalogue');
  const members = peerClient(config, env, 'members');
  const policy = await openPolicy(config, logger, allChecks(catalogueModelsCheck(catalogue, logger), membersCountriesCheck(members, logger)));
  const dataSource = createRegionsDataSource(config.database);
  return startSubgraph<RegionsContext>({
    config,
    dataSource,
    schema: buildRegionsSchema,
    context: (base) => ({ ...base, dataSource, policy: policy.current }),
    // Error messages (a country code that is none) in the request's language.
    texts: (ctx) => ctx.policy,
    readiness: () => ({ policy: policy.health() }),
    onClose: async () => policy.close(),
  });
}
