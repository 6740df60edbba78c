import type { Policy, PolicyProblem, PolicyStore } from '@cps/policy';
import {
  allChecks,
  createLogger,
  membersCountriesCheck,
  modelsMissingFromCatalogue,
  openPolicy,
  peerClient,
  readServiceConfig,
  startSubgraph,
  type Env,
  type ServiceConfig,
} from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import type { CatalogueContext } from './context';
import { createCatalogueDataSource } from './data-source';
import { Product } from './entities/product.entity';
import { productsByIdLoader } from './loaders';
import { buildCatalogueSchema } from './schema';
import { seedProducts } from './seed/seed-products';

export { buildCatalogueSchema };

/** The catalogue checks a policy against its own products (the others ask the catalogue). */
const modelsMustExist = (dataSource: DataSource) => async (policy: Policy): Promise<PolicyProblem[]> => {
  const products = await dataSource.getRepository(Product).find({ select: { model: true } });
  return modelsMissingFromCatalogue(policy, new Set(products.map((p) => p.model)));
};

/** Starts the catalogue subgraph: the maker's products, with caps and support from the policy. */
export async function createServer(config: ServiceConfig = readServiceConfig('catalogue'), env: Env = process.env) {
  const logger = createLogger('catalogue', config.logLevel);
  const members = peerClient(config, env, 'members');
  const dataSource = createCatalogueDataSource(config.database);
  let policy: PolicyStore | undefined;
  return startSubgraph<CatalogueContext>({
    config,
    dataSource,
    prepare: async () => {
      await seedProducts(dataSource);
      policy = await openPolicy(config, logger, allChecks(modelsMustExist(dataSource), membersCountriesCheck(members, logger)));
    },
    schema: buildCatalogueSchema,
    context: (base) => ({ ...base, dataSource, policy: policy!.current, productsById: productsByIdLoader(dataSource) }),
    readiness: () => ({ policy: policy?.health() }),
    onClose: async () => policy?.close(),
  });
}
