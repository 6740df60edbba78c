import { assertRole, DateScalar } from '@cps/service-kit';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { MembersContext } from '../context';
import { checkRunDate, recalculateMemberships, recalculationReport, type RecalculationReport as Report } from '../domain/recalculation';
import { RecalculationReport } from '../types/value-types';

@Resolver()
export class RecalculationResolver {
  @Mutation(() => RecalculationReport, {
    description:
      'Admin: the 1 January run, for a 1 January that has come. A run completed for that date changes nothing and returns its report; an interrupted one resumes. The members service also starts it by itself.',
  })
  recalculateMemberships(@Arg('asOf', () => DateScalar) asOf: string, @Ctx() ctx: MembersContext): Promise<Report> {
    assertRole(ctx.identity, 'admin');
    // The run uses the policy in force at 00:00 of its 1 January (a version scheduled for that day).
    const midnight = checkRunDate(asOf, ctx.clock.now(), ctx.timeZone);
    return recalculateMemberships(ctx.dataSource, ctx.policyAt(midnight), asOf, { now: () => ctx.clock.now(), timeZone: ctx.timeZone });
  }

  @Query(() => RecalculationReport, { nullable: true, description: "Admin: that 1 January run's state, null if none" })
  recalculation(@Arg('asOf', () => DateScalar) asOf: string, @Ctx() ctx: MembersContext): Promise<Report | null> {
    assertRole(ctx.identity, 'admin');
    return recalculationReport(ctx.dataSource, asOf);
  }
}
