import { defaultRulesDir, loadPolicy, type Policy } from '@cps/policy';
import { openDatabase, readServiceConfig, type Env } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { createMembersDataSource } from '../data-source';

/** The members database and the live policy, as the members service would open them. */
export async function openMembersDatabase(env: Env = process.env): Promise<{ dataSource: DataSource; policy: Policy }> {
  const config = readServiceConfig('members', env);
  const dataSource = await openDatabase(createMembersDataSource(config.database), config.database);
  const policy = await loadPolicy(config.rulesDir ?? defaultRulesDir(env));
  return { dataSource, policy };
}
