import type { Policy } from '@cps/policy';
import { badInput, forUpdate, inTransaction } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { MemberRecord } from '../entities/member.entity';
import { RecalculationRunRecord } from '../entities/recalculation-run.entity';
import { applyHeldTiers } from './apply-held-tiers';
import { calendarDay } from './input-checks';
import { readMemberBatch } from './member-batches';

export interface RecalculationReport {
  asOf: string;
  membersProcessed: number;
  upgraded: number;
  downgraded: number;
  unchanged: number;
}

export interface RecalculationOptions {
  batchSize?: number;
  onProgress?: (processed: number, total: number) => void;
  now?: () => Date;
}

const report = (run: RecalculationRunRecord): RecalculationReport => ({
  asOf: run.asOf,
  membersProcessed: run.processed,
  upgraded: run.upgraded,
  downgraded: run.downgraded,
  unchanged: run.unchanged,
});

/**
 * The yearly recalculation: every member's held tier becomes what their registered, counting
 * equipment gives on `asOf` — so a tier can fall now, and only now. Runs in batches; each batch's
 * tier changes, history and the run's cursor are committed together, so an interrupted run
 * resumes where it stopped, and running it again for the same date changes nothing.
 */
export async function recalculateMemberships(
  dataSource: DataSource,
  policy: Policy,
  asOf: string,
  { batchSize = 2000, onProgress, now = () => new Date() }: RecalculationOptions = {},
): Promise<RecalculationReport> {
  calendarDay('asOf', asOf);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw badInput('batchSize', 'must be a positive whole number');
  const effectiveAt = new Date(`${asOf}T00:00:00.000Z`);
  const reason = `yearly recalculation as of ${asOf}`;
  const runs = dataSource.getRepository(RecalculationRunRecord);
  await inTransaction(dataSource, async (manager) => {
    if (!(await manager.existsBy(RecalculationRunRecord, { asOf }))) {
      await manager.insert(RecalculationRunRecord, {
        asOf, lastMemberId: 0, processed: 0, upgraded: 0, downgraded: 0, unchanged: 0,
        policyVersion: policy.version, startedAt: now(), finishedAt: null,
      });
    }
  }).catch(async (error) => {
    // Two runs started at once: the other one made the row, which is all we needed.
    if (!(await runs.existsBy({ asOf }))) throw error;
  });
  const total = await dataSource.getRepository(MemberRecord).count();

  for (;;) {
    const run = await inTransaction(dataSource, async (manager) => {
      const current = (await forUpdate(
        manager.createQueryBuilder(RecalculationRunRecord, 'r').where('r.asOf = :asOf', { asOf }),
      ).getOne())!;
      if (current.finishedAt) return current;
      const batch = await readMemberBatch(manager, current.lastMemberId, batchSize, { lock: true });
      if (batch.length === 0) {
        current.finishedAt = now();
        return manager.save(current);
      }
      const counts = await applyHeldTiers(manager, batch, policy, { yearly: true, reason, at: effectiveAt, now: now() });
      current.upgraded += counts.upgraded;
      current.downgraded += counts.downgraded;
      current.unchanged += counts.unchanged;
      current.processed += batch.length;
      current.lastMemberId = batch[batch.length - 1].id;
      return manager.save(current);
    });
    onProgress?.(run.processed, Math.max(total, run.processed));
    if (run.finishedAt) return report(run);
  }
}
