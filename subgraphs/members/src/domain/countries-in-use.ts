import { strandedCountryProblems, type CountryInUse } from '@cps/service-kit';
import type { Policy, PolicyProblem } from '@cps/policy';
import { IsNull, type DataSource } from 'typeorm';
import { MemberRecord } from '../entities/member.entity';

/** How many members live in each country (erased accounts are nobody). */
export async function countriesInUse(dataSource: DataSource): Promise<CountryInUse[]> {
  const rows: Array<{ code: string; members: string | number }> = await dataSource
    .getRepository(MemberRecord)
    .createQueryBuilder('m')
    .select('m.countryCode', 'code')
    .addSelect('COUNT(*)', 'members')
    .where({ deletedAt: IsNull() })
    .groupBy('m.countryCode')
    .orderBy('m.countryCode')
    .getRawMany();
  return rows.map((row) => ({ code: row.code, members: Number(row.members) }));
}

/** Members' own "nothing in use disappears" check, on its own data (the other services ask members). */
export function countriesInUseCheck(dataSource: DataSource): (policy: Policy) => Promise<PolicyProblem[]> {
  return async (policy) => strandedCountryProblems(policy, await countriesInUse(dataSource));
}
