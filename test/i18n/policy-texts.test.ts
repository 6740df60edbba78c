import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyRules, RULES } from '../policy/rules-copy';

// `npm run policy -- validate` runs this compiled CLI (built before the tests).
const CLI = path.resolve(__dirname, '..', '..', 'subgraphs', 'members', 'dist', 'cli', 'policy.js');
const validate = (dir: string) => spawnSync(process.execPath, [CLI, 'validate', dir], { encoding: 'utf8', timeout: 60_000 });

describe('texts are policy data: npm run policy -- validate', () => {
  const copies: Array<ReturnType<typeof copyRules>> = [];
  const copy = () => {
    const rules = copyRules();
    copies.push(rules);
    return rules;
  };
  afterAll(() => copies.forEach((c) => c.remove()));

  it('the shipped rules have every text in English, German and French: no problem, no note', () => {
    const result = validate(RULES);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(/note:/);
  });

  it("a policy whose German benefit text is missing is refused, naming the benefit, its file and pointer", () => {
    const rules = copy();
    rules.edit('benefits.json', (pack) => delete pack.tiers.PLATINUM.find((b: any) => b.code === 'ON_SITE_SUPPORT').translations.de);
    const result = validate(rules.dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('benefits.json#/tiers/PLATINUM/2/translations: benefit "ON_SITE_SUPPORT" has no German (de) name and description');
    expect(result.stdout).toMatch(/^1 problem in /m);
  });

  it('every missing text of a language is listed, and a pack that falls back to English passes with each gap as a note', () => {
    const rules = copy();
    // Texts of every kind: a notice, an e-mail, the engine's reasons, the history, the gateway's errors.
    const gaps = ['notice.CARD_OVERDUE', 'mail.confirmed.body', 'explain.silverOnly', 'item.countsAsBody', 'history.MOVED', 'error.tokenInvalid', 'error.queryTooDeep'];
    rules.edit('texts/fr.json', (pack) => gaps.forEach((key) => delete pack.texts[key]));
    // A country without its French name is served as ICU names it: a note, never a refusal.
    rules.edit('countries/ee.json', (country) => delete country.translations.fr);
    const refused = validate(rules.dir);
    expect(refused.status).toBe(1);
    for (const key of gaps) expect(refused.stdout).toContain(`texts/fr.json#/texts/${key}: missing French (fr) text "${key}"`);
    expect(refused.stdout).toMatch(new RegExp(`^${gaps.length} problems in `, 'm'));
    rules.edit('texts/fr.json', (pack) => (pack.fallback = 'en'));
    const accepted = validate(rules.dir);
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toContain('note: texts/fr.json#/texts/notice.CARD_OVERDUE: missing French (fr) text "notice.CARD_OVERDUE": served in English');
    expect(accepted.stdout).toContain('note: texts/fr.json#/texts/history.MOVED: missing French (fr) text "history.MOVED": served in English');
    expect(accepted.stdout).toContain('note: countries/ee.json#/translations: country "EE" has no French (fr) name: served as ICU names it, "Estonie"');
    expect(accepted.stdout).toMatch(/^OK policy /m);
  });
});
