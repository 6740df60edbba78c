import { assertMayReadMember, assertRole, isStaff, requestTexts } from '@cps/service-kit';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { MembersContext } from '../context';
import { activeKey } from '../domain/equipment-keys';
import { textsForMember } from '../domain/member-language';
import type { EquipmentRecord } from '../entities/equipment.entity';
import type { MemberRecord } from '../entities/member.entity';
import { Equipment } from '../types/equipment.type';
import { Country, productRef, programmeCountry, type Product } from '../types/foreign-entities';
import { Member } from '../types/member.type';

@Resolver(() => Equipment)
export class EquipmentFieldsResolver {
  @FieldResolver()
  product(@Root() item: EquipmentRecord): Product {
    return productRef(item.productId);
  }

  @FieldResolver(() => Member)
  async owner(@Root() item: EquipmentRecord, @Ctx() ctx: MembersContext): Promise<MemberRecord> {
    assertMayReadMember(ctx.identity, String(item.memberId));
    return (await ctx.loaders.memberById.load(item.memberId))!;
  }

  @FieldResolver(() => Member, {
    nullable: true,
    description: 'Handler: for a pending transfer, the member whose account holds the serial now',
  })
  async previousOwner(@Root() item: EquipmentRecord, @Ctx() ctx: MembersContext): Promise<MemberRecord | null> {
    assertRole(ctx.identity, 'handler');
    if (item.status !== 'PENDING_TRANSFER') return null;
    const holder = await ctx.loaders.activeHolder.load(activeKey(item.productId, item.serialNumber));
    return holder ? ctx.loaders.memberById.load(holder.memberId) : null;
  }

  @FieldResolver()
  registeredAt(@Root() item: EquipmentRecord): Date {
    return item.createdAt;
  }

  /** Staff only: a member learns that and when, not which handler, decided. */
  @FieldResolver(() => String, { nullable: true })
  decidedBy(@Root() item: EquipmentRecord, @Ctx() ctx: MembersContext): string | null {
    return ctx.identity && isStaff(ctx.identity) ? item.decidedBy : null;
  }

  @FieldResolver(() => Country, { nullable: true })
  async purchaseCountry(@Root() item: EquipmentRecord, @Ctx() ctx: MembersContext): Promise<Country | null> {
    // Named in the owner's language (after the request's), as their own country is.
    const owner = await ctx.loaders.memberById.load(item.memberId);
    return programmeCountry(ctx.policy, item.purchaseCountryCode, owner ? textsForMember(ctx.policy, ctx.language, owner) : requestTexts(ctx.policy, ctx.language));
  }

  @FieldResolver(() => String, { nullable: true })
  async notice(@Root() item: EquipmentRecord, @Ctx() ctx: MembersContext): Promise<string | null> {
    if (item.status !== 'PENDING_TRANSFER') return null;
    // In the owner's language (after the request's): the notice is written to them.
    const owner = await ctx.loaders.memberById.load(item.memberId);
    return owner ? textsForMember(ctx.policy, ctx.language, owner).text('equipment.pendingNotice') : null;
  }

  @FieldResolver()
  async countsTowardsTier(@Root() item: EquipmentRecord, @Ctx() ctx: MembersContext): Promise<boolean> {
    const decision = await ctx.loaders.decisionByMember.load(item.memberId);
    return decision.items.some((d) => d.id === String(item.id) && d.counts);
  }
}
