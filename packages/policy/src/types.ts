// The public shapes of the policy library. The subgraphs build on exactly these.
import type { Texts, Words } from './texts';

/** Membership tiers, lowest first: one type for the policy, the entities and the GraphQL enum. */
export const Tier = { SILVER: 'SILVER', GOLD: 'GOLD', PLATINUM: 'PLATINUM' } as const;
export type Tier = (typeof Tier)[keyof typeof Tier];
export type CountsAs = 'BODY' | 'LENS' | 'PRO_VIDEO';

/** The programme's support address (policy data): shown to members where they need it. */
export interface SupportContact {
  email: string;
  phone?: string;
}

export interface Benefit {
  code: string;
  name: string;
  description: string;
}

/** A benefit as its pack holds it: English words, and each other language's under `translations`. */
export interface BenefitEntry extends Benefit {
  translations?: Readonly<Record<string, { name: string; description: string }>>;
}

export interface CountryRule {
  code: string; // ISO 3166-1 alpha-2
  name: string; // English
  /** The name in other languages (`translations.de.name`), kept by the regional team; see country-names.ts. */
  translations: Readonly<Record<string, { name: string }>>;
  maxTier: Tier; // SILVER = Silver-only
  /** The country's main language (ISO 639-1), e.g. "de". */
  language: string;
  /** Who validates second-hand registrations of buyers living there, and writes to them. */
  handlerTeam: HandlerTeam;
  /** Whether on-site support (the ON_SITE_SUPPORT benefit) is offered there. */
  onSiteSupport: boolean;
  servicePoint: ServicePoint;
  /** Authorised dealers, by the name shown; `spellings` are other ways members write the same dealer. */
  dealers: ReadonlyArray<{ name: string; spellings: readonly string[] }>;
  /**
   * Closed by the programme (`"closed": true`, usually in a scheduled version): no sign-ups or moves
   * into it; its members keep their accounts and qualify for no tier, so their held tiers fall at
   * the next 1 January run. The file stays while members live there.
   */
  closed: boolean;
}

export interface HandlerTeam {
  name: string;
  email: string;
  /** The language the team reads and writes (ISO 639-1): its pack's `language`, else the country's. */
  language: string;
}

export interface ServicePoint {
  name: string;
  address: string;
  phone?: string;
}

export interface ProductRule {
  model: string; // exact catalogue model name
  countsAs: CountsAs;
  cap: Tier | null; // null for Pro Video
  supported: boolean; // false = discontinued, counts for nothing
}

/** What the policy needs to know about one member. status: ACTIVE | PENDING_TRANSFER | TRANSFERRED | REJECTED | REMOVED */
export interface MemberFacts {
  countryCode: string;
  items: Array<{ id: string; model: string; status: string }>;
}

export interface ItemDecision {
  id: string;
  model: string;
  countsAs: CountsAs | null;
  cap: Tier | null;
  supported: boolean;
  counts: boolean;
  countsTowards: Tier[];
  /** Why it counts (or not), to be written in the reader's language (`texts.words`). */
  reason: Words;
}

export interface TierGap {
  tier: Tier;
  missingBodies: number;
  missingLenses: number;
}

export interface Decision {
  qualifyingTier: Tier | null;
  videoMember: boolean;
  nextTier: TierGap | null;
  /** Why no equipment reaches the next tier ("Estonia (EE) is Silver-only"), in words for any language. */
  nextTierBlockedBy: Words | null;
  items: ItemDecision[];
  /** Which tier rules passed or failed and why, one sentence each, in words for any language. */
  explanation: Words[];
  policyVersion: string;
}

export interface PolicyProblem {
  file: string; // relative to the rules directory, '/'-separated
  pointer: string; // JSON pointer into that file ('' = the whole file)
  message: string;
}

/** One rule file as it was loaded. */
export interface PackInfo {
  file: string;
  kind: string;
  version: string;
}

export interface Policy {
  readonly version: string;
  readonly dir: string;
  evaluate(facts: MemberFacts): Promise<Decision>;
  /**
   * With `countryCode`, only what is offered in that country (on-site support only where the country pack offers it);
   * in `language` where the policy has it (see `languages`), else in English.
   */
  benefits(tier: Tier | null, videoMember: boolean, countryCode?: string, language?: string): Benefit[];
  /** What a valid card of another region's programme gets here (priority, not the tier benefits). */
  otherRegionCardBenefits(language?: string): Benefit[];
  /** The languages the policy has texts in (a texts pack each), English first. */
  languages(): string[];
  /** The texts of a language the policy has, else English's. */
  texts(language: string): Texts;
  /** The texts a pack lets English stand in for (`"fallback": "en"`): validate lists them as notes. */
  textFallbacks(): PolicyProblem[];
  /** Where members with a problem (a registration, an overdue card) write to; null if the rules name none. */
  supportContact(): SupportContact | null;
  product(model: string): ProductRule | undefined;
  products(): ProductRule[];
  country(code: string): CountryRule | undefined;
  /** The authorised dealer of that country a member's typed name stands for (case, spacing and punctuation ignored), or null. */
  authorisedDealer(countryCode: string, typed: string): string | null;
  countries(): CountryRule[];
  /** The packs the policy was compiled from, in file order (an addition to the agreed API). */
  packs(): PackInfo[];
  /** The rule files it was compiled from, exactly (their hash is `version`): what members keeps of each version. */
  files(): Array<{ file: string; text: string }>;
  /** How often evaluate reused a verdict of the engine rather than running it (the benchmark reports it). */
  verdictMemoStats(): { hits: number; misses: number; entries: number; limit: number };
}

export type ExtraChecks = (policy: Policy) => PolicyProblem[] | Promise<PolicyProblem[]>;

export interface LoadOptions {
  extraChecks?: ExtraChecks;
  /** Also run the policy-tests packs and refuse the policy when a case fails. validatePolicy always does. */
  runPolicyTests?: boolean;
  /**
   * How many engine verdicts evaluate remembers by fact values (default 10,000, least recently used
   * out; 0: none, the engine decides every member). The benchmark times the engine with 0.
   */
  verdictMemo?: number;
}
