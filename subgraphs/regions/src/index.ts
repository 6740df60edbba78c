import { defaultRulesDir, PolicyStore } from '@cps/policy';
import { createLogger, readServiceConfig, startSubgraph, type ServiceConfig } from '@cps/service-kit';
import type { RegionsContext } from './context';
import { createRegionsDataSource } from './data-source';
import { buildRegionsSchema } from './schema';
import { seedAuthorisedDealers } from './seed/seed-dealers';

export { buildRegionsSchema };

/** Starts the regions subgraph: programme countries (from the rule packs) and authorised dealers. */
export async function createServer(config: ServiceConfig = readServiceConfig('regions')) {
  const logger = createLogger('regions');
  const policy = await PolicyStore.open(config.rulesDir ?? defaultRulesDir(), { logger });
  policy.watch();
  const dataSource = createRegionsDataSource(config.database);
  return startSubgraph<RegionsContext>({
    config,
    dataSource,
    prepare: seedAuthorisedDealers,
    schema: buildRegionsSchema,
    context: (base) => ({ ...base, dataSource, policy: policy.current }),
    readiness: () => ({ policy: policy.health() }),
    onClose: async () => policy.close(),
  });
}
