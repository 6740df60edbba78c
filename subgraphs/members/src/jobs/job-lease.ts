import type { DataSource } from 'typeorm';
import { JobLeaseRecord } from '../entities/job-lease.entity';

export interface TakenLease {
  /** What the last holder completed under this lease's name. */
  done: string | null;
  /** Pushes the lease out again (while the work goes on). */
  renew(): Promise<boolean>;
  /** Gives the lease up, recording what was completed (undefined keeps the last record). */
  release(done?: string): Promise<void>;
}

/**
 * A lease in the members database, for background work one instance at a time should do. It is
 * taken when free, expired or already ours, in one conditional UPDATE, so two instances asking at
 * once cannot both get it; a holder that dies simply stops renewing, and the work moves on.
 */
export async function takeLease(
  dataSource: DataSource,
  name: string,
  holder: string,
  { leaseMs, now = () => new Date() }: { leaseMs: number; now?: () => Date },
): Promise<TakenLease | undefined> {
  const leases = dataSource.getRepository(JobLeaseRecord);
  // The row exists once; its twin made by another instance at the same moment is just as good.
  await leases.insert({ name, holder: null, leaseUntil: null, done: null }).catch(async (error) => {
    if (!(await leases.existsBy({ name }))) throw error;
  });
  const until = () => new Date(now().getTime() + leaseMs);
  const taken = await leases
    .createQueryBuilder()
    .update()
    .set({ holder, leaseUntil: until() })
    .where('name = :name', { name })
    .andWhere('(holder IS NULL OR holder = :holder OR lease_until < :now)', { holder, now: now() })
    .execute();
  if (!taken.affected) return undefined;
  const { done } = await leases.findOneByOrFail({ name });
  return {
    done,
    renew: async () => Boolean((await leases.update({ name, holder }, { leaseUntil: until() })).affected),
    release: async (completed) => {
      await leases.update({ name, holder }, { holder: null, leaseUntil: null, ...(completed === undefined ? {} : { done: completed }) });
    },
  };
}
