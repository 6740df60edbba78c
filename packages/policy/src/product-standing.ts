import type { Policy, Tier } from './types';

/**
 * What the policy says of a product by its exact model: its cap (null: counts for nothing) and
 * whether the programme still supports it. The catalogue and members both serve these fields,
 * so they come from here.
 */
export function productStanding(policy: Policy, model: string): { tierCap: Tier | null; supported: boolean } {
  const rule = policy.product(model);
  // A current product absent from the qualifying packs is supported but qualifies for nothing.
  return { tierCap: rule?.cap ?? null, supported: rule ? rule.supported : true };
}
