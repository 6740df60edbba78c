import type { Policy } from '@cps/policy';
import { inTransaction } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { applyHeldTiers } from './apply-held-tiers';
import { readMemberBatch } from './member-batches';
import { historyReason } from './history-reasons';

/**
 * A new policy can raise qualifying tiers (a cap lifted, a threshold lowered): crossing a
 * threshold qualifies at once, so held tiers rise now. Falls wait for the yearly run. Raising
 * is idempotent, so a sweep interrupted or run twice (two instances) does no harm.
 */
export async function raiseHeldTiersUnder(dataSource: DataSource, policy: Policy, clock: () => Date = () => new Date(), batchSize = 2000): Promise<number> {
  let raised = 0;
  for (let after = 0; ; ) {
    const done = await inTransaction(dataSource, async (manager) => {
      const batch = await readMemberBatch(manager, after, batchSize, { lock: true });
      if (batch.length === 0) return true;
      const now = clock();
      raised += (await applyHeldTiers(manager, batch, policy, { yearly: false, reason: historyReason.policyRise(policy.version), at: now, now })).upgraded;
      after = batch[batch.length - 1].id;
      return false;
    });
    if (done) return raised;
  }
}
