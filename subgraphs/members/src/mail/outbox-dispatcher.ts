import { recordFailure, withSpan, type Logger, type Span } from '@cps/service-kit';
import nodemailer, { type Transporter } from 'nodemailer';
import { IsNull, LessThanOrEqual, type DataSource, type Repository } from 'typeorm';
import { OutboxEmailRecord } from '../entities/outbox-email.entity';

/** A failed send waits 5 s, 10 s, 20 s, … up to an hour before the next try. */
export const retryDelayMs = (attempts: number) => Math.min(5000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

/**
 * One Message-ID per outbox row, the same on every try: an instance that dies after the mail server
 * accepted a message but before it marked it sent makes the next try send it again, and mail systems
 * and mail programs know a message they have seen by this.
 */
function outboxMessageId(message: Pick<OutboxEmailRecord, 'id' | 'createdAt'>, from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `<outbox-${message.id}.${message.createdAt.getTime()}@${domain}>`;
}

/**
 * Sends the outbox over SMTP. Each message is claimed (its next attempt pushed out by `claimMs`)
 * before it is sent, so two service instances never send the same message twice; a message is
 * marked sent only after the SMTP server accepted it. An instance that dies holding a claim delays
 * that message by the claim, no more.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly transport: Transporter;

  constructor(
    private readonly dataSource: DataSource,
    smtpUrl: string,
    private readonly from: string,
    private readonly logger: Logger,
    private readonly pollMs: number,
    private readonly claimMs = 60_000,
  ) {
    // A send gives up well within the claim, so a slow SMTP server fails the send (retried later)
    // rather than outliving the claim and letting a second instance send it too: each stage within
    // a quarter of it (nodemailer's own defaults, 2 min to connect and 10 min of silence, outlast
    // any claim), and the whole send within three quarters (a server answering each command just
    // in time would otherwise go on; see sendOne).
    const stageMs = Math.floor(claimMs / 4);
    this.transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: stageMs, greetingTimeout: stageMs, socketTimeout: stageMs });
  }

  start(): void {
    this.timer = setInterval(() => void this.drain(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    this.transport.close();
  }

  /** One round: sends every message that is due; returns how many were sent. */
  drain(now = new Date()): Promise<number> {
    this.running ??= this.sendDue(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async sendDue(now: Date): Promise<number> {
    const repository = this.dataSource.getRepository(OutboxEmailRecord);
    const due = await repository.find({
      where: { sentAt: IsNull(), nextAttemptAt: LessThanOrEqual(now) },
      order: { id: 'ASC' },
      take: 50,
    });
    // A round with something to send is traced (a span, one per e-mail beneath it); an empty
    // poll every few seconds would only be noise.
    if (!due.length) return 0;
    // Each claim runs from the moment it is taken, not from the start of the round: the 50th e-mail
    // of a slow round must not be claimed with a term that has already lapsed.
    const roundStarted = Date.now();
    const claimNow = () => new Date(now.getTime() + (Date.now() - roundStarted));
    return withSpan('outbox.dispatch', { 'cps.outbox.due': due.length }, async (span) => {
      let sent = 0;
      for (const message of due) {
        const attributes = { 'cps.outbox.id': message.id, 'cps.outbox.attempt': message.attempts + 1 };
        if (await withSpan('outbox.send', attributes, (sending) => this.sendOne(repository, message, claimNow(), sending))) sent++;
      }
      span?.setAttribute('cps.outbox.sent', sent);
      return sent;
    });
  }

  /** Claims one message and sends it; false when another instance claimed it first or the send failed. */
  private async sendOne(repository: Repository<OutboxEmailRecord>, message: OutboxEmailRecord, now: Date, span?: Span): Promise<boolean> {
    const lease = new Date(now.getTime() + this.claimMs);
    const attempts = message.attempts + 1;
    const claimed = await repository.update({ id: message.id, sentAt: IsNull(), attempts: message.attempts }, { attempts, nextAttemptAt: lease });
    if (!claimed.affected) return false;
    // What follows the send changes the message only while this claim is still ours.
    const ours = { id: message.id, attempts };
    try {
      await this.transport.sendMail({
        from: this.from, to: message.recipient, replyTo: message.replyTo ?? undefined, subject: message.subject, text: message.body,
        messageId: outboxMessageId(message, this.from),
        signal: AbortSignal.timeout(Math.floor((this.claimMs * 3) / 4)),
      });
      await repository.update(ours, { sentAt: new Date(), lastError: null });
      return true;
    } catch (error) {
      if (span) recordFailure(span, error);
      await repository.update(ours, {
        nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)),
        lastError: String((error as Error).message).slice(0, 500),
      });
      this.logger.warn({ outboxId: message.id, attempts, err: error }, 'e-mail not delivered; will retry');
      return false;
    }
  }
}
