import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RunCounts } from './run-counts';

/**
 * One yearly recalculation, resumable: each batch of members and this cursor are committed
 * together, so an interrupted run continues where it stopped and never counts a member twice.
 */
@Entity({ name: 'recalculation_run' })
export class RecalculationRunRecord {
  @PrimaryColumn({ name: 'as_of', type: 'varchar', length: 10 })
  asOf: string;

  @Column({ name: 'last_member_id', type: 'integer', default: 0 })
  lastMemberId: number;

  /** Its own columns processed, upgraded, downgraded, unchanged (no prefix). */
  @Column(() => RunCounts, { prefix: false })
  counts: RunCounts;

  @Column({ name: 'policy_version', type: 'varchar', length: 64 })
  policyVersion: string;

  @Column({ name: 'started_at', type: 'datetime' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'datetime', nullable: true })
  finishedAt: Date | null;
}
