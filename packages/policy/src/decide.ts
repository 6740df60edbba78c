// Turns the engine's rule results into a Decision: the tier, the next-tier gap and the explanation all
// come from the conditions the engine evaluated (factResult, result), not from a second calculation.
import type { RuleResult } from 'json-rules-engine';
import type { RuleVerdicts } from './engine-memo';
import type { Decision, Tier, TierGap } from './types';
import { isTier, tierAbove, TIERS } from './tiers';
import { minimumRequired, requirementText } from './condition-text';
import { evaluatedLeaves } from './rule-conditions';
import type { ConditionOutcome, FactDefinition } from './plugins/plugin';
import type { MemberSummary } from './member-summary';

type Facts = ReadonlyMap<string, FactDefinition>;

function describe(outcome: ConditionOutcome, facts: Facts, member: MemberSummary): string {
  const fact = facts.get(outcome.fact);
  if (fact) return fact.describe(outcome, member);
  return `${outcome.fact} ${requirementText(outcome.operator, outcome.value)} (found ${JSON.stringify(outcome.factResult)})`;
}

/** "Rule "Gold": not met — 1 body counts towards GOLD (at least 2 needed). Met: ..." */
function ruleSentence(rule: RuleResult, facts: Facts, member: MemberSummary): string {
  // Conditions the engine skipped (short-circuited) have no result and are left out.
  const leaves = evaluatedLeaves(rule.conditions).filter((l) => l.result !== undefined);
  const passed = leaves.filter((l) => l.result).map((l) => describe(l, facts, member));
  if (rule.result) return `Rule "${rule.name}": met — ${passed.join('; ')}.`;
  const failed = leaves.filter((l) => !l.result).map((l) => describe(l, facts, member));
  return `Rule "${rule.name}": not met — ${failed.join('; ')}.` + (passed.length ? ` Met: ${passed.join('; ')}.` : '');
}

/** What is missing for the next tier, read from that tier's evaluated threshold conditions. */
function gapFrom(tier: Tier, rule: RuleResult, facts: Facts, member: MemberSummary): TierGap {
  const gap: TierGap = { tier, missingBodies: 0, missingLenses: 0 };
  for (const leaf of evaluatedLeaves(rule.conditions)) {
    const fact = facts.get(leaf.fact);
    if (fact?.role !== 'bodies' && fact?.role !== 'lenses') continue;
    const min = minimumRequired(leaf.operator, leaf.value);
    if (min === undefined) continue;
    // A condition the engine skipped has no factResult: take the fact's value directly.
    const have = Number(leaf.factResult ?? fact.value(member, leaf.params ?? {}));
    const missing = Math.max(0, min - have);
    if (fact.role === 'bodies') gap.missingBodies += missing;
    else gap.missingLenses += missing;
  }
  return gap;
}

/**
 * What the engine's rule results say, whatever member they were for: the rules see a member only
 * through its facts, so this is shared by every member with the same fact values.
 */
export interface Verdict {
  tierRules: ReadonlyMap<Tier, RuleResult>;
  videoRule: RuleResult;
  qualifyingTier: Tier | null;
  videoMember: boolean;
  next: Tier | null;
  /** The failed country-cap condition of the next tier's rule: the next tier is out of reach. */
  capLeaf: ConditionOutcome | undefined;
  gap: TierGap | null;
}

/**
 * A rule result reduced to what decisions and explanations read (its name, result, event and the
 * evaluated conditions): a tenth of the engine's object, so many verdicts can be remembered.
 */
function compact(rule: RuleResult): RuleResult {
  const leaves = evaluatedLeaves(rule.conditions).map(({ fact, params, operator, value, factResult, result }) => ({
    fact, params, operator, value, factResult, result,
  }));
  return { name: rule.name, result: rule.result, event: rule.event, priority: rule.priority, conditions: { all: leaves } } as unknown as RuleResult;
}

export function verdictFrom(result: RuleVerdicts, facts: Facts, member: MemberSummary): Verdict {
  const tierRules = new Map<Tier, RuleResult>();
  let videoRule: RuleResult | undefined;
  for (const list of [result.results, result.failureResults]) {
    for (const rule of list) {
      const event = rule.event;
      if (event?.type === 'tier' && isTier(event.params?.tier)) tierRules.set(event.params.tier, compact(rule));
      else if (event?.type === 'video-membership') videoRule = compact(rule);
    }
  }
  if (tierRules.size !== TIERS.length || !videoRule) {
    throw new Error('the rules engine did not report a result for every tier rule and the video rule');
  }
  let qualifyingTier: Tier | null = null;
  for (const tier of TIERS) if (tierRules.get(tier)!.result) qualifyingTier = tier;
  const next = tierAbove(qualifyingTier);
  const nextRule = next ? tierRules.get(next) : undefined;
  const capLeaf = nextRule && evaluatedLeaves(nextRule.conditions).find((l) => l.result === false && facts.get(l.fact)?.role === 'countryCap');
  const gap = next && !capLeaf ? gapFrom(next, nextRule!, facts, member) : null;
  return { tierRules, videoRule, qualifyingTier, videoMember: videoRule.result === true, next, capLeaf, gap };
}

/** A member's decision; its explanation sentences are written only if somebody reads them. */
class MemberDecision implements Decision {
  readonly qualifyingTier: Tier | null;
  readonly videoMember: boolean;
  readonly nextTier: TierGap | null;
  readonly nextTierBlockedBy: string | null;
  readonly items: Decision['items'];
  private lines: string[] | undefined;

  constructor(
    private readonly member: MemberSummary,
    private readonly verdict: Verdict,
    private readonly facts: Facts,
    readonly policyVersion: string,
  ) {
    this.qualifyingTier = verdict.qualifyingTier;
    this.videoMember = verdict.videoMember;
    this.nextTier = verdict.gap && { ...verdict.gap };
    // Honest null: no equipment can reach the next tier from this country.
    this.nextTierBlockedBy = verdict.capLeaf ? describe(verdict.capLeaf, facts, member) : null;
    this.items = member.items;
  }

  get explanation(): string[] {
    return (this.lines ??= this.explain());
  }

  private explain(): string[] {
    const { member, verdict, facts } = this;
    const lines = [verdict.qualifyingTier ? `Qualifies for ${verdict.qualifyingTier}.` : 'Qualifies for no tier (below SILVER).'];
    for (const tier of TIERS) lines.push(ruleSentence(verdict.tierRules.get(tier)!, facts, member));
    lines.push(ruleSentence(verdict.videoRule, facts, member));
    const next = verdict.next;
    if (next && this.nextTierBlockedBy) lines.push(`${next} cannot be reached: ${this.nextTierBlockedBy}.`);
    else if (next) {
      for (const item of member.items) {
        if (item.counts && item.countsAs !== 'PRO_VIDEO' && !item.countsTowards.includes(next)) {
          lines.push(`${item.model} cannot count towards ${next}: its cap is ${item.cap}.`);
        }
      }
    }
    for (const item of member.items) {
      if (!item.counts) lines.push(`${item.model} does not count (${item.reason}).`);
    }
    return lines;
  }

  toJSON(): Decision {
    const { qualifyingTier, videoMember, nextTier, nextTierBlockedBy, items, explanation, policyVersion } = this;
    return { qualifyingTier, videoMember, nextTier, nextTierBlockedBy, items, explanation, policyVersion };
  }
}

export function decide(member: MemberSummary, verdict: Verdict, facts: Facts, policyVersion: string): Decision {
  return new MemberDecision(member, verdict, facts, policyVersion);
}
