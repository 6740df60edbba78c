import { assertRole, DateScalar } from '@cps/service-kit';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { MembersContext } from '../context';
import { recalculateMemberships, type RecalculationReport as Report } from '../domain/recalculation';
import { RecalculationReport } from '../types/value-types';

@Resolver()
export class RecalculationResolver {
  @Mutation(() => RecalculationReport, {
    description: 'Admin: the 1 January run. Idempotent per date; an interrupted run resumes.',
  })
  recalculateMemberships(@Arg('asOf', () => DateScalar) asOf: string, @Ctx() ctx: MembersContext): Promise<Report> {
    assertRole(ctx.identity, 'admin');
    return recalculateMemberships(ctx.dataSource, ctx.policy, asOf);
  }
}
