import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A policy version that went live on the members service: so a past tier change can be explained
 * by the policy that made it. Kept for good; written once per version (the first instance to see it).
 */
@Entity({ name: 'policy_version' })
export class PolicyVersionRecord {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  version: string;

  @Column({ name: 'went_live_at', type: 'datetime', precision: 3 })
  wentLiveAt: Date;

  /** start (in force when a service started), reload (an edit), schedule (its day came). */
  @Column({ type: 'varchar', length: 10 })
  how: string;

  /** The packs: [{ file, kind, version }]. */
  @Column({ type: 'text' })
  packs: string;

  /** Every rule file's path and text, as JSON: the version can be read back whole. */
  @Column({ type: 'text' })
  files: string;
}
