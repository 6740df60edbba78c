// Turns the engine's rule results into a Decision: the tier, the next-tier gap and the explanation all
// come from the conditions the engine evaluated (factResult, result), not from a second calculation.
import type { EngineResult, RuleResult } from 'json-rules-engine';
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

export function decide(member: MemberSummary, result: EngineResult, facts: Facts, policyVersion: string): Decision {
  const tierRules = new Map<Tier, RuleResult>();
  let videoRule: RuleResult | undefined;
  for (const rule of [...result.results, ...result.failureResults]) {
    const event = rule.event;
    if (event?.type === 'tier' && isTier(event.params?.tier)) tierRules.set(event.params.tier, rule);
    else if (event?.type === 'video-membership') videoRule = rule;
  }
  if (tierRules.size !== TIERS.length || !videoRule) {
    throw new Error('the rules engine did not report a result for every tier rule and the video rule');
  }

  let qualifyingTier: Tier | null = null;
  for (const tier of TIERS) if (tierRules.get(tier)!.result) qualifyingTier = tier;
  const videoMember = videoRule.result === true;

  const explanation = [qualifyingTier ? `Qualifies for ${qualifyingTier}.` : 'Qualifies for no tier (below SILVER).'];
  for (const tier of TIERS) explanation.push(ruleSentence(tierRules.get(tier)!, facts, member));
  explanation.push(ruleSentence(videoRule, facts, member));

  let nextTier: TierGap | null = null;
  let nextTierBlockedBy: string | null = null;
  const next = tierAbove(qualifyingTier);
  if (next) {
    const rule = tierRules.get(next)!;
    const cap = evaluatedLeaves(rule.conditions).find((l) => l.result === false && facts.get(l.fact)?.role === 'countryCap');
    if (cap) {
      // Honest null: no equipment can reach the next tier from this country.
      nextTierBlockedBy = describe(cap, facts, member);
      explanation.push(`${next} cannot be reached: ${nextTierBlockedBy}.`);
    } else {
      nextTier = gapFrom(next, rule, facts, member);
      for (const item of member.items) {
        if (item.counts && item.countsAs !== 'PRO_VIDEO' && !item.countsTowards.includes(next)) {
          explanation.push(`${item.model} cannot count towards ${next}: its cap is ${item.cap}.`);
        }
      }
    }
  }
  for (const item of member.items) {
    if (!item.counts) explanation.push(`${item.model} does not count (${item.reason}).`);
  }

  return { qualifyingTier, videoMember, nextTier, nextTierBlockedBy, items: member.items, explanation, policyVersion };
}
