import type { Policy } from '@cps/policy';
import type { DataSource } from 'typeorm';
import type { ProductCatalogue } from '../clients/catalogue.client';

/** What the membership workflows need; the resolvers pass it in, tests may build their own. */
export interface MembershipDeps {
  dataSource: DataSource;
  policy: Policy;
  catalogue: ProductCatalogue;
  requestId?: string;
  now?: () => Date;
}

export const nowOf = (deps: Pick<MembershipDeps, 'now'>) => (deps.now ? deps.now() : new Date());
