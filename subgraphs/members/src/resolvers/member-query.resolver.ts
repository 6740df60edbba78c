import { assertMayReadMember, assertRole, badInput, namesMember, requireIdentity } from '@cps/service-kit';
import { IsNull, MoreThan } from 'typeorm';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { MembersContext } from '../context';
import { cardsToSend } from '../domain/card-dispatch';
import { loadVisibleMember } from '../domain/member-visibility';
import { assertNotLegacy, memberIdFromNumber } from '../domain/member-number';
import { MemberRecord } from '../entities/member.entity';
import { Member } from '../types/member.type';

@Resolver(() => Member)
export class MemberQueryResolver {
  @Query(() => Member, { nullable: true, description: 'The signed-in member' })
  me(@Ctx() ctx: MembersContext): Promise<MemberRecord | null> {
    const identity = requireIdentity(ctx.identity);
    // A handler's or admin's token names no member (or names the staff member): there is no "me" to show.
    if (!identity.memberId || (!identity.roles.has('member') && !namesMember(identity.memberId))) return Promise.resolve(null);
    assertNotLegacy(identity.memberId, 'sub');
    return loadVisibleMember(ctx, identity.memberId);
  }

  @Query(() => Member, { nullable: true, description: 'Self, handler or admin only' })
  member(@Arg('id', () => ID) id: string, @Ctx() ctx: MembersContext): Promise<MemberRecord | null> {
    assertNotLegacy(id, 'id');
    return loadVisibleMember(ctx, id);
  }

  @Query(() => [Member], { description: 'Handler or admin: members by id, a page at a time (after = the last id seen)' })
  async members(
    @Ctx() ctx: MembersContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number,
    @Arg('after', () => ID, { nullable: true }) after?: string,
  ): Promise<MemberRecord[]> {
    assertRole(ctx.identity, 'handler');
    if (!Number.isInteger(first) || first < 1 || first > 200) throw badInput('first', 'A page has 1 to 200 members.');
    if (after !== undefined && after !== null && !/^\d{1,12}$/.test(after)) throw badInput('after', `"${after}" is not a member id.`);
    const page = await ctx.dataSource.getRepository(MemberRecord).find({
      where: after ? { id: MoreThan(Number(after)), deletedAt: IsNull() } : { deletedAt: IsNull() },
      order: { id: 'ASC' },
      take: first,
    });
    // The page's nested fields look members up by id: they are loaded already.
    for (const member of page) ctx.loaders.memberById.prime(member.id, member);
    return page;
  }

  @Query(() => [Member], { description: 'Admin: members whose card was requested and not sent since, oldest request first (overdue ones lead)' })
  async cardsToSend(
    @Ctx() ctx: MembersContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number,
  ): Promise<MemberRecord[]> {
    const page = await cardsToSend(ctx.dataSource, ctx.identity, first);
    for (const member of page) ctx.loaders.memberById.prime(member.id, member);
    return page;
  }

  @Query(() => Member, {
    nullable: true,
    description: 'By member number; an old alphanumeric number fails with LEGACY_ACCOUNT_EXPIRED',
  })
  memberByNumber(@Arg('number') number: string, @Ctx() ctx: MembersContext): Promise<MemberRecord | null> {
    return loadVisibleMember(ctx, memberIdFromNumber(number));
  }
}
