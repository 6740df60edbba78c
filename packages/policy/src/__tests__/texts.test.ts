// The policy's texts per language: complete in every language the texts packs declare, or
// served in English only where a pack says so.
import { describe, expect, it } from 'vitest';
import { loadPolicy, PolicyError, TEXT_KEYS, validatePolicy } from '../index';
import { copyOfRules, readJson, realPolicy, RULES_DIR, writeJson } from './helpers';

async function edit(dir: string, file: string, change: (json: any) => void): Promise<void> {
  const json = await readJson(dir, file);
  change(json);
  await writeJson(dir, file, json);
}

describe('texts in several languages', () => {
  it('the shipped policy has every text in English, German and French, and no gap filled by English', async () => {
    const policy = await realPolicy();
    expect(policy.languages()).toEqual(['en', 'de', 'fr']);
    expect(policy.textFallbacks()).toEqual([]);
    for (const language of policy.languages()) {
      const pack = await readJson(RULES_DIR, `texts/${language}.json`);
      expect(Object.keys(pack.texts).sort()).toEqual([...TEXT_KEYS].sort());
    }
  });

  it('benefits come in the language asked for, with the same codes; a language the policy lacks is English', async () => {
    const policy = await realPolicy();
    const codes = (language?: string) => policy.benefits('PLATINUM', true, 'DE', language).map((b) => b.code);
    const english = policy.benefits('PLATINUM', true, 'DE');
    const german = policy.benefits('PLATINUM', true, 'DE', 'de');
    expect(codes('de')).toEqual(codes());
    expect(codes('fr')).toEqual(codes());
    const pack = await readJson(RULES_DIR, 'benefits.json');
    const platinumRepair = pack.tiers.PLATINUM.find((b: any) => b.code === 'EXPRESS_REPAIR');
    expect(german.find((b) => b.code === 'EXPRESS_REPAIR')).toEqual({ code: 'EXPRESS_REPAIR', ...platinumRepair.translations.de });
    expect(policy.benefits('PLATINUM', true, 'DE', 'pl')).toEqual(english);
    expect(english.find((b) => b.code === 'EXPRESS_REPAIR')!.name).toBe(platinumRepair.name);
  });

  it('validate names a benefit whose German text is missing, with its file and pointer', async () => {
    const dir = await copyOfRules();
    await edit(dir, 'benefits.json', (pack) => delete pack.tiers.GOLD[1].translations.de);
    expect(await validatePolicy(dir)).toEqual([
      { file: 'benefits.json', pointer: '/tiers/GOLD/1/translations', message: 'benefit "LOAN_WHILE_REPAIR_OVERRUNS" has no German (de) name and description' },
    ]);
  });

  it('with "fallback": "en" the pack is accepted, the gap served in English and listed as a note', async () => {
    const dir = await copyOfRules();
    await edit(dir, 'benefits.json', (pack) => {
      pack.fallback = 'en';
      delete pack.tiers.GOLD[1].translations.de;
    });
    await edit(dir, 'texts/fr.json', (pack) => {
      pack.fallback = 'en';
      delete pack.texts['notice.ESTIMATED_DETAILS'];
    });
    const policy = await loadPolicy(dir);
    expect(policy.textFallbacks().map((p) => `${p.file}#${p.pointer}`)).toEqual([
      'texts/fr.json#/texts/notice.ESTIMATED_DETAILS',
      'benefits.json#/tiers/GOLD/1/translations',
    ]);
    const english = await readJson(dir, 'texts/en.json');
    expect(policy.texts('fr').text('notice.ESTIMATED_DETAILS', { model: 'EOS R5' })).toBe(english.texts['notice.ESTIMATED_DETAILS'].replace('{model}', 'EOS R5'));
    const loan = policy.benefits('GOLD', false, 'DE', 'de').find((b) => b.code === 'LOAN_WHILE_REPAIR_OVERRUNS');
    expect(loan!.name).toBe((await readJson(dir, 'benefits.json')).tiers.GOLD[1].name);
  });

  it('a translation must use the placeholders English uses, name known texts only, and English must have every text', async () => {
    const dir = await copyOfRules();
    await edit(dir, 'texts/de.json', (pack) => {
      pack.texts['outlook.rises'] = 'Ihre Ausrüstung ergibt {stufe}.';
      pack.texts['outlook.gone'] = 'Tippfehler';
    });
    await edit(dir, 'texts/en.json', (pack) => delete pack.texts['tier.GOLD']);
    const problems = await loadPolicy(dir).then(
      () => [],
      (error: PolicyError) => error.problems,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'texts/en.json', pointer: '/texts/tier.GOLD', message: 'missing English text "tier.GOLD"' },
        { file: 'texts/de.json', pointer: '/texts/outlook.rises', message: 'the German (de) text uses {stufe} where English uses {day, tier}' },
        { file: 'texts/de.json', pointer: '/texts/outlook.gone', message: 'unknown text "outlook.gone": no service uses it (a typing mistake?)' },
      ]),
    );
  });

  it('a translation into a language no texts pack declares is refused, and so is a second pack for one language', async () => {
    const dir = await copyOfRules();
    await edit(dir, 'benefits.json', (pack) => (pack.tiers.SILVER[0].translations.it = { name: 'Assistenza eventi', description: 'Agli eventi.' }));
    await writeJson(dir, 'texts/deutsch.json', await readJson(dir, 'texts/de.json'));
    const problems = await validatePolicy(dir);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'texts/deutsch.json', pointer: '/language' }),
      ]),
    );
    const withoutDuplicate = await copyOfRules();
    await edit(withoutDuplicate, 'benefits.json', (pack) => (pack.tiers.SILVER[0].translations.it = { name: 'Assistenza eventi', description: 'Agli eventi.' }));
    expect(await validatePolicy(withoutDuplicate)).toEqual([
      { file: 'benefits.json', pointer: '/tiers/SILVER/0/translations/it', message: 'no texts pack declares Italian (it): add texts/it.json or drop these words' },
    ]);
  });
});
