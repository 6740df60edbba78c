import type { Policy } from '@cps/policy';
import type { Logger } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { raiseHeldTiersUnder } from '../domain/raise-tiers-under-policy';
import { withdrawRises } from '../domain/withdraw-rises';

export interface SweepOptions {
  now: () => Date;
  /** A version replaced within this long after it went live has its rises withdrawn. */
  withdrawWindowMs: number;
  retryMs?: number;
}

interface Wanted {
  policy: Policy;
  /** The version it replaced, whose rises may be withdrawn. */
  replaced?: string;
}

/**
 * Held tiers follow every policy change, however it arrives: the sweep runs at start (a change
 * made while the service was down), after every reload, and again after a failure (with a growing
 * wait). A version replaced soon after it went live has its rises withdrawn first (a mistake
 * undone). One sweep at a time; a policy that arrives meanwhile is swept right after. Both steps
 * are idempotent, so a sweep interrupted or run by two instances does no harm.
 */
export class HeldTierSweep {
  private wanted?: Wanted;
  private running = false;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();

  private readonly retryMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly options: SweepOptions,
  ) {
    this.retryMs = options.retryMs ?? 5000;
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
          if (replaced && replaced !== policy.version) {
            const withdrawn = await withdrawRises(this.dataSource, replaced, policy, this.options.now(), this.options.withdrawWindowMs);
            if (withdrawn) this.logger.info({ withdrawn, replaced, version: policy.version }, 'rises of a replaced policy withdrawn');
          }
          const raised = await raiseHeldTiersUnder(this.dataSource, policy, this.options.now);
          this.failures = 0;
          if (raised) this.logger.info({ raised, version: policy.version }, 'held tiers raised under the policy in force');
        } catch (error) {
          this.failures++;
          const wait = Math.min(this.retryMs * 2 ** (this.failures - 1), 300_000);
          this.logger.error({ err: error, retryInMs: wait }, 'raising held tiers under the policy failed; trying again');
          this.wanted ??= wanted;
          const retry = this.wanted;
          this.wanted = undefined;
          this.retryTimer = setTimeout(() => !this.stopped && this.request(retry.policy, retry.replaced), wait);
          this.retryTimer.unref();
          return;
        }
      }
    } finally {
      this.running = false;
    }
  }
}
