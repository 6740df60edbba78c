import { buildFederatedSchema } from '@cps/service-kit';
import { productReference } from './references/product.reference';
import { ProductResolver } from './resolvers/product.resolver';

export const buildCatalogueSchema = () => buildFederatedSchema({ resolvers: [ProductResolver] }, productReference);
