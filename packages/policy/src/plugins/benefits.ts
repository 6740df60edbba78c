// Kind "benefits": what each tier and video membership give. A tier has every benefit of the tiers
// below it; a benefit listed again at a higher tier (same code) replaces the lower version.
import type { BenefitEntry as Benefit, PolicyProblem, SupportContact, Tier } from '../types';
import { pointer, problem } from '../problems';
import { packHeaderProperties } from '../schema-validation';
import { TIERS } from '../tiers';
import { BASE_LANGUAGE } from '../texts';
import { FALLBACK_SCHEMA, LANGUAGE_SCHEMA, languageWords, TextCoverage } from './texts';
import type { PackPlugin, PolicyDraft, Sourced } from './plugin';

interface BenefitsPack {
  kind: 'benefits';
  version: string;
  tiers: Partial<Record<Tier, Benefit[]>>;
  videoMembership?: Benefit[];
  /** What a valid card of another region's programme gets here: not the European tier benefits. */
  otherRegionCard?: Benefit[];
  /** The programme's support: where problems with a registration or an overdue card go. */
  support?: SupportContact;
  /** "en": a benefit without a language's words is served in English (validate lists each as a note). */
  fallback?: typeof BASE_LANGUAGE;
}

const benefitSchema = {
  type: 'object',
  required: ['code', 'name', 'description'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', hint: 'a code in capitals and underscores, e.g. "EXPRESS_REPAIR"' },
    name: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    translations: {
      type: 'object',
      propertyNames: LANGUAGE_SCHEMA,
      additionalProperties: {
        type: 'object',
        required: ['name', 'description'],
        additionalProperties: false,
        properties: { name: { type: 'string', minLength: 1 }, description: { type: 'string', minLength: 1 } },
      },
    },
  },
};

const schema = {
  type: 'object',
  required: ['kind', 'version', 'tiers'],
  additionalProperties: false,
  properties: {
    ...packHeaderProperties('benefits'),
    fallback: FALLBACK_SCHEMA,
    tiers: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(TIERS.map((t) => [t, { type: 'array', items: benefitSchema }])),
    },
    videoMembership: { type: 'array', items: benefitSchema },
    otherRegionCard: { type: 'array', items: benefitSchema },
    support: {
      type: 'object',
      required: ['email'],
      additionalProperties: false,
      properties: {
        email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', hint: 'an e-mail address, e.g. "cps-support@example.com"' },
        phone: { type: 'string', minLength: 3 },
      },
    },
  },
};

function addList(list: Benefit[], file: string, at: string, into: Array<Sourced<Benefit>>): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  list.forEach((benefit, index) => {
    if (into.some((b) => b.value.code === benefit.code)) {
      problems.push(problem(file, `${at}/${index}/code`, `benefit "${benefit.code}" is listed twice here`));
      return;
    }
    into.push({ value: Object.freeze({ ...benefit }), file, pointer: `${at}/${index}` });
  });
  return problems;
}

const everyBenefit = (draft: PolicyDraft): Array<Sourced<Benefit>> => [
  ...TIERS.flatMap((tier) => draft.benefits.tiers.get(tier) ?? []),
  ...draft.benefits.video,
  ...draft.benefits.otherRegionCard,
];

/** Each benefit in every language the texts packs declare: a gap is a problem, or a note where the pack falls back to English. */
export function benefitTextCoverage(draft: PolicyDraft): TextCoverage {
  const coverage = new TextCoverage();
  const file = draft.benefits.file ?? '';
  const declared = [...draft.texts.keys()].filter((language) => language !== BASE_LANGUAGE);
  for (const { value, pointer: at } of everyBenefit(draft)) {
    for (const language of declared) {
      if (value.translations?.[language]) continue;
      coverage.gap(problem(file, `${at}/translations`, `benefit "${value.code}" has no ${languageWords(language)} name and description`), Boolean(draft.benefits.fallback));
    }
    for (const language of Object.keys(value.translations ?? {})) {
      if (!draft.texts.has(language)) {
        coverage.problems.push(problem(file, `${at}/translations/${language}`, `no texts pack declares ${languageWords(language)}: add texts/${language}.json or drop these words`));
      }
    }
  }
  return coverage;
}

export const benefitsPlugin: PackPlugin<BenefitsPack> = {
  kind: 'benefits',
  title: 'benefits per tier and for video membership: code, name, description',
  schema,

  contribute(pack, file, draft) {
    // One benefits pack keeps "what does Gold give?" answerable by reading one file.
    if (draft.benefits.file) {
      return [problem(file, '', `benefits are already defined in ${draft.benefits.file}: keep one benefits pack`)];
    }
    draft.benefits.file = file;
    const problems: PolicyProblem[] = [];
    for (const tier of TIERS) {
      const list: Array<Sourced<Benefit>> = [];
      problems.push(...addList(pack.tiers[tier] ?? [], file, pointer('tiers', tier), list));
      draft.benefits.tiers.set(tier, list);
    }
    problems.push(...addList(pack.videoMembership ?? [], file, pointer('videoMembership'), draft.benefits.video));
    problems.push(...addList(pack.otherRegionCard ?? [], file, pointer('otherRegionCard'), draft.benefits.otherRegionCard));
    draft.benefits.support = pack.support ? Object.freeze({ ...pack.support }) : null;
    draft.benefits.fallback = pack.fallback === BASE_LANGUAGE;
    return problems;
  },

  check(draft) {
    const file = draft.benefits.file;
    if (!file) return [problem('', '', 'no benefits: add a "benefits" pack')];
    const problems: PolicyProblem[] = [];
    // Benefits grow with the tier: each tier must give something (Silver) or add/replace something.
    for (const tier of TIERS) {
      if ((draft.benefits.tiers.get(tier) ?? []).length === 0) {
        const message =
          tier === TIERS[0] ? `${tier} has no benefits` : `${tier} adds no benefit to the tier below: benefits must grow with the tier`;
        problems.push(problem(file, pointer('tiers', tier), message));
      }
    }
    if (draft.benefits.video.length === 0) {
      problems.push(problem(file, pointer('videoMembership'), 'video membership has no benefits'));
    }
    return [...problems, ...benefitTextCoverage(draft).problems];
  },
};
