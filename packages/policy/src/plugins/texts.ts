// Kind "texts": the member-facing words of one language (notices, the outlook's reasons, e-mails,
// error messages, tier names, the support address's wording). English is the reference: every
// other language must have each of its texts, with the same placeholders, unless its pack says
// `"fallback": "en"`; then what it lacks is served in English and validate lists it as a note.
// Benefit names and descriptions are translated beside the benefits themselves (benefits.json).
import type { PolicyProblem } from '../types';
import { pointer, problem } from '../problems';
import { packHeaderProperties } from '../schema-validation';
import { BASE_LANGUAGE, placeholdersOf, TEXT_KEYS } from '../texts';
import type { PackPlugin, PolicyDraft } from './plugin';

interface TextsPack {
  kind: 'texts';
  version: string;
  language: string;
  fallback?: typeof BASE_LANGUAGE;
  texts: Record<string, string>;
}

export const LANGUAGE_SCHEMA = { type: 'string', pattern: '^[a-z]{2}$', hint: 'a language as an ISO 639-1 code in lower case, e.g. "de"' };
export const FALLBACK_SCHEMA = { const: BASE_LANGUAGE, hint: 'only "en": texts this pack lacks are served in English' };

const schema = {
  type: 'object',
  required: ['kind', 'version', 'language', 'texts'],
  additionalProperties: false,
  properties: {
    ...packHeaderProperties('texts'),
    language: LANGUAGE_SCHEMA,
    fallback: FALLBACK_SCHEMA,
    texts: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
  },
};

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });
/** "German (de)", for messages policy owners read. */
export const languageWords = (language: string): string => `${LANGUAGE_NAMES.of(language) ?? language} (${language})`;

const KNOWN_KEYS: ReadonlySet<string> = new Set(TEXT_KEYS);

/** What is wrong in a policy's texts, and the gaps its packs let English fill (validate's notes). */
export class TextCoverage {
  readonly problems: PolicyProblem[] = [];
  readonly fallbacks: PolicyProblem[] = [];

  /** A text missing in a language: a problem, unless its pack says `"fallback": "en"`. */
  gap(missing: PolicyProblem, fallsBack: boolean): void {
    if (fallsBack) this.fallbacks.push({ ...missing, message: `${missing.message}: served in English (the pack says "fallback": "en")` });
    else this.problems.push(missing);
  }
}

/** What is missing or wrong in the texts of each language, and which gaps a pack lets English fill. */
export function textCoverage(draft: PolicyDraft): TextCoverage {
  const coverage = new TextCoverage();
  const { problems } = coverage;
  const english = draft.texts.get(BASE_LANGUAGE);
  if (!english) {
    problems.push(problem('', '', `no English texts: add texts/${BASE_LANGUAGE}.json (kind "texts", language "${BASE_LANGUAGE}")`));
    return coverage;
  }
  for (const key of TEXT_KEYS) {
    if (english.value.texts[key] === undefined) problems.push(problem(english.file, pointer('texts', key), `missing English text "${key}"`));
  }
  for (const [language, pack] of draft.texts) {
    for (const key of Object.keys(pack.value.texts)) {
      if (!KNOWN_KEYS.has(key)) problems.push(problem(pack.file, pointer('texts', key), `unknown text "${key}": no service uses it (a typing mistake?)`));
    }
    if (language === BASE_LANGUAGE) continue;
    for (const key of TEXT_KEYS) {
      const base = english.value.texts[key];
      const own = pack.value.texts[key];
      if (base === undefined) continue;
      if (own === undefined) {
        coverage.gap(problem(pack.file, pointer('texts', key), `missing ${languageWords(language)} text "${key}"`), pack.value.fallback);
        continue;
      }
      const expected = placeholdersOf(base).join(', ');
      const found = placeholdersOf(own).join(', ');
      if (expected !== found) {
        problems.push(problem(pack.file, pointer('texts', key), `the ${languageWords(language)} text uses {${found}} where English uses {${expected}}`));
      }
    }
  }
  return coverage;
}

export const textsPlugin: PackPlugin<TextsPack> = {
  kind: 'texts',
  title: 'the member-facing texts of one language (notices, outlook, e-mails, error messages)',
  schema,

  contribute(pack, file, draft) {
    const earlier = draft.texts.get(pack.language);
    if (earlier) return [problem(file, '/language', `the ${languageWords(pack.language)} texts are already in ${earlier.file}: keep one texts pack per language`)];
    draft.texts.set(pack.language, { value: Object.freeze({ texts: Object.freeze({ ...pack.texts }), fallback: pack.fallback === BASE_LANGUAGE }), file, pointer: '' });
    return [];
  },

  check(draft) {
    return textCoverage(draft).problems;
  },
};
