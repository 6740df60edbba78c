import { buildFederatedSchema } from '@cps/service-kit';
import { countryReference } from './references/country.reference';
import { CountryResolver } from './resolvers/country.resolver';
import { DealerResolver } from './resolvers/dealer.resolver';

export const buildRegionsSchema = () => buildFederatedSchema({ resolvers: [CountryResolver, DealerResolver] }, countryReference);
