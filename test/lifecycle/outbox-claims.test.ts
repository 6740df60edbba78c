import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createMembersDataSource, enqueueEmail, OutboxDispatcher } from '@cps/members';
import { createLogger, openDatabase } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpSink } from '../smtp-sink';

/**
 * The outbox's claim is what keeps two members instances from sending one e-mail twice: an
 * instance holds a message for OUTBOX_CLAIM_MS while it sends it. A send must therefore end
 * before its claim does, and a claim left by a dead instance must hand the message on after it.
 */
describe('the outbox claim: one instance sends an e-mail, a dead one delays it by the claim only', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-outbox-'));
  const logger = createLogger('members', 'silent');
  const sink = new SmtpSink();
  let smtpUrl: string;
  let dataSource: DataSource;
  // An SMTP server that accepts connections and never says a word.
  const silent = net.createServer(() => {});
  let silentUrl: string;

  beforeAll(async () => {
    const database = { type: 'sqlite', file: path.join(dir, 'members.sqlite') } as const;
    dataSource = await openDatabase(createMembersDataSource(database), database);
    smtpUrl = await sink.start();
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await sink.stop();
    silent.close();
    await dataSource?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const queue = (subject: string) => dataSource.transaction((manager) => enqueueEmail(manager, { to: 'ada@example.org', subject, body: 'Hello' }));
  const row = async (subject: string) => (await dataSource.query('SELECT attempts, sent_at, next_attempt_at, last_error FROM outbox_email WHERE subject = ?', [subject]))[0];

  it('a silent mail server fails the send before the claim runs out, and the message waits for its retry', async () => {
    await queue('silent');
    const claimMs = 2000;
    const dispatcher = new OutboxDispatcher(dataSource, silentUrl, 'cps@example.org', logger, 60_000, claimMs);
    const started = Date.now();
    expect(await dispatcher.drain()).toBe(0);
    // Had the send outlived its claim, a second instance could have claimed and sent it meanwhile.
    expect(Date.now() - started).toBeLessThan(claimMs);
    await dispatcher.stop();
    const after = await row('silent');
    expect(after.sent_at).toBeNull();
    expect(after.attempts).toBe(1);
    expect(after.last_error).toMatch(/timeout|greeting/i);
    // Out of the next test's way: it is about another message.
    await dataSource.getRepository('OutboxEmailRecord').delete({ subject: 'silent' });
  });

  it('a mail server answering every command just in time cannot hold a send past its claim', async () => {
    // Each reply comes after 400 ms, within the 500 ms each stage may take, but a whole message
    // needs six of them (greeting, EHLO, MAIL, RCPT, DATA, the end): longer than a claim of 2 s.
    const slow = net.createServer((socket) => {
      const reply = (line: string) => setTimeout(() => socket.writable && socket.write(`${line}\r\n`), 400);
      let inData = false;
      reply('220 slow.example ESMTP');
      let buffered = '';
      socket.on('data', (chunk) => {
        buffered += chunk.toString('latin1');
        let end: number;
        while ((end = buffered.indexOf('\r\n')) >= 0) {
          const line = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          if (inData) {
            if (line === '.') (inData = false), reply('250 queued');
          } else if (/^DATA/i.test(line)) (inData = true), reply('354 go on');
          else if (/^QUIT/i.test(line)) reply('221 bye');
          else reply(/^EHLO/i.test(line) ? '250 slow.example' : '250 ok');
        }
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    await queue('slow');
    const claimMs = 2000;
    const dispatcher = new OutboxDispatcher(dataSource, `smtp://127.0.0.1:${(slow.address() as AddressInfo).port}`, 'cps@example.org', logger, 60_000, claimMs);
    try {
      const started = Date.now();
      expect(await dispatcher.drain()).toBe(0);
      expect(Date.now() - started).toBeLessThan(claimMs);
      const after = await row('slow');
      expect(after.sent_at).toBeNull();
      expect(after.last_error).toMatch(/abort/i);
    } finally {
      await dispatcher.stop();
      slow.close();
      await dataSource.getRepository('OutboxEmailRecord').delete({ subject: 'slow' });
    }
  });

  it('a message claimed by an instance that died is sent by another once the claim lapsed, once', async () => {
    await queue('orphaned');
    const claimMs = 10_000;
    const now = new Date();
    // The dead instance's claim, as its dispatcher writes it just before sending.
    await dataSource.getRepository('OutboxEmailRecord').update({ subject: 'orphaned' }, { attempts: 1, nextAttemptAt: new Date(now.getTime() + claimMs) });
    const other = new OutboxDispatcher(dataSource, smtpUrl, 'cps@example.org', logger, 60_000, claimMs);
    try {
      expect(await other.drain(now)).toBe(0);
      expect(await other.drain(new Date(now.getTime() + claimMs - 1))).toBe(0);
      expect(sink.messages.filter((m) => m.text.includes('orphaned'))).toHaveLength(0);
      expect(await other.drain(new Date(now.getTime() + claimMs + 1))).toBe(1);
      expect(await other.drain(new Date(now.getTime() + 10 * claimMs))).toBe(0);
    } finally {
      await other.stop();
    }
    expect(sink.messages.filter((m) => m.text.includes('orphaned'))).toHaveLength(1);
    expect((await row('orphaned')).sent_at).not.toBeNull();
  });

  it('a message sent again after a crash between the server\'s acceptance and "sent" carries the same Message-ID', async () => {
    await queue('another');
    await queue('accepted-then-crashed');
    const dispatcher = new OutboxDispatcher(dataSource, smtpUrl, 'CPS <cps@example.org>', logger, 60_000, 10_000);
    try {
      const now = new Date();
      expect(await dispatcher.drain(now)).toBe(2);
      // The instance died before it wrote "sent": the row is as it was once the claim has lapsed.
      await dataSource.getRepository('OutboxEmailRecord').update({ subject: 'accepted-then-crashed' }, { sentAt: null, nextAttemptAt: now });
      expect(await dispatcher.drain(now)).toBe(1);
    } finally {
      await dispatcher.stop();
    }
    const copies = sink.messages.filter((m) => m.text.includes('accepted-then-crashed'));
    const messageIds = copies.map((m) => /^Message-ID: (.*)$/im.exec(m.text)?.[1]);
    expect(messageIds).toHaveLength(2);
    expect(messageIds[0]).toMatch(/^<outbox-\d+\.\d+@example\.org>$/);
    expect(messageIds[1]).toBe(messageIds[0]);
    // Another message has its own.
    const others = sink.messages.filter((m) => !m.text.includes('accepted-then-crashed')).map((m) => /^Message-ID: (.*)$/im.exec(m.text)?.[1]);
    expect(others.length).toBeGreaterThan(0);
    expect(others).not.toContain(messageIds[0]);
  });
});
