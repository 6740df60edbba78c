import type { Policy, PolicyProblem } from '@cps/policy';
import type { Logger } from './logger';
import type { SubgraphClient } from './subgraph-client';

/**
 * For services other than the catalogue: a product rule for a model the catalogue does not have
 * is a typo, refused as the catalogue refuses it, so every service serves the same policy. When
 * the catalogue cannot be asked (e.g. still starting), the check is skipped, not failed.
 */
export function catalogueModelsCheck(catalogue: SubgraphClient, logger: Logger) {
  return async (policy: Policy): Promise<PolicyProblem[]> => {
    let models: Set<string>;
    try {
      const data = await catalogue.query<{ products: { model: string }[] }>('{ products { model } }', {});
      models = new Set(data.products.map((p) => p.model));
    } catch (error) {
      logger.warn({ err: error }, 'catalogue unreachable: product models of the policy not checked');
      return [];
    }
    return modelsMissingFromCatalogue(policy, models);
  };
}

/** A product rule for a model the catalogue does not have is a typo (models match exactly). */
export function modelsMissingFromCatalogue(policy: Policy, catalogueModels: ReadonlySet<string>): PolicyProblem[] {
  return policy
    .products()
    .filter((rule) => !catalogueModels.has(rule.model))
    .map((rule) => ({
      file: '',
      pointer: '',
      message: `"${rule.model}" has a product rule but is not in the catalogue (models must match exactly)`,
    }));
}
