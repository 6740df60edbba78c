import { Tier } from '@cps/policy';
import { DateTimeScalar } from '@cps/service-kit';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Why one item counts (or not) towards which tiers' })
export class ItemExplanation {
  @Field(() => ID) equipmentId: string;
  @Field() model: string;
  @Field() counts: boolean;
  @Field(() => [Tier]) countsTowards: Tier[];
  @Field() reason: string;
}

@ObjectType({ description: "The policy engine's reasons for a member's qualifying tier" })
export class TierExplanation {
  @Field({ description: 'The version (hash) of the rule files that decided' }) policyVersion: string;
  @Field(() => Tier, { nullable: true }) qualifyingTier: Tier | null;
  @Field(() => [String], { description: 'Which tier rules passed or failed, and why' }) lines: string[];
  @Field(() => [ItemExplanation]) items: ItemExplanation[];
  @Field(() => String, { nullable: true, description: 'Why there is no next tier although not Platinum' })
  nextTierBlockedBy: string | null;
}

@ObjectType()
export class PolicyProblem {
  @Field({ description: 'The rule file, relative to the rules folder' }) file: string;
  @Field({ description: 'JSON pointer into the file' }) pointer: string;
  @Field() message: string;
}

@ObjectType({ description: 'A candidate rules folder on the server' })
export class PolicyCandidate {
  @Field() name: string;
  @Field(() => String, { nullable: true }) version: string | null;
  @Field() valid: boolean;
  @Field(() => [PolicyProblem]) problems: PolicyProblem[];
}

@ObjectType()
export class TierCount {
  @Field(() => Tier, { nullable: true, description: 'null = below Silver' }) tier: Tier | null;
  @Field(() => Int) current: number;
  @Field(() => Int) candidate: number;
}

@ObjectType()
export class TierTransition {
  @Field(() => Tier, { nullable: true }) from: Tier | null;
  @Field(() => Tier, { nullable: true }) to: Tier | null;
  @Field(() => Int) count: number;
  @Field(() => [String], { description: 'A few member numbers to look at' }) sample: string[];
}

@ObjectType({ description: 'What a candidate policy would change, before it goes live' })
export class PolicyPreview {
  @Field() candidate: string;
  @Field() candidateVersion: string;
  @Field({ description: 'The version it is compared with: the live one, or for a scheduled version the one it replaces' }) liveVersion: string;
  @Field(() => [String], { description: 'What changes, in words' }) changes: string[];
  @Field(() => Int) membersEvaluated: number;
  @Field(() => Int) unchanged: number;
  @Field(() => [TierCount]) tierCounts: TierCount[];
  @Field(() => [TierTransition]) transitions: TierTransition[];
  @Field(() => Int) videoGained: number;
  @Field(() => Int) videoLost: number;
}

@ObjectType()
export class PolicyStatus {
  @Field() version: string;
  @Field() loadedAt: string;
  @Field(() => [PolicyProblem], { description: 'Why the last edit of the rules was refused, if it was' })
  lastRejection: PolicyProblem[];
  @Field(() => String, { nullable: true }) lastRejectedAt: string | null;
  @Field(() => [ScheduledPolicyDay], { description: 'Versions scheduled for a date, in date order' }) scheduled: ScheduledPolicyDay[];
}

@ObjectType({ description: 'A scheduled version with its day (preview it as candidate "scheduled/<day>")' })
export class ScheduledPolicyDay {
  @Field() version: string;
  @Field(() => DateTimeScalar) effectiveFrom: Date;
  @Field() day: string;
}

@ObjectType({ description: 'A policy version prepared for a date' })
export class ScheduledPolicy {
  @Field() version: string;
  @Field(() => DateTimeScalar, { description: 'Midnight of its day, programme time' }) effectiveFrom: Date;
}

@ObjectType({ description: 'The policy serving now, and the next scheduled one' })
export class PolicyInForce {
  @Field({ description: 'The version (hash of the rule files)' }) version: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When a scheduled version took effect; null for the live rules' })
  effectiveFrom: Date | null;
  @Field(() => ScheduledPolicy, { nullable: true }) next: ScheduledPolicy | null;
}

@ObjectType({ description: 'A policy version that went live on the members service' })
export class PolicyVersionInfo {
  @Field() version: string;
  @Field(() => DateTimeScalar) wentLiveAt: Date;
  @Field({ description: 'start, reload (an edit) or schedule (its day came)' }) how: string;
  @Field(() => [String], { description: 'Its packs: file and version' }) packs: string[];
}
