import { Fact } from 'json-rules-engine';
import type { Benefit, BenefitEntry, CountryRule, Decision, MemberFacts, PackInfo, Policy, PolicyProblem, ProductRule, SupportContact, Tier } from './types';
import { BASE_LANGUAGE, type Texts } from './texts';
import { compileTexts } from './texts-in';
import { textCoverage } from './plugins/texts';
import { benefitTextCoverage } from './plugins/benefits';
import { countryNameCoverage } from './plugins/country';
import { tierRank, TIERS } from './tiers';
import { EngineResultMemo, type VerdictMemoStats } from './engine-memo';
import { buildEngine, EnginePool } from './engine-pool';
import { decide } from './decide';
import { indexProducts, summariseMember, type MemberSummary, type ProductEntry } from './member-summary';
import type { FactDefinition, OperatorDefinition, PolicyDraft } from './plugins/plugin';
import { dealerKey } from './dealer-names';
import type { RuleFile } from './rule-files';

/** The benefit a country offers only where its pack says `onSiteSupport` (the source: "in bestimmten europäischen Ländern"). */
export const ON_SITE_SUPPORT = 'ON_SITE_SUPPORT';

/** A benefit in one language: its translation there, else its English words. */
function inLanguage(entry: BenefitEntry, language: string): Benefit {
  const words = entry.translations?.[language];
  return Object.freeze({ code: entry.code, name: words?.name ?? entry.name, description: words?.description ?? entry.description });
}

/** Benefits of a tier include those of the tiers below; a same-code benefit of a higher tier replaces the lower one. */
function benefitTable(draft: PolicyDraft, language: string): Map<string, readonly Benefit[]> {
  const table = new Map<string, readonly Benefit[]>();
  const video = draft.benefits.video.map((b) => inLanguage(b.value, language));
  for (const tier of [null, ...TIERS] as Array<Tier | null>) {
    const byCode = new Map<string, Benefit>();
    for (const t of TIERS) {
      if (tierRank(t) > tierRank(tier)) break;
      for (const b of draft.benefits.tiers.get(t) ?? []) byCode.set(b.value.code, inLanguage(b.value, language));
    }
    table.set(`${tier}|false`, Object.freeze([...byCode.values()]));
    for (const b of video) byCode.set(b.code, b);
    table.set(`${tier}|true`, Object.freeze([...byCode.values()]));
  }
  return table;
}

/** One language's texts; what its pack lacks (only where the pack falls back) is English's. */
function textsOf(draft: PolicyDraft, language: string, countries: ReadonlyMap<string, CountryRule>): Texts {
  return compileTexts(language, draft.texts.get(language)?.value.texts ?? {}, draft.texts.get(BASE_LANGUAGE)?.value.texts ?? {}, countries);
}

/** A loaded, checked policy: immutable, and safe to evaluate concurrently. */
export class CompiledPolicy implements Policy {
  private readonly productIndex: ReadonlyMap<string, ProductEntry>;
  private readonly countryIndex: ReadonlyMap<string, CountryRule>;
  private readonly countriesByName: readonly CountryRule[];
  /** Per country: dealer key (see dealerKey) -> the dealer's name. */
  private readonly dealersByKey: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** language -> tier|video -> benefits in that language. */
  private readonly benefitsBy: ReadonlyMap<string, Map<string, readonly Benefit[]>>;
  private readonly textsBy: ReadonlyMap<string, Texts>;
  private readonly fallbacks: readonly PolicyProblem[];
  private readonly factsById: ReadonlyMap<string, FactDefinition>;
  private readonly engines: EnginePool;
  private readonly memo: EngineResultMemo;
  private readonly packList: readonly PackInfo[];
  private readonly otherRegionCard: ReadonlyMap<string, readonly Benefit[]>;
  private readonly support: SupportContact | null;

  constructor(
    readonly version: string,
    readonly dir: string,
    private readonly sources: readonly RuleFile[],
    draft: PolicyDraft,
    facts: readonly FactDefinition[],
    operators: readonly OperatorDefinition[],
    /** Verdicts remembered by fact values (LoadOptions.verdictMemo; 0: none). */
    verdictMemo?: number,
  ) {
    this.productIndex = indexProducts([...draft.products.values()].map((p) => p.value));
    this.countryIndex = new Map([...draft.countries].map(([code, c]) => [code, c.value]));
    this.dealersByKey = new Map(
      [...this.countryIndex.values()].map((c) => [c.code, new Map(c.dealers.flatMap((d) => [d.name, ...d.spellings].map((w) => [dealerKey(w), d.name])))]),
    );
    this.countriesByName = Object.freeze([...this.countryIndex.values()].sort((a, b) => a.name.localeCompare(b.name, 'en')));
    const languages = [BASE_LANGUAGE, ...[...draft.texts.keys()].filter((l) => l !== BASE_LANGUAGE).sort()];
    this.benefitsBy = new Map(languages.map((l) => [l, benefitTable(draft, l)]));
    this.otherRegionCard = new Map(languages.map((l) => [l, Object.freeze(draft.benefits.otherRegionCard.map((b) => inLanguage(b.value, l)))]));
    this.textsBy = new Map(languages.map((l) => [l, textsOf(draft, l, this.countryIndex)]));
    this.fallbacks = Object.freeze([...textCoverage(draft).fallbacks, ...benefitTextCoverage(draft).fallbacks, ...countryNameCoverage(draft).fallbacks]);
    this.support = draft.benefits.support ?? null;
    this.factsById = new Map(facts.map((f) => [f.id, f]));
    this.packList = Object.freeze(draft.packs.map((p) => Object.freeze({ ...p })));
    const rules = draft.engineRules.map((r) => r.properties);
    this.engines = new EnginePool(() => buildEngine(rules, operators));
    this.memo = new EngineResultMemo(rules, this.factsById, verdictMemo);
  }

  /** Per-member facts for one engine run: each reads the summary computed once for this member. */
  private runtimeFacts(member: MemberSummary): Record<string, Fact> {
    const facts: Record<string, Fact> = {};
    for (const def of this.factsById.values()) {
      // cache: false — values are cheap lookups, and hashing params for the cache would cost more.
      facts[def.id] = new Fact(def.id, (params: Record<string, unknown>) => def.value(member, params), { cache: false });
    }
    return facts;
  }

  async evaluate(facts: MemberFacts): Promise<Decision> {
    const member = summariseMember(facts, this.productIndex, this.countryIndex);
    const verdict = await this.memo.verdictFor(member, () => this.engines.run(this.runtimeFacts(member)));
    return decide(member, verdict, this.factsById, this.version);
  }

  verdictMemoStats(): VerdictMemoStats {
    return this.memo.stats();
  }

  supportContact(): SupportContact | null {
    return this.support;
  }

  languages(): string[] {
    return [...this.textsBy.keys()];
  }

  texts(language: string): Texts {
    return this.textsBy.get(language) ?? this.textsBy.get(BASE_LANGUAGE)!;
  }

  textFallbacks(): PolicyProblem[] {
    return [...this.fallbacks];
  }

  otherRegionCardBenefits(language: string = BASE_LANGUAGE): Benefit[] {
    return [...(this.otherRegionCard.get(language) ?? this.otherRegionCard.get(BASE_LANGUAGE)!)];
  }

  benefits(tier: Tier | null, videoMember: boolean, countryCode?: string, language: string = BASE_LANGUAGE): Benefit[] {
    const table = this.benefitsBy.get(language) ?? this.benefitsBy.get(BASE_LANGUAGE)!;
    const all = table.get(`${tier}|${videoMember}`) ?? [];
    const country = countryCode === undefined ? undefined : this.country(countryCode);
    return country && !country.onSiteSupport ? all.filter((b) => b.code !== ON_SITE_SUPPORT) : [...all];
  }

  authorisedDealer(countryCode: string, typed: string): string | null {
    return this.dealersByKey.get(countryCode.toUpperCase())?.get(dealerKey(typed)) ?? null;
  }

  product(model: string): ProductRule | undefined {
    return this.productIndex.get(model)?.rule; // exact name only: near-identical names are different products
  }

  products(): ProductRule[] {
    return [...this.productIndex.values()].map((p) => p.rule);
  }

  country(code: string): CountryRule | undefined {
    return this.countryIndex.get(code.toUpperCase());
  }

  countries(): CountryRule[] {
    return [...this.countriesByName];
  }

  files(): RuleFile[] {
    return [...this.sources];
  }

  packs(): PackInfo[] {
    return [...this.packList];
  }
}
