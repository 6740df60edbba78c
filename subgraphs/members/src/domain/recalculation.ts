import { randomUUID } from 'node:crypto';
import type { Policy } from '@cps/policy';
import { badInput, DEFAULT_PROGRAMME_TIME_ZONE, forUpdate, inTransaction, midnightIn } from '@cps/service-kit';
import { IsNull, type DataSource } from 'typeorm';
import { MemberRecord } from '../entities/member.entity';
import { RecalculationRunRecord } from '../entities/recalculation-run.entity';
import { applyHeldTiers } from './apply-held-tiers';
import { calendarDay } from './input-checks';
import { readMemberBatch } from './member-batches';
import { recordedPolicy } from './policy-history';

export type RecalculationState = 'RUNNING' | 'COMPLETED';

export interface RecalculationReport {
  asOf: string;
  membersProcessed: number;
  upgraded: number;
  downgraded: number;
  unchanged: number;
  state: RecalculationState;
  policyVersion: string;
  startedAt: Date;
  completedAt: Date | null;
}

export interface RecalculationOptions {
  batchSize?: number;
  onProgress?: (processed: number, total: number) => void;
  now?: () => Date;
  /** The programme's time zone: the run counts from midnight of 1 January there. */
  timeZone?: string;
  /** Who runs it (a members instance); another instance holding a live lease is left to finish. */
  runner?: string;
  /** Asked between batches: true stops the run (its lease released at once for another instance). */
  shouldStop?: () => boolean;
}

/** A runner that stops renewing its lease (killed, hung) hands the run over after this long. */
export const RUN_LEASE_MS = 10_000;

export const reportOf = (run: RecalculationRunRecord): RecalculationReport => ({
  asOf: run.asOf,
  membersProcessed: run.processed,
  upgraded: run.upgraded,
  downgraded: run.downgraded,
  unchanged: run.unchanged,
  state: run.finishedAt ? 'COMPLETED' : 'RUNNING',
  policyVersion: run.policyVersion,
  startedAt: run.startedAt,
  completedAt: run.finishedAt,
});

/** The run for that 1 January as it stands, or null when none was started. */
export async function recalculationReport(dataSource: DataSource, asOf: string): Promise<RecalculationReport | null> {
  const run = await dataSource.getRepository(RecalculationRunRecord).findOneBy({ asOf: calendarDay('asOf', asOf) });
  return run ? reportOf(run) : null;
}

/**
 * A resumed run decides the rest of the members under the policy its first batches used, even if
 * the rules in force for that midnight changed meanwhile (a live edit on 1 January): one run, one
 * policy. That version's files are kept by members (policy_version).
 */
async function policyOfRun(dataSource: DataSource, recorded: string, offered: Policy): Promise<Policy> {
  if (recorded === offered.version) return offered;
  const policy = await recordedPolicy(dataSource, recorded);
  if (!policy) throw new Error(`the run started under policy ${recorded}, whose files were not kept: it cannot be resumed under the same policy`);
  return policy;
}

/** A recalculation is for a 1 January whose midnight (programme time) has come: never another day, never ahead. */
export function checkRunDate(asOf: string, now: Date, timeZone: string): Date {
  calendarDay('asOf', asOf);
  if (!asOf.endsWith('-01-01')) {
    throw badInput('asOf', `${asOf} is not a 1 January: memberships are recalculated on 1 January only.`);
  }
  const midnight = midnightIn(asOf, timeZone);
  if (midnight.getTime() > now.getTime()) {
    throw badInput('asOf', `${asOf} has not come yet (it begins at ${midnight.toISOString()}): a recalculation is never run ahead.`);
  }
  return midnight;
}

/**
 * The yearly recalculation: every member's held tier and video membership become what their
 * registered, counting equipment gives on `asOf` — so they can fall now, and only now. Runs in
 * batches; each batch's changes, history and the run's cursor are committed together, so an
 * interrupted run resumes where it stopped, and a run completed for that date changes nothing
 * and returns its report. One runner at a time holds the run's lease (renewed every batch):
 * another instance asked meanwhile returns the run as it stands (RUNNING).
 */
export async function recalculateMemberships(
  dataSource: DataSource,
  policy: Policy,
  asOf: string,
  { batchSize = 2000, onProgress, now = () => new Date(), timeZone = DEFAULT_PROGRAMME_TIME_ZONE, runner = randomUUID(), shouldStop }: RecalculationOptions = {},
): Promise<RecalculationReport> {
  const effectiveAt = checkRunDate(asOf, now(), timeZone);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw badInput('batchSize', 'must be a positive whole number');
  const reason = `yearly recalculation as of ${asOf}`;
  const runs = dataSource.getRepository(RecalculationRunRecord);
  await inTransaction(dataSource, async (manager) => {
    if (!(await manager.existsBy(RecalculationRunRecord, { asOf }))) {
      await manager.insert(RecalculationRunRecord, {
        asOf, lastMemberId: 0, processed: 0, upgraded: 0, downgraded: 0, unchanged: 0,
        policyVersion: policy.version, startedAt: now(), finishedAt: null, leasedBy: null, leaseUntil: null,
      });
    }
  }).catch(async (error) => {
    // Two runs started at once: the other one made the row, which is all we needed.
    if (!(await runs.existsBy({ asOf }))) throw error;
  });
  // Take the lease: free, expired, or already ours.
  const leaseUntil = () => new Date(now().getTime() + RUN_LEASE_MS);
  const taken = await runs
    .createQueryBuilder()
    .update()
    .set({ leasedBy: runner, leaseUntil: leaseUntil() })
    .where('as_of = :asOf AND finished_at IS NULL', { asOf })
    .andWhere('(leased_by IS NULL OR leased_by = :runner OR lease_until < :now)', { runner, now: now() })
    .execute();
  if (!taken.affected) return reportOf((await runs.findOneByOrFail({ asOf })));
  policy = await policyOfRun(dataSource, (await runs.findOneByOrFail({ asOf })).policyVersion, policy);
  const total = await dataSource.getRepository(MemberRecord).countBy({ deletedAt: IsNull() });

  for (;;) {
    if (shouldStop?.()) {
      await runs.update({ asOf, leasedBy: runner }, { leasedBy: null, leaseUntil: null });
      return reportOf(await runs.findOneByOrFail({ asOf }));
    }
    const run = await inTransaction(dataSource, async (manager) => {
      const current = (await forUpdate(
        manager.createQueryBuilder(RecalculationRunRecord, 'r').where('r.asOf = :asOf', { asOf }),
      ).getOne())!;
      if (current.finishedAt || current.leasedBy !== runner) return current;
      const batch = await readMemberBatch(manager, current.lastMemberId, batchSize, { lock: true });
      if (batch.length === 0) {
        current.finishedAt = now();
        current.leasedBy = null;
        current.leaseUntil = null;
        return manager.save(current);
      }
      const counts = await applyHeldTiers(manager, batch, policy, { yearly: true, reason, at: effectiveAt, now: now() });
      current.upgraded += counts.upgraded;
      current.downgraded += counts.downgraded;
      current.unchanged += counts.unchanged;
      current.processed += batch.length;
      current.lastMemberId = batch[batch.length - 1].id;
      current.leaseUntil = leaseUntil();
      return manager.save(current);
    });
    onProgress?.(run.processed, Math.max(total, run.processed));
    if (run.finishedAt || run.leasedBy !== runner) return reportOf(run);
  }
}
