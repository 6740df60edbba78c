// Kind "tier-thresholds": the json-rules-engine rules that decide the tiers and video membership,
// plus the facts and the tierAtLeast operator those rules are written with.
import type { RuleProperties, TopLevelCondition } from 'json-rules-engine';
import type { PolicyProblem, Tier } from '../types';
import { pointer, problem } from '../problems';
import { packHeaderProperties, TIER_SCHEMA } from '../schema-validation';
import { isTier, tierRank, TIERS } from '../tiers';
import { minimumRequired, plural, requirementWords, tierPhrase } from '../condition-text';
import { phrase, type TextKey } from '../texts';
import { checkConditions, topLevelAllLeaves } from '../rule-conditions';
import type { CheckContext, EngineRuleEntry, FactDefinition, OperatorDefinition, PackPlugin, PolicyDraft } from './plugin';

interface RuleJson {
  name: string;
  description?: string;
  priority?: number;
  conditions: TopLevelCondition;
  event: { type: 'tier' | 'video-membership'; params?: { tier?: Tier } };
}

interface TiersPack {
  kind: 'tier-thresholds';
  version: string;
  rules: RuleJson[];
}

// ---- facts and operators the rules are written with ----

function checkTierParam(params: Record<string, unknown> | undefined): string | null {
  return isTier(params?.tier) ? null : 'needs "params": {"tier": "SILVER" | "GOLD" | "PLATINUM"}';
}

function countFact(id: string, role: 'bodies' | 'lenses', many: string, one: TextKey, other: TextKey): FactDefinition {
  return {
    id,
    role,
    description: `number of ACTIVE items of supported ${many} whose cap is at least params.tier`,
    checkParams: checkTierParam,
    value: (member, params) => member[role][params.tier as Tier] ?? 0,
    describe: (o) => ({
      count: Number(o.factResult ?? 0),
      one,
      other,
      params: { tier: isTier(o.params?.tier) ? tierPhrase(o.params.tier) : String(o.params?.tier), requirement: requirementWords(o.operator, o.value) },
    }),
  };
}

export const tierFacts: readonly FactDefinition[] = [
  countFact('bodiesCountingTowards', 'bodies', 'bodies', 'explain.bodies.one', 'explain.bodies.other'),
  countFact('lensesCountingTowards', 'lenses', 'lenses', 'explain.lenses.one', 'explain.lenses.other'),
  {
    id: 'countryMaxTier',
    role: 'countryCap',
    description: "the cap (maxTier) of the member's address country; null outside the programme countries and in a closed one",
    value: (member) => (member.country && !member.country.closed ? member.country.maxTier : null),
    describe: (o, member) => {
      const c = member.country;
      if (!c) return phrase('explain.notProgrammeCountry', { code: member.countryCode });
      const named = { country: { country: c.code }, code: c.code };
      if (c.closed) return phrase('explain.countryLeft', named);
      if (o.result) return phrase('explain.countryAllows', { ...named, tier: tierPhrase(c.maxTier) });
      return c.maxTier === 'SILVER' ? phrase('explain.silverOnly', named) : phrase('explain.cappedAt', { ...named, tier: tierPhrase(c.maxTier) });
    },
  },
  {
    id: 'proVideoItems',
    description: 'number of ACTIVE items of supported Pro Video products',
    value: (member) => member.proVideo,
    describe: (o) => ({
      count: Number(o.factResult ?? 0),
      one: 'explain.proVideo.one',
      other: 'explain.proVideo.other',
      params: { requirement: requirementWords(o.operator, o.value) },
    }),
  },
];

export const tierOperators: readonly OperatorDefinition[] = [
  {
    name: 'tierAtLeast',
    description: 'true when the fact is a tier at or above the value, in the order SILVER < GOLD < PLATINUM',
    checkValue: (value) => (isTier(value) ? null : `tierAtLeast compares with a tier: SILVER, GOLD or PLATINUM (got ${JSON.stringify(value)})`),
    evaluate: (factValue, compareTo) => isTier(factValue) && isTier(compareTo) && tierRank(factValue) >= tierRank(compareTo),
  },
];

// ---- schema ----

const conditionSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    all: { type: 'array', items: { $ref: '#/$defs/condition' } },
    any: { type: 'array', items: { $ref: '#/$defs/condition' } },
    not: { $ref: '#/$defs/condition' },
    fact: { type: 'string', minLength: 1 },
    operator: { type: 'string', minLength: 1 },
    value: {},
    params: { type: 'object' },
    path: { type: 'string' },
    name: { type: 'string' },
    priority: { type: 'integer', minimum: 1 },
  },
};

const schema = {
  $defs: { condition: conditionSchema },
  type: 'object',
  required: ['kind', 'version', 'rules'],
  additionalProperties: false,
  properties: {
    ...packHeaderProperties('tier-thresholds'),
    rules: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'conditions', 'event'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          priority: { type: 'integer', minimum: 1 },
          conditions: { $ref: '#/$defs/condition' },
          event: {
            type: 'object',
            required: ['type'],
            additionalProperties: false,
            properties: {
              type: { enum: ['tier', 'video-membership'] },
              params: { type: 'object', additionalProperties: false, properties: { tier: TIER_SCHEMA } },
            },
            if: { properties: { type: { const: 'tier' } } },
            then: { required: ['params'], properties: { params: { type: 'object', required: ['tier'], properties: { tier: TIER_SCHEMA } } } },
          },
        },
      },
    },
  },
};

// ---- cross-pack checks ----

interface Threshold {
  min: number;
  pointer: string;
}

interface TierRequirement {
  entry: EngineRuleEntry;
  bodies?: Threshold;
  lenses?: Threshold;
}

const COUNT_FACT = { bodies: 'bodiesCountingTowards', lenses: 'lensesCountingTowards' } as const;

/** Reads a tier rule's body and lens minimums and checks it respects the country cap. */
function readRequirement(entry: EngineRuleEntry, tier: Tier): { requirement: TierRequirement; problems: PolicyProblem[] } {
  const { file } = entry;
  const at = `${entry.pointer}/conditions`;
  const requirement: TierRequirement = { entry };
  const leaves = topLevelAllLeaves(entry.properties.conditions, at);
  if (!leaves) {
    return { requirement, problems: [problem(file, at, `the ${tier} rule's conditions must be an "all" list, so its thresholds can be read`)] };
  }
  const problems: PolicyProblem[] = [];
  let checksCap = false;
  for (const { leaf, pointer: p } of leaves) {
    if (leaf.fact === 'countryMaxTier' && leaf.operator === 'tierAtLeast' && leaf.value === tier) checksCap = true;
    for (const role of ['bodies', 'lenses'] as const) {
      if (leaf.fact !== COUNT_FACT[role]) continue;
      const counted = (leaf.params as { tier?: unknown } | undefined)?.tier;
      const min = minimumRequired(String(leaf.operator), leaf.value);
      if (counted !== tier) {
        problems.push(problem(file, `${p}/params/tier`, `the ${tier} rule must count ${role} towards ${tier} (got ${JSON.stringify(counted)})`));
      } else if (min === undefined || !Number.isInteger(leaf.value) || (leaf.value as number) < 0) {
        problems.push(problem(file, p, `a ${role} threshold must be "greaterThanInclusive" (or "greaterThan") a whole number of 0 or more`));
      } else if (requirement[role]) {
        problems.push(problem(file, p, `the ${tier} rule has two ${role} thresholds`));
      } else {
        requirement[role] = { min, pointer: p };
      }
    }
  }
  for (const role of ['bodies', 'lenses'] as const) {
    if (!requirement[role]) {
      problems.push(problem(file, at, `the ${tier} rule has no ${role} threshold ({"fact": "${COUNT_FACT[role]}", "params": {"tier": "${tier}"}, "operator": "greaterThanInclusive", "value": ...})`));
    }
  }
  if (!checksCap) {
    problems.push(problem(file, at, `the ${tier} rule must respect the country's cap: add {"fact": "countryMaxTier", "operator": "tierAtLeast", "value": "${tier}"}`));
  }
  return { requirement, problems };
}

/** A higher tier must never be easier to reach than the tier below it. */
function checkOrder(lowerTier: Tier, lower: TierRequirement, higherTier: Tier, higher: TierRequirement): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const [role, one, many] of [['bodies', 'body', 'bodies'], ['lenses', 'lens', 'lenses']] as const) {
    const lo = lower[role];
    const hi = higher[role];
    if (lo && hi && hi.min < lo.min) {
      problems.push(
        problem(higher.entry.file, hi.pointer,
          `${higherTier} would be easier than ${lowerTier}: ${higherTier} needs ${plural(hi.min, one, many)}, ${lowerTier} needs ${plural(lo.min, one, many)}`),
      );
    }
  }
  return problems;
}

function checkTierRules(draft: PolicyDraft): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const requirements = new Map<Tier, TierRequirement>();
  const anyFile = draft.engineRules[0]?.file ?? '';

  for (const tier of TIERS) {
    const rules = draft.engineRules.filter((r) => r.purpose.kind === 'tier' && r.purpose.tier === tier);
    if (rules.length === 0) {
      problems.push(problem(anyFile, '', `missing tier: no rule decides ${tier} (a rule with "event": {"type": "tier", "params": {"tier": "${tier}"}})`));
      continue;
    }
    for (const extra of rules.slice(1)) {
      problems.push(problem(extra.file, extra.pointer, `a second rule for ${tier}: already decided by ${rules[0].file}#${rules[0].pointer}`));
    }
    const { requirement, problems: found } = readRequirement(rules[0], tier);
    problems.push(...found);
    requirements.set(tier, requirement);
  }
  for (let i = 1; i < TIERS.length; i++) {
    const lower = requirements.get(TIERS[i - 1]);
    const higher = requirements.get(TIERS[i]);
    if (lower && higher) problems.push(...checkOrder(TIERS[i - 1], lower, TIERS[i], higher));
  }

  const video = draft.engineRules.filter((r) => r.purpose.kind === 'video');
  if (video.length === 0) problems.push(problem(anyFile, '', 'missing video-membership rule (a rule with "event": {"type": "video-membership"})'));
  for (const extra of video.slice(1)) {
    problems.push(problem(extra.file, extra.pointer, `a second video-membership rule: already decided by ${video[0].file}#${video[0].pointer}`));
  }
  return problems;
}

export const tierThresholdsPlugin: PackPlugin<TiersPack> = {
  kind: 'tier-thresholds',
  title: 'json-rules-engine rules deciding SILVER, GOLD, PLATINUM and video membership',
  schema,
  facts: tierFacts,
  operators: tierOperators,

  contribute(pack, file, draft) {
    pack.rules.forEach((rule, index) => {
      const tier = rule.event.params?.tier;
      const properties: RuleProperties = {
        name: rule.name,
        conditions: structuredClone(rule.conditions),
        event: structuredClone(rule.event),
        ...(rule.priority ? { priority: rule.priority } : {}),
      };
      draft.engineRules.push({
        purpose: rule.event.type === 'tier' && tier ? { kind: 'tier', tier } : { kind: 'video' },
        properties,
        file,
        pointer: pointer('rules', index),
      });
    });
    return [];
  },

  check(draft, context: CheckContext) {
    const conditionProblems = draft.engineRules.flatMap((r) =>
      checkConditions(r.properties.conditions, r.file, `${r.pointer}/conditions`, context),
    );
    return [...conditionProblems, ...checkTierRules(draft)];
  },
};
