/**
 * The page's words in the person's language (en, de, fr): t('dash.sub', { number: … }) from the
 * packs in texts/, keys in texts/en.js. The first of the browser's languages the pages have wins,
 * else English; a choice made with the switch in the top bar is kept (localStorage) and wins from
 * then on. The API is asked in the same language (graphql.js sends it as Accept-Language).
 */
import en from './texts/en.js';
import de from './texts/de.js';
import fr from './texts/fr.js';

const PACKS = { en, de, fr };
export const LANGUAGES = Object.keys(PACKS);
const DEFAULT_LANGUAGE = 'en';
/** Each language named in itself: what a person looks for in a language switch. */
const LANGUAGE_NAMES = { en: 'English', de: 'Deutsch', fr: 'Français' };
/** Dates and numbers where the browser names no region: the programme is European. */
const DEFAULT_LOCALES = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR' };
const KEY = 'cps.language';

const primary = (tag) => String(tag).split('-')[0].toLowerCase();

/** The kept choice if it is one of ours, else the first browser language we have (de-AT → de), else English. */
function preferredLanguage(stored, browserLanguages = []) {
  if (LANGUAGES.includes(stored)) return stored;
  return browserLanguages.map(primary).find((tag) => LANGUAGES.includes(tag)) ?? DEFAULT_LANGUAGE;
}

let current = DEFAULT_LANGUAGE;
let locale = DEFAULT_LOCALES[current];

export const language = () => current;
/** The locale dates and numbers are written in: the browser's own variant of the language (de-AT), else a default. */
export const currentLocale = () => locale;

/** Switches the page's words; remember: keep it as the person's choice (the switch), not a guess (the browser). */
export function useLanguage(chosen, { remember = false } = {}) {
  current = LANGUAGES.includes(chosen) ? chosen : DEFAULT_LANGUAGE;
  const own = (globalThis.navigator?.languages ?? []).find((tag) => primary(tag) === current && tag.includes('-'));
  locale = own ?? DEFAULT_LOCALES[current];
  if (globalThis.document) document.documentElement.lang = current;
  if (remember) {
    try {
      localStorage.setItem(KEY, current);
    } catch {
      /* storage refused (private mode): the choice lasts for this page */
    }
  }
  return current;
}

/** At start: the kept choice, else the browser's languages. */
export function startLanguage() {
  let stored = null;
  try {
    stored = localStorage.getItem(KEY);
  } catch {
    /* no storage: follow the browser */
  }
  return useLanguage(preferredLanguage(stored, navigator.languages ?? [navigator.language]));
}

/** Intl objects cost far more to build than to use: one per kind and locale, made when first needed. */
const intlObjects = new Map();
export function intl(kind, lang, make) {
  const key = `${kind} ${lang}`;
  if (!intlObjects.has(key)) intlObjects.set(key, make(lang));
  return intlObjects.get(key);
}

/** 1234 → '1,234' (en), '1.234' (de), '1 234' (fr). */
export function number(n) {
  return intl('number', locale, (l) => new Intl.NumberFormat(l)).format(n);
}

/**
 * A plural message is { '=0': …, one: …, other: … }: an exact number first, then the language's
 * own category for `count` (Intl.PluralRules: French 0 is 'one', English 0 is 'other'), then 'other'.
 */
function pick(message, lang, count) {
  if (typeof message === 'string' || message === undefined) return message;
  if (count === undefined) return message.other;
  if (message[`=${count}`] !== undefined) return message[`=${count}`];
  return message[intl('plural', lang, (l) => new Intl.PluralRules(l)).select(count)] ?? message.other;
}

/** The message of a key, in lang; a key a pack lacks falls back to English (the key-set test catches it first). */
function template(key, params, lang = current) {
  const message = pick(PACKS[lang][key], lang, params.count) ?? pick(PACKS[DEFAULT_LANGUAGE][key], DEFAULT_LANGUAGE, params.count);
  return message ?? key;
}

const PLACEHOLDER = /\{(\w+)\}/g;
const shown = (value) => (typeof value === 'number' ? number(value) : String(value ?? ''));

/**
 * t(key) where the pages have words for the key, else `fallback`: for keys made of a code the API
 * sends (`noticeTitle.${code}`), so a code newer than the pages shows as itself, not as a key.
 */
export function textOr(key, fallback, params = {}) {
  return Object.hasOwn(PACKS[DEFAULT_LANGUAGE], key) ? t(key, params) : fallback;
}

/** t('dash.sub', { number: '10000002', country: 'Germany' }): numbers in the language's format. */
export function t(key, params = {}) {
  return template(key, params).replace(PLACEHOLDER, (whole, name) => (name in params ? shown(params[name]) : whole));
}

/**
 * The same with elements among the words, for h(): parts('dash.qualifyingToday', { tier: h('strong', …) })
 * keeps each language's word order around the element.
 */
export function parts(key, params = {}) {
  return template(key, params)
    .split(/(\{\w+\})/)
    .filter(Boolean)
    .map((piece) => {
      const name = /^\{(\w+)\}$/.exec(piece)?.[1];
      if (!name || !(name in params)) return piece;
      const value = params[name];
      return typeof value === 'object' && value !== null ? value : shown(value);
    });
}

/** ['a', 'b', 'c'] → 'a, b and c' / 'a, b und c' / 'a, b et c'. */
export function list(items) {
  return intl('list', locale, (l) => new Intl.ListFormat(l, { type: 'conjunction' })).format(items.map(String));
}

/** A language by its own name: the pages' three from their packs, any other from the browser (Intl). */
export function ownLanguageName(code) {
  if (LANGUAGE_NAMES[code]) return LANGUAGE_NAMES[code];
  try {
    return intl('language', code, (l) => new Intl.DisplayNames([l], { type: 'language' })).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A language named in the page's language: 'de' → 'German' / 'Deutsch' / 'allemand'. */
export function languageName(code) {
  try {
    return intl('language', current, (l) => new Intl.DisplayNames([l], { type: 'language' })).of(code) ?? code;
  } catch {
    return code;
  }
}
