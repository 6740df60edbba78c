import { previewChanges, type Policy } from '@cps/policy';
import type { DataSource } from 'typeorm';
import { allMembers } from './member-batches';
import { memberNumber } from './member-number';

/** How many stored members would move from which tier to which under a candidate policy. */
export function previewPolicyChange(
  dataSource: DataSource,
  current: Policy,
  candidate: Policy,
  onProgress?: (done: number) => void,
) {
  async function* members() {
    for await (const batch of allMembers(dataSource.manager)) {
      for (const member of batch) yield { number: memberNumber(member.id), facts: member.facts };
    }
  }
  return previewChanges(current, candidate, members(), onProgress);
}
