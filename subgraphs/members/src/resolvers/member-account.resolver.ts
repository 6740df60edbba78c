import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { MembersContext } from '../context';
import { deleteMember, exportMember, updateMember, type DeletedMember as Deleted } from '../domain/member-account';
import type { MemberRecord } from '../entities/member.entity';
import { Member } from '../types/member.type';
import { DeletedMember } from '../types/value-types';
import { UpdateMemberInput } from './inputs/update-member.input';

/** The member's own account: details, export, erasure. Self or admin only. */
@Resolver()
export class MemberAccountResolver {
  @Mutation(() => Member, { description: 'Self or admin: name, e-mail, address' })
  updateMember(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateMemberInput, @Ctx() ctx: MembersContext): Promise<MemberRecord> {
    return updateMember(ctx.membership, ctx.identity, id, input);
  }

  @Mutation(() => DeletedMember, { description: 'Self or admin: erasure of personal data' })
  deleteMember(@Arg('id', () => ID) id: string, @Ctx() ctx: MembersContext): Promise<Deleted> {
    return deleteMember(ctx.membership, ctx.identity, id);
  }

  @Query(() => String, { description: 'Self or admin: every stored fact about the member, as a JSON document' })
  exportMember(@Arg('id', () => ID) id: string, @Ctx() ctx: MembersContext): Promise<string> {
    return exportMember(ctx.membership, ctx.identity, id);
  }
}
