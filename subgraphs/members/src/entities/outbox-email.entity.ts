import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An e-mail to send, written in the same transaction as the change it reports, so a mail server
 * that is down never loses a registration; the dispatcher retries until it is sent.
 */
@Entity({ name: 'outbox_email' })
export class OutboxEmailRecord {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  /** The member it was written to (null for a handler team's queue): erasure and export find it by this. */
  @Column({ name: 'member_id', type: 'integer', nullable: true })
  memberId: number | null;

  /** Where answers go: the handler team that wrote it (the sender stays the programme's MAIL_FROM). */
  @Column({ name: 'reply_to', type: 'varchar', length: 254, nullable: true })
  replyTo: string | null;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'datetime' })
  nextAttemptAt: Date;

  @Column({ name: 'sent_at', type: 'datetime', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}
