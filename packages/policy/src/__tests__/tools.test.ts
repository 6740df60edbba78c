// Tools for policy owners: the CLI's validate, previewChanges and formatDecision.
import { describe, expect, it, vi } from 'vitest';
import { describePolicyChanges, formatDecision, loadPolicy, previewChanges, runPolicyCli, type CliCommand, type MemberFacts } from '../index';
import { copyOfRules, editJson, member, PLATINUM_BODIES, PLATINUM_LENSES, platinumKit, realPolicy, RULES_DIR, threshold, tierRule } from './helpers';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('policy CLI', () => {
  it('validate prints one OK line with the version and exits 0 for the real rules', async () => {
    const { io, out } = captureIo();
    expect(await runPolicyCli(['validate', RULES_DIR], io)).toBe(0);
    const version = (await realPolicy()).version;
    // 31 country files, 3 product packs, 2 policy-tests packs, tiers and benefits.
    expect(out()).toBe(`OK policy ${version}: 41 packs, 45 products, 31 countries (${RULES_DIR})\n`);
  });

  it('validate prints every problem with file, pointer and reason, and exits 1', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'products/bodies.json', (p) => (p.products[0].countsAs = 'CAMERA'));
    await editJson(dir, 'tiers.json', (t) => (threshold(tierRule(t, 'GOLD'), 'lensesCountingTowards').value = 2));
    const { io, out } = captureIo();
    expect(await runPolicyCli(['validate', dir], io)).toBe(1);
    expect(out()).toContain('products/bodies.json#/products/0/countsAs: must be one of "BODY", "LENS", "PRO_VIDEO" (got "CAMERA")\n');
    expect(out()).toContain(`1 problem in ${dir}\n`);
  });

  it('validate names a failing policy-tests case', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'products/bodies.json', (p) => (p.products.find((x: any) => x.model === 'EOS 80D').cap = 'GOLD'));
    const { io, out } = captureIo();
    expect(await runPolicyCli(['validate', dir], io)).toBe(1);
    expect(out()).toContain('tests/worked-examples.json#/cases/0: case "Worked example: a 5D Mark IV, an 80D and three pro lenses give Silver only');
    expect(out()).toContain('expected tier SILVER, got GOLD');
  });

  it('an unknown command prints the usage and exits 2; help exits 0', async () => {
    const a = captureIo();
    expect(await runPolicyCli(['explian'], a.io)).toBe(2);
    expect(a.err()).toContain('unknown command "explian"');
    expect(a.err()).toContain('validate [dir]');
    const b = captureIo();
    expect(await runPolicyCli(['help'], b.io)).toBe(0);
  });

  it('can be extended with more commands', async () => {
    const explain: CliCommand = { name: 'explain', usage: 'explain <number>', summary: 'test', run: vi.fn(async () => 0) };
    const { io } = captureIo();
    expect(await runPolicyCli(['explain', '123'], io, [explain])).toBe(0);
    expect(explain.run).toHaveBeenCalledWith(['123'], io);
  });
});

describe('previewChanges', () => {
  async function* members(list: Array<[string, MemberFacts]>) {
    for (const [number, facts] of list) yield { number, facts };
  }

  it('shows who would move between tiers under a candidate policy', async () => {
    const current = await realPolicy();
    const dir = await copyOfRules();
    // Candidate: Gold needs three bodies (Platinum already needs three).
    await editJson(dir, 'tiers.json', (t) => (threshold(tierRule(t, 'GOLD'), 'bodiesCountingTowards').value = 3));
    const candidate = await loadPolicy(dir);

    const gold = member('DE', ...PLATINUM_BODIES.slice(0, 2), ...PLATINUM_LENSES.slice(0, 3));
    const list: Array<[string, MemberFacts]> = [
      ...Array.from({ length: 7 }, (_, i): [string, MemberFacts] => [String(1000 + i), gold]),
      ['2000', member('DE', ...platinumKit())],
      ['2001', member('DE')],
    ];
    const progress: number[] = [];
    const result = await previewChanges(current, candidate, members(list), (done) => progress.push(done));

    expect(result.total).toBe(9);
    expect(result.unchanged).toBe(2);
    expect(result.moved).toEqual([{ from: 'GOLD', to: 'SILVER', count: 7, sample: ['1000', '1001', '1002', '1003', '1004'] }]);
    expect(result.videoChanged).toEqual({ gained: 0, lost: 0 });
    expect(progress.at(-1)).toBe(9);
  });
});

describe('formatDecision', () => {
  it('prints the tier, the next tier, the items and the reasons', async () => {
    const d = await (await realPolicy()).evaluate(member('EE', ...platinumKit(), 'EOS 7D'));
    const text = formatDecision(d, (await realPolicy()).texts('en'));
    expect(text).toContain('Qualifying tier: SILVER');
    expect(text).toContain('Next tier:       none (Estonia (EE) is Silver-only)');
    expect(text).toContain('  + [item-1] EOS R1 counts as a body up to Platinum');
    expect(text).toContain('  - [item-8] EOS 7D: not supported by the programme');
    expect(text).toContain('Why:');
  });
});

describe('the difference between two versions, in words', () => {
  it('names thresholds, caps, the supported list, countries and benefits as a policy owner reads them', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'tiers.json', (t: any) => (threshold(tierRule(t, 'PLATINUM'), 'lensesCountingTowards').value = 5));
    await editJson(dir, 'products/bodies.json', (p: any) => {
      p.products.find((x: any) => x.model === 'EOS 80D').cap = 'GOLD';
      p.products.find((x: any) => x.model === 'EOS R6').supported = false;
    });
    await editJson(dir, 'countries/ee.json', (c: any) => {
      c.maxTier = 'GOLD';
    });
    await editJson(dir, 'benefits.json', (b: any) =>
      b.tiers.GOLD.push({
        code: 'LOAN_LENS',
        name: 'Loan lens',
        description: 'A lens on loan.',
        translations: { de: { name: 'Leihobjektiv', description: 'Ein geliehenes Objektiv.' }, fr: { name: 'Objectif en prêt', description: 'Un objectif prêté.' } },
      }),
    );
    const changes = await describePolicyChanges(await loadPolicy(RULES_DIR), await loadPolicy(dir));
    expect(changes).toEqual(
      expect.arrayContaining([
        'Platinum: lenses 4 → 5.',
        'EOS 80D: counts up to Silver → up to Gold.',
        'EOS R6 leaves the supported list: it counts for nothing from then on.',
        'Estonia (EE): membership up to Silver → up to Gold.',
        'Gold: gains "Loan lens" (LOAN_LENS).',
        'Platinum: gains "Loan lens" (LOAN_LENS).',
      ]),
    );
    expect(await describePolicyChanges(await loadPolicy(RULES_DIR), await loadPolicy(RULES_DIR))).toEqual([]);
  });
});
