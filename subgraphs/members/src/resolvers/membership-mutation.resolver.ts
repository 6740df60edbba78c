import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { MembersContext } from '../context';
import { cardOf } from '../domain/card';
import { markCardSent } from '../domain/card-dispatch';
import { correctEquipment, registerEquipment, removeEquipment } from '../domain/equipment-registration';
import { registerMember } from '../domain/sign-up';
import { confirmTransfer, rejectTransfer } from '../domain/transfers';
import type { EquipmentRecord } from '../entities/equipment.entity';
import type { MemberRecord } from '../entities/member.entity';
import { Equipment } from '../types/equipment.type';
import { Member } from '../types/member.type';
import { Card } from '../types/value-types';
import { CorrectEquipmentInput, RegisterEquipmentInput } from './inputs/equipment.input';
import { RegisterMemberInput } from './inputs/register-member.input';

/** Thin: each operation is one call into the domain modules, which validate and store. */
@Resolver()
export class MembershipMutationResolver {
  @Mutation(() => Member, { description: 'Public sign-up' })
  registerMember(@Arg('input') input: RegisterMemberInput, @Ctx() ctx: MembersContext): Promise<MemberRecord> {
    return registerMember(ctx.dataSource, ctx.policy, input, ctx.clock.now());
  }

  @Mutation(() => Equipment, { description: 'The member, for themself' })
  registerEquipment(@Arg('input') input: RegisterEquipmentInput, @Ctx() ctx: MembersContext): Promise<EquipmentRecord> {
    return registerEquipment(ctx.membership, ctx.identity, input);
  }

  @Mutation(() => Equipment, { description: 'Fix estimated details' })
  correctEquipment(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: CorrectEquipmentInput,
    @Ctx() ctx: MembersContext,
  ): Promise<EquipmentRecord> {
    return correctEquipment(ctx.membership, ctx.identity, id, input);
  }

  @Mutation(() => Equipment, { description: 'Sold / lost: status REMOVED' })
  removeEquipment(@Arg('id', () => ID) id: string, @Ctx() ctx: MembersContext): Promise<EquipmentRecord> {
    return removeEquipment(ctx.membership, ctx.identity, id);
  }

  @Mutation(() => Equipment, { description: 'Handler: the item moves owner' })
  confirmTransfer(@Arg('equipmentId', () => ID) equipmentId: string, @Ctx() ctx: MembersContext): Promise<EquipmentRecord> {
    return confirmTransfer(ctx.membership, ctx.identity, equipmentId);
  }

  @Mutation(() => Equipment, { description: 'Handler: the item stays with the previous owner' })
  rejectTransfer(
    @Arg('equipmentId', () => ID) equipmentId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: MembersContext,
  ): Promise<EquipmentRecord> {
    return rejectTransfer(ctx.membership, ctx.identity, equipmentId, reason);
  }

  @Mutation(() => Card, { description: "Admin: the member's card went out" })
  async markCardSent(@Arg('memberId', () => ID) memberId: string, @Ctx() ctx: MembersContext): Promise<Card> {
    return cardOf(await markCardSent(ctx.dataSource, ctx.identity, memberId));
  }
}
