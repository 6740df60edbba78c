// Turns a verdict into one member's Decision: the tier, the next-tier gap and the explanation all
// come from the conditions the engine evaluated (factResult, result), not from a second calculation.
// The explanation is words (texts and their values), written in a language only when read.
import type { RuleResult } from 'json-rules-engine';
import type { Verdict } from './verdict';
import type { Decision, Tier, TierGap } from './types';
import { TIERS } from './tiers';
import { requirementWords, tierPhrase } from './condition-text';
import { evaluatedLeaves } from './rule-conditions';
import { phrase, type Words } from './texts';
import type { ConditionOutcome, FactDefinition } from './plugins/plugin';
import type { MemberSummary } from './member-summary';

type Facts = ReadonlyMap<string, FactDefinition>;

function describe(outcome: ConditionOutcome, facts: Facts, member: MemberSummary): Words {
  const fact = facts.get(outcome.fact);
  if (fact) return fact.describe(outcome, member);
  return phrase('explain.fact', { fact: outcome.fact, requirement: requirementWords(outcome.operator, outcome.value), found: JSON.stringify(outcome.factResult) ?? 'nothing' });
}

/**
 * "Rule "Gold": not met — 1 body counts towards Gold (at least 2 needed). Met: ..." A rule is named
 * by what it decides (the tier, or video membership), so its name reads in every language.
 */
function ruleSentence(rule: RuleResult, name: Words, facts: Facts, member: MemberSummary): Words {
  // Conditions the engine skipped (short-circuited) have no result and are left out.
  const leaves = evaluatedLeaves(rule.conditions).filter((l) => l.result !== undefined);
  const met = { list: leaves.filter((l) => l.result).map((l) => describe(l, facts, member)) };
  if (rule.result) return phrase('explain.ruleMet', { rule: name, met });
  const unmet = { list: leaves.filter((l) => !l.result).map((l) => describe(l, facts, member)) };
  return phrase(met.list.length ? 'explain.ruleNotMetButMet' : 'explain.ruleNotMet', { rule: name, unmet, met });
}

/** A member's decision; its explanation sentences are written only if somebody reads them. */
class MemberDecision implements Decision {
  readonly qualifyingTier: Tier | null;
  readonly videoMember: boolean;
  readonly nextTier: TierGap | null;
  readonly nextTierBlockedBy: Words | null;
  readonly items: Decision['items'];
  private lines: Words[] | undefined;

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

  get explanation(): Words[] {
    return (this.lines ??= this.explain());
  }

  private explain(): Words[] {
    const { member, verdict, facts } = this;
    const lines = [verdict.qualifyingTier ? phrase('explain.qualifies', { tier: tierPhrase(verdict.qualifyingTier) }) : phrase('explain.qualifiesForNone')];
    for (const tier of TIERS) lines.push(ruleSentence(verdict.tierRules.get(tier)!, tierPhrase(tier), facts, member));
    lines.push(ruleSentence(verdict.videoRule, phrase('explain.videoRule'), facts, member));
    const next = verdict.next;
    if (next && this.nextTierBlockedBy) lines.push(phrase('explain.blocked', { tier: tierPhrase(next), why: this.nextTierBlockedBy }));
    else if (next) {
      for (const item of member.items) {
        if (item.counts && item.countsAs !== 'PRO_VIDEO' && !item.countsTowards.includes(next)) {
          lines.push(phrase('explain.capped', { model: item.model, tier: tierPhrase(next), cap: tierPhrase(item.cap) }));
        }
      }
    }
    for (const item of member.items) {
      if (!item.counts) lines.push(phrase('explain.notCounting', { model: item.model, reason: item.reason }));
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
