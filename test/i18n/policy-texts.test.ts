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
    rules.edit('texts/fr.json', (pack) => {
      delete pack.texts['notice.CARD_OVERDUE'];
      delete pack.texts['mail.confirmed.body'];
    });
    const refused = validate(rules.dir);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('texts/fr.json#/texts/notice.CARD_OVERDUE: missing French (fr) text "notice.CARD_OVERDUE"');
    expect(refused.stdout).toContain('texts/fr.json#/texts/mail.confirmed.body: missing French (fr) text "mail.confirmed.body"');
    rules.edit('texts/fr.json', (pack) => (pack.fallback = 'en'));
    const accepted = validate(rules.dir);
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toContain('note: texts/fr.json#/texts/notice.CARD_OVERDUE: missing French (fr) text "notice.CARD_OVERDUE": served in English');
    expect(accepted.stdout).toMatch(/^OK policy /m);
  });
});
