import { DateScalar, dayIn } from '@cps/service-kit';
import { Ctx, Directive, Query, Resolver } from 'type-graphql';
import { countriesInUse } from '../domain/countries-in-use';
import type { MembersContext } from '../context';
import { pendingTransfers } from '../domain/transfers';
import type { EquipmentRecord } from '../entities/equipment.entity';
import { Equipment } from '../types/equipment.type';
import { Benefit, CountryInUse } from '../types/value-types';

/** Queries about the programme rather than one member: benefits of other regions' cards, the handlers' queue. */
@Resolver()
export class ProgrammeQueryResolver {
  @Query(() => [Benefit], {
    description: "What a valid card of another region's programme gets at European service points and events (not the European tier benefits)",
  })
  otherRegionCardBenefits(@Ctx() ctx: MembersContext): Benefit[] {
    // No member to follow here: the request's language, else English.
    return ctx.policy.otherRegionCardBenefits(ctx.language.choose(ctx.policy.languages()));
  }

  /**
   * Not in the public API (@inaccessible: the gateway never serves it): the catalogue and regions
   * ask it, signed with members' gateway proof, before they accept a policy, so no service serves a
   * policy that drops a country where members live. Counts only, nobody's data.
   */
  @Query(() => [CountryInUse], { description: "For the other services' policy checks: how many members live in each country" })
  @Directive('@inaccessible')
  countriesInUse(@Ctx() ctx: MembersContext): Promise<CountryInUse[]> {
    return countriesInUse(ctx.dataSource);
  }

  @Query(() => DateScalar, { description: "Today in the programme's time zone, by the programme's clock: the day the 1 January run and the outlook go by" })
  programmeToday(@Ctx() ctx: MembersContext): string {
    return dayIn(ctx.clock.now(), ctx.timeZone);
  }

  @Query(() => [Equipment], { description: 'Handler: second-hand registrations awaiting validation' })
  pendingTransfers(@Ctx() ctx: MembersContext): Promise<EquipmentRecord[]> {
    return pendingTransfers(ctx.membership, ctx.identity);
  }
}
