import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RunCounts } from './run-counts';

/**
 * One slice of a 1 January run: the members with ids from `firstId` to `lastId` (the last slice
 * is open-ended). Any members instance may take a free slice; its cursor and counts are committed
 * with each batch, and its lease is renewed with each batch, so a slice whose instance died is
 * taken over where it stopped.
 */
@Entity({ name: 'recalculation_range' })
export class RecalculationRangeRecord {
  @PrimaryColumn({ name: 'as_of', type: 'varchar', length: 10 })
  asOf: string;

  @PrimaryColumn({ name: 'first_id', type: 'integer' })
  firstId: number;

  /** The last member id of the slice; null for the last slice (members who joined since are in it). */
  @Column({ name: 'last_id', type: 'integer', nullable: true })
  lastId: number | null;

  /** The last member decided in this slice (firstId - 1 before the first batch). */
  @Column({ name: 'cursor_id', type: 'integer' })
  cursorId: number;

  /** Its own columns processed, upgraded, downgraded, unchanged (no prefix). */
  @Column(() => RunCounts, { prefix: false })
  counts: RunCounts;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'leased_by', type: 'varchar', length: 100, nullable: true })
  leasedBy: string | null;

  @Column({ name: 'lease_until', type: 'datetime', precision: 3, nullable: true })
  leaseUntil: Date | null;
}
