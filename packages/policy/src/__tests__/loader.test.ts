// Loading rule packs: schemas, kinds, cross-pack checks and "policy as data" edits, on temp copies of rules/.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy, PolicyError, validatePolicy, type PolicyProblem } from '../index';
import { parseJson } from '../json-source';
import { copyOfRules, countryPack, editJson, member, platinumKit, RULES_DIR, threshold, tierRule, writeJson } from './helpers';

/** The problems a load of dir is refused with (fails the test if it loads). */
async function refusal(dir: string): Promise<PolicyProblem[]> {
  const error = await loadPolicy(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PolicyError);
  return (error as PolicyError).problems;
}

describe('loading the real rules', () => {
  it('loads every pack and validates without a problem, policy-tests included', async () => {
    const policy = await loadPolicy(RULES_DIR);
    expect(policy.dir).toBe(RULES_DIR);
    // One "country" file per programme country (31), plus the benefits, products, tiers, tests and the texts of en, de and fr.
    expect(policy.packs().map((p) => p.kind).sort()).toEqual([
      'benefits', ...Array<string>(31).fill('country'), 'policy-tests', 'policy-tests',
      'qualifying-products', 'qualifying-products', 'qualifying-products', 'texts', 'texts', 'texts', 'tier-thresholds',
    ]);
    expect(policy.packs().filter((p) => p.kind === 'country').map((p) => p.file)).toContain('countries/de.json');
    expect(await validatePolicy(RULES_DIR)).toEqual([]);
  });

  it('the version is a hash of the rule files: the same files give the same version, an edit a new one', async () => {
    const dir = await copyOfRules();
    const before = (await loadPolicy(dir)).version;
    expect((await loadPolicy(RULES_DIR)).version).toBe(before);
    await editJson(dir, 'benefits.json', (b) => (b.tiers.SILVER[0].name = 'Event support teams'));
    expect((await loadPolicy(dir)).version).not.toBe(before);
  });
});

describe('refusing packs', () => {
  it('a pack that does not match its schema is refused with the file, the JSON pointer and the reason', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'products/bodies.json', (p) => (p.products[1].cap = 'GOLDEN'));
    expect(await refusal(dir)).toEqual([
      { file: 'products/bodies.json', pointer: '/products/1/cap', message: 'must be one of "SILVER", "GOLD", "PLATINUM" (got "GOLDEN")' },
    ]);
  });

  it('a missing property names the object it is missing from', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'countries/cz.json', (c) => delete c.handlerTeam.email);
    expect(await refusal(dir)).toEqual([
      { file: 'countries/cz.json', pointer: '/handlerTeam', message: 'missing required property "email"' },
    ]);
  });

  it('a Pro Video product with a tier cap is refused', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'products/pro-video.json', (p) => (p.products[0].cap = 'GOLD'));
    const [p] = await refusal(dir);
    expect(p).toMatchObject({ file: 'products/pro-video.json', pointer: '/products/0/cap' });
    expect(p.message).toContain('Pro Video product has no tier cap');
  });

  it('bad JSON is refused with the file, line and column', async () => {
    const dir = await copyOfRules();
    const file = path.join(dir, 'countries/hr.json');
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace('"FotoCentar d.o.o."] }\n  ]', '"FotoCentar d.o.o."] },\n  ]'));
    const [p] = await refusal(dir);
    expect(p.file).toBe('countries/hr.json');
    expect(p.message).toMatch(/^not valid JSON at line 16, column 3: a trailing comma before "\]"/);
  });

  it('an empty (half-written) file is refused, not a crash', async () => {
    const dir = await copyOfRules();
    await fs.writeFile(path.join(dir, 'tiers.json'), '');
    expect(await refusal(dir)).toEqual([{ file: 'tiers.json', pointer: '', message: 'the file is empty (not valid JSON)' }]);
  });

  it('an unknown kind is a problem naming the file', async () => {
    const dir = await copyOfRules();
    await writeJson(dir, 'extra/dealers.json', { kind: 'dealers', version: '1.0.0', dealers: [] });
    const [p] = await refusal(dir);
    expect(p).toMatchObject({ file: 'extra/dealers.json', pointer: '/kind' });
    expect(p.message).toContain('unknown kind "dealers"');
  });

  it('a pack without a version is refused', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'benefits.json', (b) => delete b.version);
    expect(await refusal(dir)).toEqual([{ file: 'benefits.json', pointer: '', message: 'missing required property "version"' }]);
  });

  it('lists every problem of every file, not just the first', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'products/lenses.json', (p) => (p.products[0].supported = 'yes'));
    await editJson(dir, 'countries/hr.json', (c) => (c.code = 'hr'));
    await writeJson(dir, 'x.json', { version: '1' });
    const problems = await refusal(dir);
    expect(problems.map((p) => `${p.file}#${p.pointer}`)).toEqual([
      'countries/hr.json#/code',
      'products/lenses.json#/products/0/supported',
      'x.json#',
    ]);
  });

  it('files that are not .json (a README for policy owners) are ignored', async () => {
    const dir = await copyOfRules();
    await fs.writeFile(path.join(dir, 'HOW-TO.md'), '# not a pack');
    await expect(loadPolicy(dir)).resolves.toBeDefined();
  });

  it('a missing rules directory is a PolicyError', async () => {
    await expect(loadPolicy(path.join(os.tmpdir(), 'no-such-rules-dir'))).rejects.toBeInstanceOf(PolicyError);
  });
});

describe('cross-pack checks', () => {
  it('thresholds that make Gold easier than Silver are refused', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'tiers.json', (t) => (threshold(tierRule(t, 'GOLD'), 'bodiesCountingTowards').value = 1));
    expect(await refusal(dir)).toEqual([
      { file: 'tiers.json', pointer: '/rules/1/conditions/all/0', message: 'GOLD would be easier than SILVER: GOLD needs 1 body, SILVER needs 2 bodies' },
    ]);
  });

  it('thresholds that make Platinum easier than Gold are refused', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'tiers.json', (t) => (threshold(tierRule(t, 'PLATINUM'), 'lensesCountingTowards').value = 2));
    const [p] = await refusal(dir);
    expect(p.message).toBe('PLATINUM would be easier than GOLD: PLATINUM needs 2 lenses, GOLD needs 3 lenses');
  });

  it('a missing tier rule is refused', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'tiers.json', (t) => (t.rules = t.rules.filter((r: any) => r.event.params?.tier !== 'GOLD')));
    const [p] = await refusal(dir);
    expect(p.message).toMatch(/^missing tier: no rule decides GOLD/);
  });

  it('a tier rule that ignores the country cap is refused', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'tiers.json', (t) => tierRule(t, 'PLATINUM').conditions.all.pop());
    const [p] = await refusal(dir);
    expect(p).toMatchObject({ file: 'tiers.json', pointer: '/rules/2/conditions' });
    expect(p.message).toContain('must respect the country\'s cap');
  });

  it('an unknown fact or operator in a rule is refused with its pointer', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'tiers.json', (t) => {
      threshold(tierRule(t, 'SILVER'), 'bodiesCountingTowards').fact = 'bodyCount';
      t.rules[3].conditions.all[0].operator = 'atLeast';
    });
    const problems = await refusal(dir);
    expect(problems.map((p) => p.pointer)).toEqual(expect.arrayContaining(['/rules/0/conditions/all/0/fact', '/rules/3/conditions/all/0/operator']));
  });

  it('the same model in two packs is refused, naming both places', async () => {
    const dir = await copyOfRules();
    await writeJson(dir, 'products/more.json', {
      kind: 'qualifying-products',
      version: '1.0.0',
      products: [{ model: 'EOS R1', countsAs: 'BODY', cap: 'GOLD', supported: true }],
    });
    expect(await refusal(dir)).toEqual([
      { file: 'products/more.json', pointer: '/products/0', message: 'duplicate model "EOS R1": already in products/bodies.json#/products/0' },
    ]);
  });

  it('the same country code twice is refused, and "UK" is pointed to "GB"', async () => {
    const dir = await copyOfRules();
    await writeJson(dir, 'countries/regional-team.json', countryPack('DE', 'Germany', { language: 'de' }));
    await writeJson(dir, 'countries/uk.json', countryPack('UK', 'United Kingdom', { maxTier: 'PLATINUM' }));
    const problems = await refusal(dir);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toEqual({
      file: 'countries/regional-team.json',
      pointer: '/code',
      message: 'duplicate country code "DE": already in countries/de.json',
    });
    expect(problems[1]).toEqual({ file: 'countries/uk.json', pointer: '/code', message: '"UK" is not an ISO 3166-1 alpha-2 code: use "GB"' });
  });

  it('extra checks from the caller are problems too', async () => {
    const extraChecks = () => [{ file: 'products/bodies.json', pointer: '/products/0', message: 'not in the catalogue' }];
    await expect(loadPolicy(RULES_DIR, { extraChecks })).rejects.toMatchObject({ problems: extraChecks() });
  });
});

describe('policy as data', () => {
  it('adding a country file makes the country appear, with its cap', async () => {
    const dir = await copyOfRules();
    const greece = countryPack('GR', 'Greece', {
      language: 'el',
      handlerTeam: { name: 'CPS handler team South-East Europe', email: 'cps-see@cps.example' },
      servicePoint: { name: 'CPS Service Point Athens', address: 'Leoforos Kifisias 44, 15125 Marousi' },
      dealers: [{ name: 'Photo Lab Athens', spellings: ['PhotoLab'] }, { name: 'Kotsovolos' }],
    });
    await writeJson(dir, 'countries/gr.json', greece);
    const policy = await loadPolicy(dir);
    // The file's country as it is, without its header; a dealer without spellings has none; open.
    const { kind: _kind, version: _version, ...country } = greece;
    expect(policy.country('GR')).toEqual({
      ...country,
      // A team without its own language writes in the country's (Greek: English texts until texts/el.json exists).
      handlerTeam: { ...(country.handlerTeam as object), language: 'el' },
      dealers: [{ name: 'Photo Lab Athens', spellings: ['PhotoLab'] }, { name: 'Kotsovolos', spellings: [] }],
      closed: false,
      // Named in English only: German and French readers get ICU's names, and validate notes each.
      translations: {},
    });
    expect(policy.texts('de').words({ country: 'GR' })).toBe('Griechenland');
    expect(policy.textFallbacks()).toEqual([
      { file: 'countries/gr.json', pointer: '/translations', message: 'country "GR" has no German (de) name: served as ICU names it, "Griechenland"' },
      { file: 'countries/gr.json', pointer: '/translations', message: 'country "GR" has no French (fr) name: served as ICU names it, "Grèce"' },
    ]);
    expect(policy.authorisedDealer('GR', 'photolab')).toBe('Photo Lab Athens');
    expect(policy.countries()).toHaveLength(32);
    expect((await policy.evaluate(member('GR', ...platinumKit()))).qualifyingTier).toBe('SILVER');
  });

  it('lifting a country\'s cap in JSON lets its members reach Platinum', async () => {
    const dir = await copyOfRules();
    expect((await (await loadPolicy(RULES_DIR)).evaluate(member('EE', ...platinumKit()))).qualifyingTier).toBe('SILVER');
    await editJson(dir, 'countries/ee.json', (c) => (c.maxTier = 'PLATINUM'));
    expect((await (await loadPolicy(dir)).evaluate(member('EE', ...platinumKit()))).qualifyingTier).toBe('PLATINUM');
  });

  it('changing a threshold in JSON changes the decision', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'tiers.json', (t) => (threshold(tierRule(t, 'PLATINUM'), 'lensesCountingTowards').value = 3));
    const kit = [...platinumKit().slice(0, 3), ...platinumKit().slice(3, 6)]; // 3 bodies, 3 lenses
    expect((await (await loadPolicy(RULES_DIR)).evaluate(member('DE', ...kit))).qualifyingTier).toBe('GOLD');
    expect((await (await loadPolicy(dir)).evaluate(member('DE', ...kit))).qualifyingTier).toBe('PLATINUM');
  });

  it('a product leaving the supported list lowers a member\'s tier', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'products/bodies.json', (p) => (p.products.find((x: any) => x.model === 'EOS R1').supported = false));
    const d = await (await loadPolicy(dir)).evaluate(member('DE', ...platinumKit()));
    expect(d.qualifyingTier).toBe('GOLD');
    expect(d.items[0].reason).toEqual({ text: 'item.unsupported' });
    expect((await loadPolicy(dir)).texts('en').words(d.items[0].reason)).toBe('not supported by the programme');
  });

  it('a failing policy-tests case is a problem naming the case (validatePolicy), while loadPolicy still loads', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'tiers.json', (t) => {
      threshold(tierRule(t, 'GOLD'), 'lensesCountingTowards').value = 4;
      threshold(tierRule(t, 'PLATINUM'), 'lensesCountingTowards').value = 4;
    });
    const problems = await validatePolicy(dir);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].file).toBe('tests/counting-edge-cases.json');
    expect(problems.map((p) => p.message)).toContain(
      'case "Removed and transferred items no longer count" failed: expected tier GOLD, got SILVER',
    );
    await expect(loadPolicy(dir)).resolves.toBeDefined();
    await expect(loadPolicy(dir, { runPolicyTests: true })).rejects.toBeInstanceOf(PolicyError);
  });
});

describe('where a rule file stops being JSON', () => {
  it('says the line, the column and why, in words a policy owner understands', () => {
    const at = (text: string) => parseJson('x.json', text);
    expect(at('{\n  "a": 1,\n  // note\n  "b": 2\n}')).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/^not valid JSON at line 3, column 3: comments are not allowed in JSON/) } });
    expect(at('{ "a" 1 }')).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/line 1, column 7: expected ":" after the property name/) } });
    expect(at('{ "a": [1, 2 }')).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/expected "]"|expected ","/) } });
    expect(at('{ "a": 1 }')).toEqual({ ok: true, value: { a: 1 } });
  });
});
