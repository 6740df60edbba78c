import { describe, expect, it } from 'vitest';
import { databaseKinds, errorCodes, openStackDatabase, stackFor } from '../harness';
import { me, newMember, registerGoldKit } from './workflows';

const MARK_SENT = 'mutation($id: ID!) { markCardSent(memberId: $id) { status requestedAt sentAt } }';

describe.each(databaseKinds())('membership cards (%s)', (db) => {
  const stack = stackFor({ db });

  it('requested at sign-up, SENT with its date when an admin marks it', async () => {
    const member = await newMember(stack);
    expect((await me(stack, member)).card).toMatchObject({ status: 'REQUESTED', sentAt: null });
    const sent = await stack.query(MARK_SENT, { token: await stack.token({ role: 'admin' }), variables: { id: String(member) } });
    expect(sent.errors).toBeUndefined();
    expect(sent.data.markCardSent.status).toBe('SENT');
    expect(Date.parse(sent.data.markCardSent.sentAt)).toBeGreaterThanOrEqual(Date.parse(sent.data.markCardSent.requestedAt));
    const handler = await stack.query(MARK_SENT, { token: await stack.token({ role: 'handler' }), variables: { id: String(member) } });
    expect(errorCodes(handler)).toEqual(['FORBIDDEN']);
  });

  it('a change of the held tier requests a new card', async () => {
    const member = await newMember(stack);
    await stack.query(MARK_SENT, { token: await stack.token({ role: 'admin' }), variables: { id: String(member) } });
    await registerGoldKit(stack, member);
    const card = (await me(stack, member)).card;
    expect(card.status).toBe('REQUESTED');
    expect(Date.parse(card.requestedAt)).toBeGreaterThan(Date.parse(card.sentAt));
  });

  it('shown OVERDUE four weeks after a request with no card sent', async () => {
    const member = await newMember(stack);
    const dataSource = await openStackDatabase(stack, 'members');
    try {
      const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
      await dataSource.getRepository('MemberRecord').update(member, { cardRequestedAt: ago(27) });
      expect((await me(stack, member)).card.status).toBe('REQUESTED');
      await dataSource.getRepository('MemberRecord').update(member, { cardRequestedAt: ago(29) });
      expect((await me(stack, member)).card.status).toBe('OVERDUE');
    } finally {
      await dataSource.destroy();
    }
  });

  it('cardsToSend lists the cards still to post, oldest request first; marked sent, a card leaves the list', async () => {
    const CARDS = 'query($first: Int) { cardsToSend(first: $first) { id card { status requestedAt } } }';
    const admin = await stack.token({ role: 'admin' });
    const [older, newer] = [await newMember(stack), await newMember(stack)];
    const dataSource = await openStackDatabase(stack, 'members');
    try {
      // Every other card is sent; the older of the two was requested five weeks ago (overdue).
      await dataSource.query('UPDATE member SET card_sent_at = card_requested_at WHERE id NOT IN (?, ?)', [older, newer]);
      await dataSource.getRepository('MemberRecord').update(older, { cardRequestedAt: new Date(Date.now() - 35 * 86_400_000) });
    } finally {
      await dataSource.destroy();
    }
    const listed = (await stack.query(CARDS, { token: admin, variables: { first: 10 } })).data.cardsToSend;
    expect(listed.map((m: any) => [Number(m.id), m.card.status])).toEqual([[older, 'OVERDUE'], [newer, 'REQUESTED']]);
    await stack.query(MARK_SENT, { token: admin, variables: { id: String(older) } });
    expect((await stack.query(CARDS, { token: admin })).data.cardsToSend.map((m: any) => Number(m.id))).toEqual([newer]);
    const tooMany = await stack.query(CARDS, { token: admin, variables: { first: 501 } });
    expect(errorCodes(tooMany)).toEqual(['BAD_USER_INPUT']);
    expect(tooMany.errors![0].extensions!.field).toBe('first');
    expect(errorCodes(await stack.query(CARDS, { token: await stack.token({ role: 'handler' }) }))).toEqual(['FORBIDDEN']);
  });

  it('an unknown member is NOT_FOUND, naming the field', async () => {
    const response = await stack.query(MARK_SENT, { token: await stack.token({ role: 'admin' }), variables: { id: '999999' } });
    expect(errorCodes(response)).toEqual(['NOT_FOUND']);
    expect(response.errors![0].extensions!.field).toBe('memberId');
  });
});
