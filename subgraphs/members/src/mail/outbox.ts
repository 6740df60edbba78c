import type { EntityManager } from 'typeorm';
import { OutboxEmailRecord } from '../entities/outbox-email.entity';

export interface EmailMessage {
  to: string;
  /** The member it is written to, if it is written to a member. */
  memberId?: number;
  /** The handler team's address, for e-mails the team writes to a member. */
  replyTo?: string;
  subject: string;
  body: string;
}

/**
 * Queue an e-mail in the caller's transaction: it is sent only if the change it reports is stored.
 * Due at once by the real clock, which the dispatcher goes by: never by a programme clock set
 * ahead (CPS_CLOCK), which would hold it back until real time caught up.
 */
export async function enqueueEmail(manager: EntityManager, message: EmailMessage): Promise<void> {
  await manager.insert(OutboxEmailRecord, {
    recipient: message.to,
    memberId: message.memberId ?? null,
    replyTo: message.replyTo ?? null,
    subject: message.subject,
    body: message.body,
    attempts: 0,
    nextAttemptAt: new Date(),
    sentAt: null,
    lastError: null,
  });
}
