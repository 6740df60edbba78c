import type { Policy } from '@cps/policy';
import type { Logger } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { raiseHeldTiersUnder } from '../domain/raise-tiers-under-policy';
import { withdrawRises } from '../domain/withdraw-rises';
import { takeLease } from './job-lease';

export interface SweepOptions {
  now: () => Date;
  /** A version replaced within this long after it went live has its rises withdrawn. */
  withdrawWindowMs: number;
  retryMs?: number;
  /** This instance, as the sweep's lease names it. */
  runner: string;
  /** How long the lease holds without renewal: a sweeper that died hands over after this long. */
  leaseMs?: number;
}

/** Several members instances reload the same policy: one of them sweeps, under this lease. */
export const SWEEP_LEASE = 'held-tier-sweep';

interface Wanted {
  policy: Policy;
  /** The version it replaced, whose rises may be withdrawn. */
  replaced?: string;
}

/**
 * Held tiers follow every policy change, however it arrives: the sweep runs at start (a change
 * made while the service was down), after every reload, and again after a failure (with a growing
 * wait). A version replaced soon after it went live has its rises withdrawn first (a mistake
 * undone). One sweep at a time; a policy that arrives meanwhile is swept right after. With several
 * instances, the sweep takes a lease in the database and records what it swept: the others do
 * not sweep the same change again, and take over if the sweeper dies (its lease lapses). Both
 * steps are idempotent, so a sweep interrupted half-way does no harm when it is run again.
 */
export class HeldTierSweep {
  private wanted?: Wanted;
  private running = false;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();

  private readonly retryMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly options: SweepOptions,
  ) {
    this.retryMs = options.retryMs ?? 5000;
    this.leaseMs = options.leaseMs ?? 15_000;
  }

  /** Sweep under `policy` (the latest one asked for wins; a replaced version is remembered). */
  request(policy: Policy, replaced?: string): void {
    // A newer request supersedes a pending retry (which would sweep under an older policy).
    clearTimeout(this.retryTimer);
    this.wanted = { policy, replaced: replaced ?? this.wanted?.replaced };
    if (!this.running) this.idle = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.idle;
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.wanted && !this.stopped) {
        const wanted = this.wanted;
        const { policy, replaced } = wanted;
        this.wanted = undefined;
        try {
          const swept = await this.sweepUnderLease(policy, replaced);
          if (swept === 'elsewhere') {
            // Another instance is sweeping: look again once it may have finished (or died).
            this.wanted ??= wanted;
            this.retryLater(Math.round(this.leaseMs / 3));
            return;
          }
          this.failures = 0;
        } catch (error) {
          this.failures++;
          const wait = Math.min(this.retryMs * 2 ** (this.failures - 1), 300_000);
          this.logger.error({ err: error, retryInMs: wait }, 'raising held tiers under the policy failed; trying again');
          this.wanted ??= wanted;
          this.retryLater(wait);
          return;
        }
      }
    } finally {
      this.running = false;
    }
  }

  private retryLater(waitMs: number): void {
    const retry = this.wanted!;
    this.wanted = undefined;
    this.retryTimer = setTimeout(() => !this.stopped && this.request(retry.policy, retry.replaced), waitMs);
    this.retryTimer.unref();
  }

  /** One sweep under the lease: 'elsewhere' when another instance holds it; nothing when this change was swept already. */
  private async sweepUnderLease(policy: Policy, replaced: string | undefined): Promise<'elsewhere' | void> {
    const { now, runner } = this.options;
    const lease = await takeLease(this.dataSource, SWEEP_LEASE, runner, { leaseMs: this.leaseMs, now });
    if (!lease) return 'elsewhere';
    const change = `${policy.version} after ${replaced ?? 'start'}`;
    if (lease.done === change) return lease.release();
    const heartbeat = setInterval(() => void lease.renew().catch(() => undefined), Math.round(this.leaseMs / 3));
    try {
      if (replaced && replaced !== policy.version) {
        const withdrawn = await withdrawRises(this.dataSource, replaced, policy, now(), this.options.withdrawWindowMs);
        if (withdrawn) this.logger.info({ withdrawn, replaced, version: policy.version }, 'rises of a replaced policy withdrawn');
      }
      const raised = await raiseHeldTiersUnder(this.dataSource, policy, now);
      if (raised) this.logger.info({ raised, version: policy.version }, 'held tiers raised under the policy in force');
      await lease.release(change);
    } catch (error) {
      await lease.release().catch(() => undefined);
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }
}
