/**
 * The reference pages' own words (gateway/web/js/texts/{en,de,fr}.js), checked without a browser:
 * every pack has every key of the English one and nothing else, the same {placeholders}, plural
 * forms the language has; every key the pages name exists and every key is used; the page names
 * tiers as the API's texts do. A word added in English only fails here, not in front of a member.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../gateway/web/js/texts/en.js';
import de from '../../gateway/web/js/texts/de.js';
import fr from '../../gateway/web/js/texts/fr.js';
import { LANGUAGES, number, t, textOr, useLanguage } from '../../gateway/web/js/i18n.js';
import { RULES } from '../policy/rules-copy';

type Message = string | Record<string, string>;
type Pack = Record<string, Message>;
const PACKS: Record<string, Pack> = { en, de, fr };
const WEB = path.resolve(__dirname, '..', '..', 'gateway', 'web');

const forms = (message: Message): string[] => (typeof message === 'string' ? [message] : Object.values(message));
const placeholders = (text: string) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!));
const union = (message: Message) => new Set(forms(message).flatMap((text) => [...placeholders(text)]));
/** Placeholders a form may leave out: the count a form is chosen by, and the count in words. */
const OPTIONAL = new Set(['count', 'n']);

/** The page sources: every .js under gateway/web/js but the packs, and index.html. */
function pageSources(): string[] {
  const files: string[] = [path.join(WEB, 'index.html')];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'texts') walk(full);
      else if (entry.isFile() && entry.name.endsWith('.js')) files.push(full);
    }
  };
  walk(path.join(WEB, 'js'));
  return files.map((file) => fs.readFileSync(file, 'utf8'));
}

/** Keys the pages name: t('a.b') / parts('a.b') / counted('a.b') / textOr('a.b', …), data-t="a.b"; and prefixes of t(`a.${…}`). */
function keysInSources() {
  const literal = new Set<string>();
  const prefixes = new Set<string>();
  for (const source of pageSources()) {
    for (const m of source.matchAll(/\b(?:t|parts|counted|textOr)\(\s*'([\w.-]+)'/g)) literal.add(m[1]!);
    for (const m of source.matchAll(/data-t(?:-label)?="([\w.-]+)"/g)) literal.add(m[1]!);
    for (const m of source.matchAll(/\b(?:t|parts|counted|textOr)\(\s*`([\w.-]+)\$\{/g)) prefixes.add(m[1]!);
  }
  return { literal, prefixes };
}

describe('the pages speak English, German and French: one set of keys', () => {
  it.each(['de', 'fr'])('the %s pack has every key of the English pack, and no other', (language) => {
    const pack = PACKS[language]!;
    const missing = Object.keys(en).filter((key) => !(key in pack));
    const extra = Object.keys(pack).filter((key) => !(key in en));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(['en', 'de', 'fr'])('every %s message has its {placeholders} and only the plural forms the language has', (language) => {
    const categories = new Set<string>(new Intl.PluralRules(language).resolvedOptions().pluralCategories);
    const problems: string[] = [];
    for (const [key, message] of Object.entries(PACKS[language]!)) {
      if (typeof message !== 'string') {
        if (!('other' in message)) problems.push(`${key}: no "other" form`);
        for (const form of Object.keys(message)) {
          if (!categories.has(form) && !/^=\d+$/.test(form)) problems.push(`${key}: "${form}" is no plural form of ${language}`);
        }
      }
      for (const text of forms(message)) if (!text.trim()) problems.push(`${key}: empty`);
      const english = union(en[key] ?? '');
      const own = union(message);
      for (const name of own) if (!english.has(name) && !OPTIONAL.has(name)) problems.push(`${key}: {${name}} is not in the English message`);
      for (const name of english) if (!own.has(name) && !OPTIONAL.has(name)) problems.push(`${key}: {${name}} is missing`);
    }
    expect(problems).toEqual([]);
  });

  it('every key the pages name is in the packs, and every key of the packs is used', () => {
    const { literal, prefixes } = keysInSources();
    expect(literal.size).toBeGreaterThan(200);
    expect([...literal].filter((key) => !(key in en))).toEqual([]);
    const used = (key: string) => literal.has(key) || [...prefixes].some((prefix) => key.startsWith(prefix));
    expect(Object.keys(en).filter((key) => !used(key))).toEqual([]);
  });

  it('the pages offer exactly the languages the programme writes in (a texts pack in rules/texts each)', () => {
    // A policy pack without page words would be offered nowhere; page words without a policy pack
    // would be refused by updateMember. Add both together.
    const programme = fs.readdirSync(path.join(RULES, 'texts')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect([...LANGUAGES].sort()).toEqual(programme.sort());
  });

  it.each(['en', 'de', 'fr'])('the page names tiers as the API\'s %s texts do (rules/texts)', (language) => {
    const api = JSON.parse(fs.readFileSync(path.join(RULES, 'texts', `${language}.json`), 'utf8')).texts;
    for (const tier of ['SILVER', 'GOLD', 'PLATINUM']) expect(PACKS[language]![`tier.${tier}`]).toBe(api[`tier.${tier}`]);
  });

  it('t() fills placeholders, picks the form by the language\'s plural rules and writes numbers in its format', () => {
    try {
      useLanguage('fr');
      expect(t('transfers.waiting', { count: 0 })).toBe('Rien en attente'); // the exact form before the category
      expect(t('policy.invalid', { count: 1 })).toBe('Invalide · 1 problème');
      expect(t('policy.members', { count: 1234 })).toBe(`${number(1234)} membres`);
      expect(number(1234)).toMatch(/^1\s234$/u); // a (narrow) no-break space
      useLanguage('de');
      expect(t('policy.invalid', { count: 2 })).toBe('Ungültig · 2 Probleme');
      expect(t('dash.sub', { number: '10000002', country: 'Deutschland' })).toBe('Mitgliedsnummer 10000002 · Deutschland');
      expect(number(1234)).toBe('1.234');
      useLanguage('xx');
      expect(t('policy.members', { count: 1 })).toBe('1 member'); // an unknown language: English
    } finally {
      useLanguage('en');
    }
  });

  it('a code the API sends that the pages have no words for shows as itself, never as a key', () => {
    try {
      useLanguage('de');
      expect(textOr('noticeTitle.CARD_OVERDUE', 'CARD_OVERDUE')).toBe(de['noticeTitle.CARD_OVERDUE']);
      expect(textOr('noticeTitle.SOMETHING_NEW', 'SOMETHING_NEW')).toBe('SOMETHING_NEW');
      expect(textOr('tier.DIAMOND', 'DIAMOND')).toBe('DIAMOND');
    } finally {
      useLanguage('en');
    }
  });
});
