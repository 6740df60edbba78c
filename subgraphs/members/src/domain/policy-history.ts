import { policyFromFiles, type Policy } from '@cps/policy';
import { isUniqueViolation } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { PolicyVersionRecord } from '../entities/policy-version.entity';

/** How a version went live; `run`: a 1 January run started under it. */
export type WentLive = 'start' | 'reload' | 'schedule' | 'run';

/** Keeps a version that went live, with its files, once (the first instance to see it writes it). */
export async function recordPolicyVersion(dataSource: DataSource, policy: Policy, how: WentLive, now: Date): Promise<void> {
  const repository = dataSource.getRepository(PolicyVersionRecord);
  if (await repository.existsBy({ version: policy.version })) return;
  // The files the policy was compiled from, not what is on disk now (it may have been edited since).
  try {
    await repository.insert({ version: policy.version, wentLiveAt: now, how, packs: JSON.stringify(policy.packs()), files: JSON.stringify(policy.files()) });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error; // another instance recorded it first
  }
}

/** Every version that went live, newest first. */
export function policyVersions(dataSource: DataSource): Promise<PolicyVersionRecord[]> {
  return dataSource.getRepository(PolicyVersionRecord).find({ order: { wentLiveAt: 'DESC' } });
}

/** A version that went live, rebuilt from the files kept with it; null if it was never recorded. */
export async function recordedPolicy(dataSource: DataSource, version: string): Promise<Policy | null> {
  const record = await dataSource.getRepository(PolicyVersionRecord).findOneBy({ version });
  if (!record) return null;
  const policy = await policyFromFiles(JSON.parse(record.files), `policy_version ${version}`);
  if (policy.version !== version) throw new Error(`the files kept for policy ${version} make version ${policy.version}`);
  return policy;
}
