import { randomUUID } from 'node:crypto';
import type { Policy } from '@cps/policy';
import { badInput, DEFAULT_PROGRAMME_TIME_ZONE, forUpdate, inTransaction, midnightIn } from '@cps/service-kit';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { MemberRecord } from '../entities/member.entity';
import { RecalculationRangeRecord } from '../entities/recalculation-range.entity';
import { RecalculationRunRecord } from '../entities/recalculation-run.entity';
import { NO_COUNTS, type RunCounts } from '../entities/run-counts';
import { applyHeldTiers } from './apply-held-tiers';
import { calendarDay } from './input-checks';
import { readMemberBatch } from './member-batches';
import { recordedPolicy } from './policy-history';
import { historyReason, type HistoryReason } from './history-reasons';

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
  /** Member ids per slice of the run (see RANGE_SIZE). */
  rangeSize?: number;
  onProgress?: (processed: number, total: number) => void;
  now?: () => Date;
  /** The programme's time zone: the run counts from midnight of 1 January there. */
  timeZone?: string;
  /** Who runs it (a members instance); a slice another runner holds under a live lease is left to it. */
  runner?: string;
  /** Asked between batches: true stops this runner (its slice's lease released at once for another). */
  shouldStop?: () => boolean;
}

/** A runner that stops renewing its lease (killed, hung) hands the run over after this long. */
export const RUN_LEASE_MS = 10_000;

/** The run's figures: what it counted before it was split into slices (older runs), plus every slice's. */
export function reportOf(run: RecalculationRunRecord, ranges: readonly RecalculationRangeRecord[]): RecalculationReport {
  const sum = (field: keyof RunCounts) => ranges.reduce((total, range) => total + range.counts[field], run.counts[field]);
  return {
    asOf: run.asOf,
    membersProcessed: sum('processed'),
    upgraded: sum('upgraded'),
    downgraded: sum('downgraded'),
    unchanged: sum('unchanged'),
    state: run.finishedAt ? 'COMPLETED' : 'RUNNING',
    policyVersion: run.policyVersion,
    startedAt: run.startedAt,
    completedAt: run.finishedAt,
  };
}

async function reportFor(manager: EntityManager, asOf: string): Promise<RecalculationReport | null> {
  const run = await manager.findOneBy(RecalculationRunRecord, { asOf });
  return run ? reportOf(run, await manager.findBy(RecalculationRangeRecord, { asOf })) : null;
}

/** The run for that 1 January as it stands, or null when none was started. */
export function recalculationReport(dataSource: DataSource, asOf: string): Promise<RecalculationReport | null> {
  return reportFor(dataSource.manager, calendarDay('asOf', asOf));
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
 * registered, counting equipment gives on `asOf` — so they can fall now, and only now.
 *
 * The members are split into slices of ids (`rangeSize`), made once when the run starts. Every
 * caller — each members instance's yearly run, an admin's mutation, the CLI — takes free slices
 * one after the other under a lease (renewed every batch) and works through them in batches;
 * each batch's changes, history and the slice's cursor are committed together. So several
 * instances share one run, a slice whose instance died is taken over where it stopped (once its
 * lease lapsed), nobody is counted twice, and a run completed for that date changes nothing and
 * returns its report. A caller that finds every open slice leased elsewhere returns the run as it
 * stands (RUNNING).
 */
export async function recalculateMemberships(
  dataSource: DataSource,
  policy: Policy,
  asOf: string,
  { batchSize = 2000, rangeSize = RANGE_SIZE, onProgress, now = () => new Date(), timeZone = DEFAULT_PROGRAMME_TIME_ZONE, runner = randomUUID(), shouldStop }: RecalculationOptions = {},
): Promise<RecalculationReport> {
  const effectiveAt = checkRunDate(asOf, now(), timeZone);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw badInput('batchSize', 'must be a positive whole number');
  if (!Number.isInteger(rangeSize) || rangeSize < 1) throw badInput('rangeSize', 'must be a positive whole number');
  const run = await startRun(dataSource, policy, asOf, rangeSize, now);
  if (run.finishedAt) return (await reportFor(dataSource.manager, asOf))!;
  policy = await policyOfRun(dataSource, run.policyVersion, policy);
  const total = await dataSource.getRepository(MemberRecord).countBy({ deletedAt: IsNull() });
  const work: SliceWork = { dataSource, policy, asOf, runner, batchSize, now, effectiveAt, reason: historyReason.yearlyRun(asOf) };

  for (let range = await takeRange(work); range; range = await takeRange(work)) {
    for (;;) {
      if (shouldStop?.()) {
        await dataSource.getRepository(RecalculationRangeRecord).update({ asOf, firstId: range.firstId, leasedBy: runner }, { leasedBy: null, leaseUntil: null });
        return (await reportFor(dataSource.manager, asOf))!;
      }
      const state = await decideNextBatch(work, range.firstId);
      if (onProgress) onProgress(...(await progressOf(dataSource, asOf, total)));
      if (state !== 'more') break;
    }
  }
  await finishIfEverySliceIs(dataSource, asOf, now);
  return (await reportFor(dataSource.manager, asOf))!;
}

/** One run's members per slice: 1,000,000 members make 20 slices, enough for several instances to share. */
export const RANGE_SIZE = 50_000;

interface SliceWork {
  dataSource: DataSource;
  policy: Policy;
  asOf: string;
  runner: string;
  batchSize: number;
  now: () => Date;
  effectiveAt: Date;
  reason: HistoryReason;
}

/** The run's row and its slices, made once (the twin made by an instance starting at the same moment is as good). */
async function startRun(dataSource: DataSource, policy: Policy, asOf: string, rangeSize: number, now: () => Date): Promise<RecalculationRunRecord> {
  const runs = dataSource.getRepository(RecalculationRunRecord);
  await inTransaction(dataSource, async (manager) => {
    let run = await forUpdate(manager.createQueryBuilder(RecalculationRunRecord, 'r').where('r.asOf = :asOf', { asOf })).getOne();
    if (!run) {
      run = manager.create(RecalculationRunRecord, {
        asOf, lastMemberId: 0, counts: { ...NO_COUNTS },
        policyVersion: policy.version, startedAt: now(), finishedAt: null,
      });
      await manager.insert(RecalculationRunRecord, run);
    }
    // A run begun before runs had slices continues after the member it reached.
    if (run.finishedAt || (await manager.existsBy(RecalculationRangeRecord, { asOf }))) return;
    const last = await manager.createQueryBuilder(MemberRecord, 'm').select('MAX(m.id)', 'id').getRawOne<{ id: number | string | null }>();
    await manager.insert(RecalculationRangeRecord, slicesOf(asOf, run.lastMemberId + 1, Number(last?.id ?? 0), rangeSize));
  }).catch(async (error) => {
    if (!(await dataSource.getRepository(RecalculationRangeRecord).existsBy({ asOf }))) throw error;
  });
  return runs.findOneByOrFail({ asOf });
}

/** Slices of `size` ids from `first` up to `last`; the last one open-ended, so nobody who joined since the count is missed. */
function slicesOf(asOf: string, first: number, last: number, size: number): Partial<RecalculationRangeRecord>[] {
  const slices: Partial<RecalculationRangeRecord>[] = [];
  for (let from = first; ; from += size) {
    const open = from + size > last;
    slices.push({ asOf, firstId: from, lastId: open ? null : from + size - 1, cursorId: from - 1, counts: { ...NO_COUNTS }, finishedAt: null, leasedBy: null, leaseUntil: null });
    if (open) return slices;
  }
}

/** A slice this runner may work on: one it holds already, else a free one or one whose lease lapsed. */
async function takeRange({ dataSource, asOf, runner, now }: SliceWork): Promise<RecalculationRangeRecord | undefined> {
  const ranges = dataSource.getRepository(RecalculationRangeRecord);
  const open = await ranges
    .createQueryBuilder('s')
    .where('s.asOf = :asOf AND s.finishedAt IS NULL', { asOf })
    .andWhere('(s.leasedBy IS NULL OR s.leasedBy = :runner OR s.leaseUntil < :now)', { runner, now: now() })
    .orderBy('CASE WHEN s.leasedBy = :runner THEN 0 ELSE 1 END', 'ASC')
    .addOrderBy('s.firstId', 'ASC')
    .getMany();
  for (const range of open) {
    // Conditional on the same test, so two runners reaching for one slice cannot both take it.
    const taken = await ranges
      .createQueryBuilder()
      .update()
      .set({ leasedBy: runner, leaseUntil: new Date(now().getTime() + RUN_LEASE_MS) })
      .where('as_of = :asOf AND first_id = :firstId AND finished_at IS NULL', { asOf, firstId: range.firstId })
      .andWhere('(leased_by IS NULL OR leased_by = :runner OR lease_until < :now)', { runner, now: now() })
      .execute();
    if (taken.affected) return range;
  }
  return undefined;
}

/** Decides the slice's next batch in one transaction; 'done' when the slice is finished, 'lost' when another runner took it over. */
async function decideNextBatch({ dataSource, policy, asOf, runner, batchSize, now, effectiveAt, reason }: SliceWork, firstId: number): Promise<'more' | 'done' | 'lost'> {
  return inTransaction(dataSource, async (manager) => {
    const range = (await forUpdate(
      manager.createQueryBuilder(RecalculationRangeRecord, 's').where('s.asOf = :asOf AND s.firstId = :firstId', { asOf, firstId }),
    ).getOne())!;
    if (range.finishedAt) return 'done';
    if (range.leasedBy !== runner) return 'lost';
    const batch = await readMemberBatch(manager, range.cursorId, batchSize, { lock: true, through: range.lastId ?? undefined });
    if (batch.length === 0) {
      await manager.update(RecalculationRangeRecord, { asOf, firstId }, { finishedAt: now(), leasedBy: null, leaseUntil: null });
      return 'done';
    }
    const counts = await applyHeldTiers(manager, batch, policy, { yearly: true, reason, at: effectiveAt, now: now() });
    await manager.update(RecalculationRangeRecord, { asOf, firstId }, {
      counts: {
        upgraded: range.counts.upgraded + counts.upgraded,
        downgraded: range.counts.downgraded + counts.downgraded,
        unchanged: range.counts.unchanged + counts.unchanged,
        processed: range.counts.processed + batch.length,
      },
      cursorId: batch[batch.length - 1].id,
      leaseUntil: new Date(now().getTime() + RUN_LEASE_MS),
    });
    return 'more';
  });
}

async function progressOf(dataSource: DataSource, asOf: string, total: number): Promise<[number, number]> {
  const { membersProcessed } = (await reportFor(dataSource.manager, asOf))!;
  return [membersProcessed, Math.max(total, membersProcessed)];
}

/** The run is complete once its last slice is: whichever runner finishes last marks it. */
async function finishIfEverySliceIs(dataSource: DataSource, asOf: string, now: () => Date): Promise<void> {
  await inTransaction(dataSource, async (manager) => {
    const run = (await forUpdate(manager.createQueryBuilder(RecalculationRunRecord, 'r').where('r.asOf = :asOf', { asOf })).getOne())!;
    if (run.finishedAt || (await manager.existsBy(RecalculationRangeRecord, { asOf, finishedAt: IsNull() }))) return;
    await manager.update(RecalculationRunRecord, { asOf }, { finishedAt: now() });
  });
}
