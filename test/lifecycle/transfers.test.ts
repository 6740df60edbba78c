import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, errorCodes, memberTableCounts, startStack, type Stack } from '../harness';
import { SmtpSink } from '../smtp-sink';
import { bodySerial, me, newMember, PRODUCTS, registerEquipment } from './workflows';

const CONFIRM = 'mutation($id: ID!) { confirmTransfer(equipmentId: $id) { id status owner { number } } }';
const REJECT = 'mutation($id: ID!, $reason: String!) { rejectTransfer(equipmentId: $id, reason: $reason) { id status transferNote } }';
const PENDING = '{ pendingTransfers { id serialNumber status owner { number } previousOwner { number } product { model } } }';

describe.each(databaseKinds())('second-hand equipment (%s)', (db) => {
  let stack: Stack;
  let smtp: SmtpSink;
  beforeAll(async () => {
    smtp = new SmtpSink();
    const smtpUrl = await smtp.start();
    stack = await startStack({ db, env: { SMTP_URL: smtpUrl, OUTBOX_POLL_MS: '100' } });
  });
  afterAll(async () => {
    await stack?.close();
    await smtp?.stop();
  });

  /**
   * A seller with an active 5D Mark IV and a buyer who registers the same serial. The buyer lives
   * in the United Kingdom, so the e-mails are in English (test/i18n/emails.test.ts: other languages).
   */
  async function secondHandSale(buyerCountry = 'GB') {
    const seller = await newMember(stack, 'FR');
    const buyer = await newMember(stack, buyerCountry);
    const serialNumber = bodySerial();
    const sold = await registerEquipment(stack, seller, { productId: PRODUCTS.eos5DMarkIV, serialNumber });
    const bought = await registerEquipment(stack, buyer, { productId: PRODUCTS.eos5DMarkIV, serialNumber, dealer: 'private sale' });
    expect(bought.errors).toBeUndefined();
    return { seller, buyer, serialNumber, sellerItem: sold.data.registerEquipment.id, buyerItem: bought.data.registerEquipment };
  }

  it('a serial active on another account registers as pending; the team of the buyer\'s country asks the buyer for proof and has the request', async () => {
    const { seller, buyer, serialNumber, buyerItem } = await secondHandSale();
    expect(buyerItem.status).toBe('PENDING_TRANSFER');
    expect(buyerItem.countsTowardsTier).toBe(false);
    expect(buyerItem.notice).toMatch(/another member's account.*pending.*handler/s);
    // The buyer lives in the United Kingdom: the team of rules/countries/gb.json, not the seller's (France).
    const team = await stack.query('{ country(code: "GB") { handlerTeam { email } } }');
    const teamEmail = team.data.country.handlerTeam.email;
    const queued = await smtp.waitFor((m) => m.raw.includes(serialNumber) && m.to.includes(teamEmail));
    expect(queued.raw).toMatch(/Second-hand registration to validate: EOS 5D Mark IV/);
    expect(queued.raw).toContain(String(10_000_000 + buyer));
    const buyerEmail = (await stack.query('{ me { email name } }', { token: await stack.token({ member: buyer }) })).data.me;
    const ask = await smtp.waitFor((m) => m.raw.includes(serialNumber) && m.to.includes(buyerEmail.email));
    expect(ask.raw).toMatch(new RegExp(`Reply-To: ${teamEmail}`, 'i'));
    expect(ask.text).toMatch(/proof of your purchase/);
    // Nothing of the previous owner (number, name, e-mail) goes to the buyer.
    const sellerView = (await stack.query('query($id: ID!) { member(id: $id) { number name email } }', { variables: { id: String(seller) }, token: await stack.token({ role: 'admin' }) })).data.member;
    for (const fact of [sellerView.number, sellerView.email]) expect(ask.text).not.toContain(fact);
    expect(ask.text).not.toMatch(new RegExp(`${sellerView.name}\\b`));
    expect(smtp.messages.filter((m) => m.raw.includes(serialNumber))).toHaveLength(2);
    const pending = await stack.query(PENDING, { token: await stack.token({ role: 'handler' }) });
    expect(pending.data.pendingTransfers).toContainEqual(expect.objectContaining({ id: buyerItem.id, serialNumber, status: 'PENDING_TRANSFER' }));
    const waiting = pending.data.pendingTransfers.find((t: any) => t.id === buyerItem.id);
    expect(waiting.owner.number).toBe(String(10_000_000 + buyer));
    expect(waiting.previousOwner.number).not.toBe(waiting.owner.number);
    // The buyer may not learn who the seller is.
    const nosy = await stack.query('{ me { equipment { previousOwner { number } } } }', { token: await stack.token({ member: buyer }) });
    expect(errorCodes(nosy)).toContain('FORBIDDEN');
  });

  it('until a handler decides, the item counts for the previous owner only — never for two', async () => {
    const { seller, buyer, sellerItem, buyerItem } = await secondHandSale();
    const sellerView = await me(stack, seller);
    expect(sellerView.equipment.find((e: any) => e.id === sellerItem)).toMatchObject({ status: 'ACTIVE', countsTowardsTier: true });
    const buyerView = await me(stack, buyer);
    expect(buyerView.equipment.find((e: any) => e.id === buyerItem.id)).toMatchObject({ status: 'PENDING_TRANSFER', countsTowardsTier: false });
  });

  it('confirmTransfer moves the item in one step: previous copy TRANSFERRED, new one ACTIVE', async () => {
    const { seller, buyer, sellerItem, buyerItem } = await secondHandSale();
    const confirmed = await stack.query(CONFIRM, { token: await stack.token({ role: 'handler' }), variables: { id: buyerItem.id } });
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data.confirmTransfer).toEqual({ id: buyerItem.id, status: 'ACTIVE', owner: { number: String(10_000_000 + buyer) } });
    const told = await smtp.waitFor((m) => m.text.includes(buyerItem.serialNumber) && /Subject: .*: confirmed/.test(m.text));
    expect(told.text).toMatch(/now registered on your account/);
    const sellerItems = (await me(stack, seller)).equipment;
    expect(sellerItems.find((e: any) => e.id === sellerItem)).toMatchObject({ status: 'TRANSFERRED', countsTowardsTier: false });
    expect((await me(stack, buyer)).equipment.find((e: any) => e.id === buyerItem.id)).toMatchObject({ status: 'ACTIVE', countsTowardsTier: true });
    // Deciding twice is refused, and changes nothing.
    const before = await memberTableCounts(stack);
    const again = await stack.query(CONFIRM, { token: await stack.token({ role: 'handler' }), variables: { id: buyerItem.id } });
    expect(errorCodes(again)).toEqual(['BAD_USER_INPUT']);
    expect(again.errors![0].extensions!.field).toBe('equipmentId');
    expect(await memberTableCounts(stack)).toEqual(before);
  });

  it('rejectTransfer keeps the item with the previous owner and records why', async () => {
    const { seller, sellerItem, buyerItem } = await secondHandSale();
    const rejected = await stack.query(REJECT, {
      token: await stack.token({ role: 'handler' }), variables: { id: buyerItem.id, reason: 'No proof of purchase' },
    });
    expect(rejected.data.rejectTransfer).toEqual({ id: buyerItem.id, status: 'REJECTED', transferNote: 'No proof of purchase' });
    const told = await smtp.waitFor((m) => m.text.includes(buyerItem.serialNumber) && /Subject: .*: not confirmed/.test(m.text));
    expect(told.text).toContain('No proof of purchase');
    expect((await me(stack, seller)).equipment.find((e: any) => e.id === sellerItem).status).toBe('ACTIVE');
    const empty = await stack.query(REJECT, { token: await stack.token({ role: 'handler' }), variables: { id: buyerItem.id, reason: ' ' } });
    expect(errorCodes(empty)).toEqual(['BAD_USER_INPUT']);
  });

  it('the decision is kept with who made it and when; the queue says when each request was made', async () => {
    const { buyer, buyerItem } = await secondHandSale();
    // A handler's token may name the handler (npm run token -- --role handler --as anna.weber).
    const anna = await stack.token({ member: 'anna.weber', role: 'handler' });
    const queue = await stack.query('{ pendingTransfers { id registeredAt decidedAt decidedBy } }', { token: anna });
    const waiting = queue.data.pendingTransfers.find((t: any) => t.id === buyerItem.id);
    expect(waiting).toMatchObject({ decidedAt: null, decidedBy: null });
    expect(Math.abs(Date.parse(waiting.registeredAt) - Date.now())).toBeLessThan(60_000);
    const decided = await stack.query('mutation($id: ID!) { confirmTransfer(equipmentId: $id) { id decidedBy decidedAt } }', { token: anna, variables: { id: buyerItem.id } });
    expect(decided.data.confirmTransfer.decidedBy).toBe('anna.weber');
    expect(Date.parse(decided.data.confirmTransfer.decidedAt)).toBeGreaterThanOrEqual(Date.parse(waiting.registeredAt) - 1000);
    // The buyer learns that and when it was decided, not which handler decided it.
    const own = (await me(stack, buyer)).equipment.find((e: any) => e.id === buyerItem.id);
    expect(own.status).toBe('ACTIVE');
    const seen = await stack.query('{ me { equipment { id decidedAt decidedBy } } }', { token: await stack.token({ member: buyer }) });
    expect(seen.data.me.equipment.find((e: any) => e.id === buyerItem.id)).toMatchObject({ decidedAt: decided.data.confirmTransfer.decidedAt, decidedBy: null });
    // A staff token that names its holder has no "me".
    expect((await stack.query('{ me { id } }', { token: anna })).data.me).toBeNull();
  });

  it('only handlers (and admins) decide transfers', async () => {
    const { buyer, buyerItem } = await secondHandSale();
    const asMember = await stack.query(CONFIRM, { token: await stack.token({ member: buyer }), variables: { id: buyerItem.id } });
    expect(errorCodes(asMember)).toEqual(['FORBIDDEN']);
    const anonymous = await stack.query(CONFIRM, { variables: { id: buyerItem.id } });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const memberList = await stack.query(PENDING, { token: await stack.token({ member: buyer }) });
    expect(errorCodes(memberList)).toEqual(['FORBIDDEN']);
    const asAdmin = await stack.query(CONFIRM, { token: await stack.token({ role: 'admin' }), variables: { id: buyerItem.id } });
    expect(asAdmin.data.confirmTransfer.status).toBe('ACTIVE');
  });

  it('e-mail that cannot be delivered is retried from the outbox and never loses the registration', async () => {
    smtp.refusing = true;
    const { serialNumber, buyerItem } = await secondHandSale();
    expect(buyerItem.status).toBe('PENDING_TRANSFER');
    await new Promise((r) => setTimeout(r, 400));
    expect(smtp.messages.some((m) => m.raw.includes(serialNumber))).toBe(false);
    smtp.refusing = false;
    // The first retry waits 5 s; the message then arrives exactly once.
    await smtp.waitFor((m) => m.raw.includes(serialNumber), 15_000);
    await smtp.waitFor((m) => smtp.messages.filter((x) => x.raw.includes(serialNumber)).length === 2, 15_000);
    await new Promise((r) => setTimeout(r, 300));
    // Both e-mails of the registration (to the buyer and to the team), each exactly once.
    expect(smtp.messages.filter((m) => m.raw.includes(serialNumber))).toHaveLength(2);
  }, 30_000);
});
