import { Ctx, Query, Resolver } from 'type-graphql';
import type { MembersContext } from '../context';
import { pendingTransfers } from '../domain/transfers';
import type { EquipmentRecord } from '../entities/equipment.entity';
import { Equipment } from '../types/equipment.type';
import { Benefit } from '../types/value-types';

/** Queries about the programme rather than one member: benefits of other regions' cards, the handlers' queue. */
@Resolver()
export class ProgrammeQueryResolver {
  @Query(() => [Benefit], {
    description: "What a valid card of another region's programme gets at European service points and events (not the European tier benefits)",
  })
  otherRegionCardBenefits(@Ctx() ctx: MembersContext): Benefit[] {
    return ctx.policy.otherRegionCardBenefits();
  }

  @Query(() => [Equipment], { description: 'Handler: second-hand registrations awaiting validation' })
  pendingTransfers(@Ctx() ctx: MembersContext): Promise<EquipmentRecord[]> {
    return pendingTransfers(ctx.membership, ctx.identity);
  }
}
