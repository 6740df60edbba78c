import type { ExtraChecks, Policy, PolicyProblem } from '@cps/policy';
import type { DataSource } from 'typeorm';
import { MemberRecord } from '../entities/member.entity';

/**
 * Nothing in use disappears: a policy without a country where members live is refused, naming the
 * country and how many members it would strand. A country leaves the programme only by a decision
 * written in the rules (see README, "Withdrawing a country").
 */
export function countriesInUseCheck(dataSource: DataSource): (policy: Policy) => Promise<PolicyProblem[]> {
  return async (policy) => {
    const rows: Array<{ code: string; members: string | number }> = await dataSource
      .getRepository(MemberRecord)
      .createQueryBuilder('m')
      .select('m.countryCode', 'code')
      .addSelect('COUNT(*)', 'members')
      .groupBy('m.countryCode')
      .getRawMany();
    return rows
      .filter((row) => !policy.country(row.code))
      .map((row) => ({
        file: '',
        pointer: '',
        message: `the policy has no country ${row.code}, where ${Number(row.members)} member${Number(row.members) === 1 ? '' : 's'} live: a country with members stays in the rules`,
      }));
  };
}

/** Several checks as one (each service's own, beside the policy's). */
export const allChecks =
  (...checks: Array<(policy: Policy) => Promise<PolicyProblem[]>>): ExtraChecks =>
  async (policy) =>
    (await Promise.all(checks.map((check) => check(policy)))).flat();
