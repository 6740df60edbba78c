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

  it('an unknown member is NOT_FOUND, naming the field', async () => {
    const response = await stack.query(MARK_SENT, { token: await stack.token({ role: 'admin' }), variables: { id: '999999' } });
    expect(errorCodes(response)).toEqual(['NOT_FOUND']);
    expect(response.errors![0].extensions!.field).toBe('memberId');
  });
});
