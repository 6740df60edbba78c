import type { Policy } from '@cps/policy';
import type { Tier } from '@cps/service-kit';
import type { Product } from './entities/product.entity';

/** What the policy says of a product: its cap, and whether the programme still supports it. */
export function productPolicy(policy: Policy, product: Pick<Product, 'model'>): { tierCap: Tier | null; supported: boolean } {
  const rule = policy.product(product.model);
  // A current product absent from the qualifying packs is supported but qualifies for nothing.
  return { tierCap: (rule?.cap ?? null) as Tier | null, supported: rule ? rule.supported : true };
}
