import { defaultRulesDir, PolicyStore } from '@cps/policy';
import { createLogger, readServiceConfig, startSubgraph, type ServiceConfig } from '@cps/service-kit';
import type { MembersContext } from './context';
import { createMembersDataSource } from './data-source';
import { createLoaders } from './loaders';
import { buildMembersSchema } from './schema';
import { seedDemoMembers } from './seed/seed-demo-members';

export { buildMembersSchema };
export { createMembersDataSource };

/** Starts the members subgraph: accounts, equipment, tiers, cards and their history. */
export async function createServer(config: ServiceConfig = readServiceConfig('members')) {
  const logger = createLogger('members');
  const dataSource = createMembersDataSource(config.database);
  let policy: PolicyStore | undefined;
  return startSubgraph<MembersContext>({
    config,
    dataSource,
    prepare: async () => {
      policy = await PolicyStore.open(config.rulesDir ?? defaultRulesDir(), { logger });
      policy.watch();
      await seedDemoMembers(dataSource, policy.current);
    },
    schema: buildMembersSchema,
    context: (base) => {
      const current = policy!.current;
      return { ...base, dataSource, policy: current, loaders: createLoaders(dataSource, current) };
    },
    readiness: () => ({ policy: policy?.health() }),
    onClose: async () => policy?.close(),
  });
}
