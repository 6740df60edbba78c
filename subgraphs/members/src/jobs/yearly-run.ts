import type { Policy } from '@cps/policy';
import { INSTANCE_ID, lastFirstOfJanuary, midnightIn, withSpan, type Clock, type Logger } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { MemberRecord } from '../entities/member.entity';
import { RecalculationRunRecord } from '../entities/recalculation-run.entity';
import { recordPolicyVersion } from '../domain/policy-history';
import { recalculateMemberships } from '../domain/recalculation';

export interface YearlyRunOptions {
  dataSource: DataSource;
  /** The policy in force at an instant, once the policy store has looked at the files and the clock now. */
  policyAt: (instant: Date) => Promise<Policy>;
  clock: Clock;
  timeZone: string;
  logger: Logger;
  /** How often to look whether a 1 January has come that has no completed run. */
  checkMs: number;
}

/**
 * Starts the 1 January run by itself: at midnight programme time, or, when no members instance
 * was up then, as soon as one is. Only for a 1 January that members already existed before (a
 * programme installed in June is not recalculated as of the January before). With several
 * instances, the run's lease lets exactly one run it; an interrupted run resumes.
 */
export class YearlyRun {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private completed = new Set<string>();
  private stopping = false;

  constructor(private readonly options: YearlyRunOptions) {}

  start(): void {
    const tick = () => {
      this.running ??= this.runIfDue()
        .catch((error: Error) => this.options.logger.error({ err: error }, 'the yearly run failed; it is tried again'))
        .finally(() => (this.running = undefined));
    };
    tick();
    this.timer = setInterval(tick, this.options.checkMs);
    this.timer.unref();
  }

  /** Stops looking, and stops a run under way after its current batch (another instance resumes it). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async runIfDue(): Promise<void> {
    const { dataSource, clock, timeZone, logger } = this.options;
    const now = clock.now();
    const asOf = lastFirstOfJanuary(now, timeZone);
    if (this.completed.has(asOf)) return;
    const done = await dataSource.getRepository(RecalculationRunRecord).findOneBy({ asOf });
    if (done?.finishedAt) return void this.completed.add(asOf);
    if (!done) {
      const first = await dataSource.getRepository(MemberRecord).findOne({ where: {}, order: { id: 'ASC' } });
      if (!first || first.createdAt.getTime() >= midnightIn(asOf, timeZone).getTime()) return void this.completed.add(asOf);
    }
    const policy = await this.options.policyAt(midnightIn(asOf, timeZone));
    // Kept before the run starts, so an interrupted run resumes under exactly these files.
    await recordPolicyVersion(dataSource, policy, 'run', clock.now());
    logger.info({ asOf, policyVersion: policy.version }, `the 1 January run as of ${asOf} is due: starting it`);
    let logged = 0;
    // One span for this instance's share of the run (its SQL beneath it), when tracing is on.
    const report = await withSpan('yearly-run', { 'cps.run.as_of': asOf, 'cps.policy.version': policy.version }, () => recalculateMemberships(dataSource, policy, asOf, {
      now: () => clock.now(),
      timeZone,
      runner: INSTANCE_ID,
      shouldStop: () => this.stopping,
      onProgress: (processed, total) => {
        if (processed - logged >= 50_000 || processed === total) {
          logged = processed;
          logger.info({ asOf, processed, total }, 'the 1 January run: progress');
        }
      },
    }));
    if (report.state === 'COMPLETED') {
      this.completed.add(asOf);
      logger.info({ ...report }, `the 1 January run as of ${asOf} is complete`);
    } else {
      logger.info({ asOf }, `the 1 January run as of ${asOf}: its open slices are leased to other instances (taken over if they stop)`);
    }
  }
}
