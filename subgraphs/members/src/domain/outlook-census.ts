import type { Policy } from '@cps/policy';
import type { DataSource } from 'typeorm';
import { allMembers } from './member-batches';
import { outlookChange, type OutlookChange } from './outlook';

/**
 * Every member's outlook for the 1 January `on` under `policy`, counted by change: what the run
 * that day will do if nothing changes (the benchmark checks it against what the run then does).
 */
export async function outlookCensus(dataSource: DataSource, policy: Policy, on: string): Promise<Record<OutlookChange, number>> {
  const counts: Record<OutlookChange, number> = { UP: 0, DOWN: 0, SAME: 0 };
  for await (const batch of allMembers(dataSource.manager)) {
    for (const member of batch) {
      const decision = await policy.evaluate(member.facts);
      counts[outlookChange(member, decision)]++;
    }
  }
  return counts;
}
