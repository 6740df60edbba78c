import { assertMayReadMember, requireIdentity } from '@cps/service-kit';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { MembersContext } from '../context';
import { assertNotLegacy, memberIdFromNumber } from '../domain/member-number';
import type { MemberRecord } from '../entities/member.entity';
import { Member } from '../types/member.type';

/** Loads a member the caller may see: self, handler or admin. */
export async function loadVisibleMember(ctx: MembersContext, id: number | null): Promise<MemberRecord | null> {
  requireIdentity(ctx.identity);
  if (id === null || !Number.isSafeInteger(id)) return null;
  assertMayReadMember(ctx.identity, String(id));
  return ctx.loaders.memberById.load(id);
}

@Resolver(() => Member)
export class MemberQueryResolver {
  @Query(() => Member, { nullable: true, description: 'The signed-in member' })
  me(@Ctx() ctx: MembersContext): Promise<MemberRecord | null> {
    const identity = requireIdentity(ctx.identity);
    // A handler's or admin's token names no member: there is no "me" to show.
    if (!identity.memberId) return Promise.resolve(null);
    assertNotLegacy(identity.memberId, 'sub');
    return loadVisibleMember(ctx, Number(identity.memberId));
  }

  @Query(() => Member, { nullable: true, description: 'Self, handler or admin only' })
  member(@Arg('id', () => ID) id: string, @Ctx() ctx: MembersContext): Promise<MemberRecord | null> {
    assertNotLegacy(id, 'id');
    return loadVisibleMember(ctx, /^\d+$/.test(id) ? Number(id) : null);
  }

  @Query(() => Member, {
    nullable: true,
    description: 'By member number; an old alphanumeric number fails with LEGACY_ACCOUNT_EXPIRED',
  })
  memberByNumber(@Arg('number') number: string, @Ctx() ctx: MembersContext): Promise<MemberRecord | null> {
    return loadVisibleMember(ctx, memberIdFromNumber(number));
  }
}
