import { describePolicyChanges, TIERS, Tier } from '@cps/policy';
import { assertRole, badInput, midnightIn } from '@cps/service-kit';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { MembersContext } from '../context';
import { policyVersions } from '../domain/policy-history';
import { candidateNames, openCandidate } from '../domain/policy-candidates';
import { previewPolicyChange } from '../domain/policy-preview';
import { PolicyCandidate, PolicyInForce, PolicyPreview, PolicyStatus, PolicyVersionInfo } from '../types/policy.types';

/** The policy owner's tools in the API (admin): live status, candidates, and their impact. */
@Resolver()
export class PolicyAdminResolver {
  @Query(() => PolicyInForce, { description: 'Public: the policy serving now, and the next scheduled one' })
  policy(@Ctx() ctx: MembersContext): PolicyInForce {
    const health = ctx.policyHealth();
    return {
      version: health.version,
      effectiveFrom: health.effectiveFrom ? new Date(health.effectiveFrom) : null,
      next: health.next ? { version: health.next.version, effectiveFrom: new Date(health.next.effectiveFrom) } : null,
    };
  }

  @Query(() => [PolicyVersionInfo], { description: 'Admin: every policy version that went live, newest first' })
  async policyVersions(@Ctx() ctx: MembersContext): Promise<PolicyVersionInfo[]> {
    assertRole(ctx.identity, 'admin');
    return (await policyVersions(ctx.dataSource)).map((v) => ({
      version: v.version,
      wentLiveAt: v.wentLiveAt,
      how: v.how,
      packs: (JSON.parse(v.packs) as Array<{ file: string; kind: string; version: string }>).map((p) => `${p.file} ${p.version}`),
    }));
  }

  @Query(() => PolicyStatus, { description: 'Admin: the live policy version and the last refused edit' })
  policyStatus(@Ctx() ctx: MembersContext): PolicyStatus {
    assertRole(ctx.identity, 'admin');
    const health = ctx.policyHealth();
    return {
      version: health.version,
      loadedAt: health.loadedAt,
      lastRejection: health.lastError?.problems ?? [],
      lastRejectedAt: health.lastError?.at ?? null,
      scheduled: health.scheduled.map((v) => ({ version: v.version, effectiveFrom: new Date(v.effectiveFrom), day: v.day })),
    };
  }

  @Query(() => [PolicyCandidate], { description: 'Admin: candidate rules folders on the server, validated' })
  async policyCandidates(@Ctx() ctx: MembersContext): Promise<PolicyCandidate[]> {
    assertRole(ctx.identity, 'admin');
    const dir = ctx.settings.policyCandidatesDir;
    return Promise.all(
      candidateNames(dir).map(async (name) => {
        const candidate = await openCandidate(dir, name);
        return { name, version: candidate.version, valid: candidate.problems.length === 0, problems: candidate.problems };
      }),
    );
  }

  @Query(() => PolicyPreview, { description: 'Admin: how many members would move between tiers under a candidate' })
  async policyPreview(@Arg('candidate') name: string, @Ctx() ctx: MembersContext): Promise<PolicyPreview> {
    assertRole(ctx.identity, 'admin');
    const candidate = await openCandidate(ctx.settings.policyCandidatesDir, name, ctx.rulesDir);
    if (!candidate.policy) {
      throw badInput('candidate', `The candidate "${name}" has ${candidate.problems.length} problem(s); fix them before previewing.`);
    }
    // A scheduled version is compared with the one it will replace on its day.
    const day = /^scheduled\/(.+)$/.exec(name)?.[1];
    const base = day ? ctx.policyAt(new Date(midnightIn(day, ctx.timeZone).getTime() - 1)) : ctx.policy;
    const result = await previewPolicyChange(ctx.dataSource, base, candidate.policy);
    return {
      changes: await describePolicyChanges(base, candidate.policy),
      candidate: name,
      candidateVersion: candidate.policy.version,
      liveVersion: base.version,
      membersEvaluated: result.total,
      unchanged: result.unchanged,
      tierCounts: (['NONE', ...TIERS] as const).map((tier) => ({
        tier: tier === 'NONE' ? null : tier,
        current: result.tierCounts.current[tier],
        candidate: result.tierCounts.candidate[tier],
      })),
      transitions: result.moved.map((m) => ({ ...m, from: m.from, to: m.to })),
      videoGained: result.videoChanged.gained,
      videoLost: result.videoChanged.lost,
    };
  }
}
