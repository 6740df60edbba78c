// What the engine decided for one combination of fact values: the tier rules' results, the
// qualifying tier, video membership and the gap to the next tier. Shared by every member with
// those facts (engine-memo.ts remembers them); decide.ts explains a verdict for one member.
import type { EngineResult, RuleResult } from 'json-rules-engine';
import type { Tier, TierGap } from './types';
import { isTier, tierAbove, TIERS } from './tiers';
import { minimumRequired } from './condition-text';
import { evaluatedLeaves } from './rule-conditions';
import type { ConditionOutcome, FactDefinition } from './plugins/plugin';
import type { MemberSummary } from './member-summary';

/** What a verdict reads of a run: the rule results, without the run's almanac (which holds the member). */
export type RuleVerdicts = Pick<EngineResult, 'results' | 'failureResults'>;

type Facts = ReadonlyMap<string, FactDefinition>;

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

