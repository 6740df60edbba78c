import type { Policy, PolicyProblem } from '@cps/policy';
import type { Logger } from './logger';
import type { SubgraphClient } from './subgraph-client';

/**
 * For services other than the catalogue: a product rule for a model the catalogue does not have
 * is a typo, refused as the catalogue refuses it, so every service serves the same policy. When
 * the catalogue cannot be asked, the check throws: a new version waits (and is tried again), the
 * version a service starts with serves and is checked again soon (see PolicyStore).
 */
export function catalogueModelsCheck(catalogue: SubgraphClient, logger: Logger) {
  return async (policy: Policy): Promise<PolicyProblem[]> => {
    const data = await askPeer(logger, 'catalogue', 'product models', () => catalogue.query<{ products: { model: string }[] }>('{ products { model } }', {}));
    return modelsMissingFromCatalogue(policy, new Set(data.products.map((p) => p.model)));
  };
}

/** A peer's answer for a policy check, or an error saying which check could not look. */
async function askPeer<T>(logger: Logger, peer: string, what: string, ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    // Expected while the peer starts (services start in any order): a short line, no stack.
    logger.warn({ reason: (error as Error).message }, `${peer} unreachable: ${what} of the policy not checked yet`);
    throw new Error(`${peer} could not be asked about the ${what} (${(error as Error).message})`);
  }
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

/** Members living in a country (what members answers its peers with `countriesInUse`). */
export interface CountryInUse {
  code: string;
  members: number;
}

/**
 * Nothing in use disappears: a policy without a country where members live is refused, naming the
 * country and how many members it would strand. A country leaves the programme only by a decision
 * written in the rules (`"closed": true` in its file: see README, "Closing a country").
 */
export function strandedCountryProblems(policy: Policy, inUse: readonly CountryInUse[]): PolicyProblem[] {
  return inUse
    .filter((row) => row.members > 0 && !policy.country(row.code))
    .map((row) => ({
      file: '',
      pointer: '',
      message: `the policy has no country ${row.code}, where ${row.members} member${row.members === 1 ? '' : 's'} live: a country with members stays in the rules (close it with "closed": true in its file)`,
    }));
}

/**
 * For the catalogue and regions: the same "nothing in use disappears" check members runs, asked of
 * members, so every service refuses the same policy. When members cannot be asked, the check
 * throws, as the catalogue check does.
 */
export function membersCountriesCheck(members: SubgraphClient, logger: Logger) {
  return async (policy: Policy): Promise<PolicyProblem[]> => {
    const data = await askPeer(logger, 'members', 'countries where members live', () =>
      members.query<{ countriesInUse: CountryInUse[] }>('{ countriesInUse { code members } }', {}),
    );
    return strandedCountryProblems(policy, data.countriesInUse);
  };
}

/** Several checks as one (each service's own, beside the policy's). */
export const allChecks =
  (...checks: Array<(policy: Policy) => Promise<PolicyProblem[]>>) =>
  async (policy: Policy): Promise<PolicyProblem[]> =>
    (await Promise.all(checks.map((check) => check(policy)))).flat();
