import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Who does a piece of background work that must run on one instance at a time (the held-tier
 * sweep after a policy change), until when, and which piece of it was last completed, so another
 * instance neither repeats it nor waits for a holder that died.
 */
@Entity({ name: 'job_lease' })
export class JobLeaseRecord {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  holder: string | null;

  @Column({ name: 'lease_until', type: 'datetime', precision: 3, nullable: true })
  leaseUntil: Date | null;

  /** What the last holder finished (e.g. the policy version it swept under). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  done: string | null;
}
