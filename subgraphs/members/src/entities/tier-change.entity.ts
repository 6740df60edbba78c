import type { Tier } from '@cps/policy';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every change of a member's held tier, with when, why and under which policy version. */
@Entity({ name: 'tier_change' })
@Index('ix_tier_change_member', ['memberId'])
export class TierChangeRecord {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'member_id', type: 'integer' })
  memberId: number;

  @Column({ name: 'from_tier', type: 'varchar', length: 10, nullable: true })
  fromTier: Tier | null;

  @Column({ name: 'to_tier', type: 'varchar', length: 10, nullable: true })
  toTier: Tier | null;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  /** Why, in English: as it was written (rows from before reason codes have only this). */
  @Column({ type: 'varchar', length: 200 })
  reason: string;

  /** Why, as a code (history-reasons.ts): the history is written from it in its reader's language. */
  @Column({ name: 'reason_code', type: 'varchar', length: 40, nullable: true })
  reasonCode: string | null;

  /** The code's values, as JSON (a model, a country code, a policy version). */
  @Column({ name: 'reason_params', type: 'varchar', length: 1000, nullable: true })
  reasonParams: string | null;

  @Column({ name: 'policy_version', type: 'varchar', length: 64 })
  policyVersion: string;
}
