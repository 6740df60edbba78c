import { defaultRulesDir, loadPolicy, type Policy } from '@cps/policy';
import { openDatabase, readServiceConfig, type Env, type ServiceConfig } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { createMembersDataSource } from '../data-source';

/**
 * Runs a command-line job on the members database and the live policy, opened as the members
 * service would open them (same settings), and closes the database however the job ends.
 */
export async function withMembersDatabase<T>(
  work: (db: { dataSource: DataSource; policy: Policy; config: ServiceConfig }) => Promise<T>,
  env: Env = process.env,
): Promise<T> {
  const config = readServiceConfig('members', env);
  const policy = await loadPolicy(config.rulesDir ?? defaultRulesDir(env));
  const dataSource = await openDatabase(createMembersDataSource(config.database), config.database);
  try {
    return await work({ dataSource, policy, config });
  } finally {
    await dataSource.destroy();
  }
}
