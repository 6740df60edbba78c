import type { Policy } from '@cps/policy';
import type { Logger } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { raiseHeldTiersUnder } from '../domain/raise-tiers-under-policy';

/**
 * Held tiers follow every policy change, however it arrives: the sweep runs at start (a change
 * made while the service was down), after every reload, and again after a failure (with a growing
 * wait). One sweep at a time; a policy that arrives meanwhile is swept right after. Raising is
 * idempotent, so a sweep interrupted or run by two instances does no harm.
 */
export class HeldTierSweep {
  private wanted?: Policy;
  private running = false;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly retryMs = 5000,
  ) {}

  /** Sweep under `policy` (the latest one asked for wins). */
  request(policy: Policy): void {
    this.wanted = policy;
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
        const policy = this.wanted;
        this.wanted = undefined;
        try {
          const raised = await raiseHeldTiersUnder(this.dataSource, policy);
          this.failures = 0;
          if (raised) this.logger.info({ raised, version: policy.version }, 'held tiers raised under the policy in force');
        } catch (error) {
          this.failures++;
          const wait = Math.min(this.retryMs * 2 ** (this.failures - 1), 300_000);
          this.logger.error({ err: error, retryInMs: wait }, 'raising held tiers under the policy failed; trying again');
          this.wanted ??= policy;
          const retry = this.wanted;
          this.wanted = undefined;
          this.retryTimer = setTimeout(() => !this.stopped && this.request(retry), wait);
          this.retryTimer.unref();
          return;
        }
      }
    } finally {
      this.running = false;
    }
  }
}
