import type { Tier } from '@cps/policy';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { MembersContext } from '../context';
import { midnightIn, nextFirstOfJanuary } from '@cps/service-kit';
import { memberFacts } from '../domain/member-facts';
import { cardOf } from '../domain/card';
import { noticesFor, type Notice as DomainNotice } from '../domain/notices';
import { outlookFor, type Outlook } from '../domain/outlook';
import { isOpen } from '../domain/equipment-keys';
import { historyReasonIn } from '../domain/history-reasons';
import { memberLanguage, textsForMember } from '../domain/member-language';
import { memberNumber } from '../domain/member-number';
import type { EquipmentRecord } from '../entities/equipment.entity';
import type { MemberRecord } from '../entities/member.entity';
import { Equipment } from '../types/equipment.type';
import { Country, programmeCountry } from '../types/foreign-entities';
import { Member } from '../types/member.type';
import { TierExplanation } from '../types/policy.types';
import { Notice, TierOutlook, type Address, type Benefit, type Card, type TierChange, type TierGap } from '../types/value-types';

/** The outlook under the policy that will be in force at midnight of the next 1 January (a version scheduled by then). */
async function outlookOf(member: MemberRecord, ctx: MembersContext): Promise<Outlook> {
  const on = nextFirstOfJanuary(ctx.clock.now(), ctx.timeZone);
  const policy = ctx.policyAt(midnightIn(on, ctx.timeZone));
  const items = await ctx.loaders.equipmentByMember.load(member.id);
  const decision = policy === ctx.policy ? await ctx.loaders.decisionByMember.load(member.id) : await policy.evaluate(memberFacts(member, items));
  const held = { heldTier: member.heldTier, videoMember: Boolean(member.videoMember) };
  return outlookFor(held, decision, items, on, textsForMember(ctx.policy, ctx.language, member));
}

/** Member fields derived from the record, the equipment and the policy's decision. */
@Resolver(() => Member)
export class MemberFieldsResolver {
  @FieldResolver(() => String)
  number(@Root() member: MemberRecord): string {
    return memberNumber(member.id);
  }

  @FieldResolver()
  address(@Root() member: MemberRecord): Address {
    const { street, postalCode, city, countryCode } = member;
    return { street, postalCode, city, countryCode };
  }

  @FieldResolver(() => Country)
  country(@Root() member: MemberRecord, @Ctx() ctx: MembersContext): Country {
    const country = programmeCountry(ctx.policy, member.countryCode, textsForMember(ctx.policy, ctx.language, member));
    if (!country) throw new Error(`The member's country ${member.countryCode} is no longer in the programme's country rules`);
    return country;
  }

  @FieldResolver(() => [Equipment])
  async equipment(
    @Root() member: MemberRecord,
    @Ctx() ctx: MembersContext,
    @Arg('includeInactive', () => Boolean, { nullable: true, defaultValue: false }) includeInactive: boolean,
  ): Promise<EquipmentRecord[]> {
    const items = await ctx.loaders.equipmentByMember.load(member.id);
    // Pending second-hand items are shown too: the member must see that they wait for a handler.
    return includeInactive ? items : items.filter((i) => isOpen(i.status));
  }

  @FieldResolver()
  tier(@Root() member: MemberRecord): Tier | null {
    return member.heldTier;
  }

  @FieldResolver()
  async qualifyingTier(@Root() member: MemberRecord, @Ctx() ctx: MembersContext): Promise<Tier | null> {
    return (await ctx.loaders.decisionByMember.load(member.id)).qualifyingTier;
  }

  @FieldResolver({ description: 'Held like the tier: starts at once, ends only at a 1 January run' })
  videoMember(@Root() member: MemberRecord): boolean {
    return Boolean(member.videoMember);
  }

  @FieldResolver(() => String, { description: "The member's own language (ISO 639-1): chosen with updateMember, else the country's main language. Texts follow the request's Accept-Language first; Content-Language says which language an answer used" })
  language(@Root() member: MemberRecord, @Ctx() ctx: MembersContext): string {
    return memberLanguage(member, ctx.policy);
  }

  @FieldResolver()
  benefits(@Root() member: MemberRecord, @Ctx() ctx: MembersContext): Benefit[] {
    const { language } = textsForMember(ctx.policy, ctx.language, member);
    return ctx.policy.benefits(member.heldTier, Boolean(member.videoMember), member.countryCode, language);
  }

  @FieldResolver(() => TierOutlook, { description: 'What the next 1 January run makes of this member if nothing changes' })
  async outlook(@Root() member: MemberRecord, @Ctx() ctx: MembersContext): Promise<Outlook> {
    return outlookOf(member, ctx);
  }

  @FieldResolver(() => [Notice], { description: 'What the member should know now, newest first' })
  async notices(@Root() member: MemberRecord, @Ctx() ctx: MembersContext): Promise<DomainNotice[]> {
    const items = await ctx.loaders.equipmentByMember.load(member.id);
    return noticesFor(member, items, await outlookOf(member, ctx), ctx.policy.supportContact(), ctx.clock.now(), textsForMember(ctx.policy, ctx.language, member));
  }

  @FieldResolver()
  async nextTier(@Root() member: MemberRecord, @Ctx() ctx: MembersContext): Promise<TierGap | null> {
    return (await ctx.loaders.decisionByMember.load(member.id)).nextTier as TierGap | null;
  }

  @FieldResolver(() => TierExplanation, { description: 'Which item counted towards which tier, and why the next tier is not reached (in the request\'s language, else the member\'s)' })
  async tierExplanation(@Root() member: MemberRecord, @Ctx() ctx: MembersContext): Promise<TierExplanation> {
    const decision = await ctx.loaders.decisionByMember.load(member.id);
    const texts = textsForMember(ctx.policy, ctx.language, member);
    return {
      policyVersion: decision.policyVersion,
      qualifyingTier: decision.qualifyingTier,
      lines: decision.explanation.map(texts.words),
      nextTierBlockedBy: decision.nextTierBlockedBy && texts.words(decision.nextTierBlockedBy),
      items: decision.items.map((item) => ({
        equipmentId: item.id,
        model: item.model,
        counts: item.counts,
        countsTowards: item.countsTowards,
        reason: texts.words(item.reason),
      })),
    };
  }

  @FieldResolver()
  card(@Root() member: MemberRecord, @Ctx() ctx: MembersContext): Card {
    return cardOf(member, ctx.clock.now());
  }

  @FieldResolver()
  async tierHistory(@Root() member: MemberRecord, @Ctx() ctx: MembersContext): Promise<TierChange[]> {
    const changes = await ctx.loaders.tierHistoryByMember.load(member.id);
    if (changes.length === 0) return [];
    // Written now, in the reader's language; a change kept from before reason codes reads as it was stored.
    const texts = textsForMember(ctx.policy, ctx.language, member);
    return changes.map((c) => ({ from: c.fromTier, to: c.toTier, at: c.at, reason: historyReasonIn(texts, c), policyVersion: c.policyVersion }));
  }
}
