// Turns a verdict into one member's Decision: the tier, the next-tier gap and the explanation all
// come from the conditions the engine evaluated (factResult, result), not from a second calculation.
import type { RuleResult } from 'json-rules-engine';
import type { Verdict } from './verdict';
import type { Decision, Tier, TierGap } from './types';
import { TIERS } from './tiers';
import { requirementText } from './condition-text';
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
