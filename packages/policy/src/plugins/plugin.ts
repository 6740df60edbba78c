// The contract between the loader and a pack kind. One plugin module per kind: adding a new kind of
// rule means adding a module here and listing it in ./index.ts; adding a number, product or country
// is a JSON edit only.
import type { RuleProperties } from 'json-rules-engine';
import type { Benefit, CountryRule, MemberFacts, PackInfo, PolicyProblem, ProductRule, Tier, TierGap, SupportContact } from '../types';
import type { MemberSummary } from '../member-summary';
import type { Words } from '../texts';

/** A value plus where it came from, so cross-pack problems can name both places. */
export interface Sourced<T> {
  value: T;
  file: string;
  pointer: string;
}

/** What a json-rules-engine rule decides: its event says which. */
export type EngineRulePurpose = { kind: 'tier'; tier: Tier } | { kind: 'video' };

export interface EngineRuleEntry {
  purpose: EngineRulePurpose;
  properties: RuleProperties;
  file: string;
  pointer: string; // of the rule inside its file
}

export interface PolicyTestCase {
  name: string;
  facts: MemberFacts;
  expect: { tier: Tier | null; videoMember?: boolean; nextTier?: TierGap | null };
}

/** The policy being assembled from the packs, before it is compiled. */
export interface PolicyDraft {
  readonly dir: string;
  readonly products: Map<string, Sourced<ProductRule>>; // exact model -> rule
  readonly countries: Map<string, Sourced<CountryRule>>; // code -> rule
  readonly engineRules: EngineRuleEntry[];
  readonly benefits: {
    file: string | null;
    tiers: Map<Tier, Array<Sourced<Benefit>>>;
    video: Array<Sourced<Benefit>>;
    otherRegionCard: Array<Sourced<Benefit>>;
    support?: SupportContact | null;
    /** The benefits pack says `"fallback": "en"`: a benefit without a language's words is served in English. */
    fallback?: boolean;
  };
  /** language -> its texts pack (kind "texts"). */
  readonly texts: Map<string, Sourced<{ texts: Readonly<Record<string, string>>; fallback: boolean }>>;
  readonly tests: Array<Sourced<PolicyTestCase>>;
  readonly packs: PackInfo[];
}

/** A leaf condition after the engine ran: what it asked and what it found. */
export interface ConditionOutcome {
  fact: string;
  params?: Record<string, unknown>;
  operator: string;
  value: unknown;
  factResult?: unknown;
  result?: boolean;
}

/**
 * A fact rules may use. Facts are computed from the member summary, which is built once per member,
 * so the engine never walks the items itself.
 * role tells the decision builder what the fact means for the next-tier gap.
 */
export interface FactDefinition {
  id: string;
  description: string;
  role?: 'bodies' | 'lenses' | 'countryCap';
  /** A message when the condition's params are wrong, else null. */
  checkParams?(params: Record<string, unknown> | undefined): string | null;
  value(member: MemberSummary, params: Record<string, unknown>): unknown;
  /** A sentence fragment for the explanation, e.g. "1 body counts towards Gold (at least 2 needed)", in words for any language. */
  describe(outcome: ConditionOutcome, member: MemberSummary): Words;
}

/** A custom json-rules-engine operator. */
export interface OperatorDefinition {
  name: string;
  description: string;
  /** A message when a condition's value cannot be compared by this operator, else null. */
  checkValue?(value: unknown): string | null;
  evaluate(factValue: unknown, compareTo: unknown): boolean;
}

/** What a cross-pack check can ask about the engine vocabulary. */
export interface CheckContext {
  facts: ReadonlyMap<string, FactDefinition>;
  operators: ReadonlyMap<string, OperatorDefinition>;
  /** True for built-in json-rules-engine operators (also decorated, e.g. "not:equal") and plugin operators. */
  isOperator(name: string): boolean;
}

export interface PackPlugin<TPack = any> {
  readonly kind: string;
  /** One line for people: what packs of this kind hold. */
  readonly title: string;
  readonly schema: object;
  readonly facts?: readonly FactDefinition[];
  readonly operators?: readonly OperatorDefinition[];
  /** Adds a pack that passed the schema to the draft; returns problems such as duplicates. */
  contribute(pack: TPack, file: string, draft: PolicyDraft): PolicyProblem[];
  /** Checks across all packs, run once every pack is in. */
  check?(draft: PolicyDraft, context: CheckContext): PolicyProblem[];
}
