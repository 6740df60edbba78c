import type { Tier } from '@cps/policy';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A member's account. The member number is derived from the id (see memberNumber). */
@Entity({ name: 'member' })
export class MemberRecord {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  street: string;

  @Column({ name: 'postal_code', type: 'varchar', length: 20 })
  postalCode: string;

  @Column({ type: 'varchar', length: 100 })
  city: string;

  @Column({ name: 'country_code', type: 'varchar', length: 2 })
  countryCode: string;

  /** The held tier: rises at once, falls only at the yearly recalculation. */
  @Column({ name: 'held_tier', type: 'varchar', length: 10, nullable: true })
  heldTier: Tier | null;

  /** Held like the tier: starts at once with a Pro Video item, ends only at the yearly recalculation. */
  @Column({ name: 'video_member', type: 'boolean', default: false })
  videoMember: boolean;

  @Column({ name: 'card_requested_at', type: 'datetime', precision: 3 })
  cardRequestedAt: Date;

  @Column({ name: 'card_sent_at', type: 'datetime', precision: 3, nullable: true })
  cardSentAt: Date | null;

  /** The language the member chose (ISO 639-1); null follows their country's main language. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  language: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  /** Set when the account was erased (deleteMember): the personal fields hold nothing of the person any more. */
  @Column({ name: 'deleted_at', type: 'datetime', precision: 3, nullable: true })
  deletedAt: Date | null;
}
