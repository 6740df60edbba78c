// The programme's tier rules (docs/programme-rules.md), evaluated against the real rule files in rules/.
import { describe, expect, it } from 'vitest';
import {
  GOLD_BODIES, GOLD_LENSES, inEnglish, member, PLATINUM_BODIES, PLATINUM_LENSES, platinumKit, realPolicy, SILVER_BODIES, SILVER_LENSES,
} from './helpers';

const tierOf = async (...args: Parameters<typeof member>) => (await (await realPolicy()).evaluate(member(...args))).qualifyingTier;
const decide = async (...args: Parameters<typeof member>) => inEnglish(await (await realPolicy()).evaluate(member(...args)));

const WORKED_EXAMPLE = ['EOS 5D Mark IV', 'EOS 80D', 'EF 24-70mm f/2.8L II USM', 'EF 70-200mm f/2.8L IS III USM', 'RF 50mm F1.2 L USM'];

describe('thresholds', () => {
  it('a 5D Mark IV, an 80D and three pro lenses give Silver', async () => {
    expect(await tierOf('DE', ...WORKED_EXAMPLE)).toBe('SILVER');
  });

  it('in the worked example the 80D cannot count towards Gold, so Gold is one body short', async () => {
    const d = await decide('DE', ...WORKED_EXAMPLE);
    expect(d.nextTier).toEqual({ tier: 'GOLD', missingBodies: 1, missingLenses: 0 });
    expect(d.items.find((i) => i.model === 'EOS 80D')).toMatchObject({ counts: true, countsTowards: ['SILVER'], cap: 'SILVER' });
    expect(d.explanation).toContain('EOS 80D cannot count towards Gold: its cap is Silver.');
  });

  it('three bodies and four lenses that all count towards Platinum give Platinum', async () => {
    const d = await decide('DE', ...platinumKit());
    expect(d.qualifyingTier).toBe('PLATINUM');
    expect(d.nextTier).toBeNull();
    expect(d.nextTierBlockedBy).toBeNull();
  });

  it('a member with no equipment has no tier and needs two bodies and three lenses for Silver', async () => {
    const d = await decide('FR');
    expect(d.qualifyingTier).toBeNull();
    expect(d.nextTier).toEqual({ tier: 'SILVER', missingBodies: 2, missingLenses: 3 });
  });

  it('exactly two bodies and three lenses reach Silver', async () => {
    expect(await tierOf('NL', ...SILVER_BODIES.slice(0, 2), ...SILVER_LENSES, GOLD_LENSES[0])).toBe('SILVER');
  });

  it('two bodies and two lenses are one lens short of Silver', async () => {
    const d = await decide('NL', ...SILVER_BODIES.slice(0, 2), ...SILVER_LENSES);
    expect(d.qualifyingTier).toBeNull();
    expect(d.nextTier).toEqual({ tier: 'SILVER', missingBodies: 0, missingLenses: 1 });
  });

  it('one body and three lenses are one body short of Silver', async () => {
    const d = await decide('NL', PLATINUM_BODIES[0], ...PLATINUM_LENSES.slice(0, 3));
    expect(d.qualifyingTier).toBeNull();
    expect(d.nextTier).toEqual({ tier: 'SILVER', missingBodies: 1, missingLenses: 0 });
  });

  it('two Gold-capped bodies and three Gold-capped lenses give Gold', async () => {
    const d = await decide('IT', ...GOLD_BODIES.slice(0, 2), ...GOLD_LENSES.slice(0, 3));
    expect(d.qualifyingTier).toBe('GOLD');
    expect(d.nextTier).toEqual({ tier: 'PLATINUM', missingBodies: 3, missingLenses: 4 });
  });

  it('a Silver-capped third lens leaves two Gold bodies and two Gold lenses at Silver, one lens short of Gold', async () => {
    const d = await decide('IT', ...GOLD_BODIES.slice(0, 2), ...GOLD_LENSES.slice(0, 2), SILVER_LENSES[0]);
    expect(d.qualifyingTier).toBe('SILVER');
    expect(d.nextTier).toEqual({ tier: 'GOLD', missingBodies: 0, missingLenses: 1 });
    expect(d.explanation).toContain(`${SILVER_LENSES[0]} cannot count towards Gold: its cap is Silver.`);
  });

  it('three Platinum bodies and three Platinum lenses are one lens short of Platinum (Gold)', async () => {
    const d = await decide('AT', ...PLATINUM_BODIES.slice(0, 3), ...PLATINUM_LENSES.slice(0, 3));
    expect(d.qualifyingTier).toBe('GOLD');
    expect(d.nextTier).toEqual({ tier: 'PLATINUM', missingBodies: 0, missingLenses: 1 });
  });

  it('two Platinum bodies and four Platinum lenses are one body short of Platinum (Gold)', async () => {
    const d = await decide('AT', ...PLATINUM_BODIES.slice(0, 2), ...PLATINUM_LENSES.slice(0, 4));
    expect(d.qualifyingTier).toBe('GOLD');
    expect(d.nextTier).toEqual({ tier: 'PLATINUM', missingBodies: 1, missingLenses: 0 });
  });

  it('mixing caps: a Gold-capped third body keeps the member at Gold', async () => {
    const d = await decide('BE', PLATINUM_BODIES[0], PLATINUM_BODIES[1], 'EOS 5DS', ...PLATINUM_LENSES.slice(0, 4));
    expect(d.qualifyingTier).toBe('GOLD');
    expect(d.nextTier).toEqual({ tier: 'PLATINUM', missingBodies: 1, missingLenses: 0 });
    expect(d.explanation).toContain('EOS 5DS cannot count towards Platinum: its cap is Gold.');
  });

  it('more equipment than needed still gives Platinum', async () => {
    expect(await tierOf('CH', ...PLATINUM_BODIES, ...PLATINUM_LENSES, ...GOLD_BODIES, ...SILVER_LENSES)).toBe('PLATINUM');
  });

  it('two items of the same model count as two bodies', async () => {
    expect(await tierOf('SE', 'EOS R5', 'EOS R5', ...PLATINUM_LENSES.slice(0, 3))).toBe('GOLD');
  });
});

describe('what counts', () => {
  it('a discontinued product is shown as not supported and counts for nothing', async () => {
    const d = await decide('DE', 'EOS-1D Mark IV', PLATINUM_BODIES[0], ...PLATINUM_LENSES.slice(0, 3));
    expect(d.qualifyingTier).toBeNull();
    expect(d.items[0]).toMatchObject({ model: 'EOS-1D Mark IV', supported: false, counts: false, countsTowards: [], cap: 'PLATINUM' });
    expect(d.items[0].reason).toBe('not supported by the programme');
  });

  it('discontinued bodies (5D Mark II, 7D) leave a member with good lenses below Silver', async () => {
    const d = await decide('DE', 'EOS 5D Mark II', 'EOS 7D', ...PLATINUM_LENSES.slice(0, 3));
    expect(d.nextTier).toEqual({ tier: 'SILVER', missingBodies: 2, missingLenses: 0 });
  });

  it('a second-hand body pending transfer counts for nobody yet', async () => {
    const d = await decide('BE', PLATINUM_BODIES[0], { model: 'EOS R5', status: 'PENDING_TRANSFER' }, ...PLATINUM_LENSES.slice(0, 3));
    expect(d.qualifyingTier).toBeNull();
    expect(d.items[1]).toMatchObject({ counts: false, supported: true, reason: 'pending transfer: counts for nobody yet' });
  });

  it.each(['TRANSFERRED', 'REJECTED', 'REMOVED'])('an item with status %s does not count', async (status) => {
    const d = await decide('PL', PLATINUM_BODIES[0], { model: PLATINUM_BODIES[1], status }, ...PLATINUM_LENSES.slice(0, 3));
    expect(d.qualifyingTier).toBeNull();
    expect(d.items[1].counts).toBe(false);
  });

  it('the EF 100mm f/2.8 Macro (not supported) and the EF 100mm f/2.8 Macro USM (supported) are different products', async () => {
    const base = ['EOS 90D', 'EOS R8', 'EF-S 17-55mm f/2.8 IS USM', 'RF 24-105mm F4 L IS USM'];
    expect(await tierOf('DK', ...base, 'EF 100mm f/2.8 Macro')).toBeNull();
    expect(await tierOf('DK', ...base, 'EF 100mm f/2.8 Macro USM')).toBe('SILVER');
  });

  it('the EOS 5DS (Gold cap) and the EOS 5DS R (Platinum cap) are different products', async () => {
    const rest = ['EOS R1', 'EOS R3', ...PLATINUM_LENSES.slice(0, 4)];
    expect(await tierOf('DE', 'EOS 5DS R', ...rest)).toBe('PLATINUM');
    expect(await tierOf('DE', 'EOS 5DS', ...rest)).toBe('GOLD');
  });

  it('a model name that only nearly matches is not a qualifying product', async () => {
    const d = await decide('DE', 'EOS 5D Mark IV ', 'eos 80d', 'EOS 5D Mark 4');
    expect(d.items.map((i) => i.reason)).toEqual(['not a qualifying product', 'not a qualifying product', 'not a qualifying product']);
    expect(d.items.every((i) => i.countsAs === null && !i.counts)).toBe(true);
  });

  it('a catalogue product that is in no pack does not qualify', async () => {
    const d = await decide('DE', 'EF 50mm f/1.8 STM');
    expect(d.items[0]).toMatchObject({ countsAs: null, cap: null, supported: false, counts: false, reason: 'not a qualifying product' });
  });

  it('the explanation mentions the item that cannot count and why', async () => {
    const d = await decide('DE', ...WORKED_EXAMPLE, 'EOS 7D');
    expect(d.explanation).toContain('EOS 7D does not count (not supported by the programme).');
  });

  it('the explanation comes from the engine: every tier rule is reported with its conditions', async () => {
    const d = await decide('DE', ...WORKED_EXAMPLE);
    expect(d.explanation[0]).toBe('Qualifies for Silver.');
    expect(d.explanation).toContain(
      'Rule "Silver": met — 2 bodies count towards Silver (at least 2 needed); 3 lenses count towards Silver (at least 3 needed); Germany (DE) allows up to Platinum.',
    );
    expect(d.explanation.some((l) => l.startsWith('Rule "Gold": not met — 1 body counts towards Gold (at least 2 needed).'))).toBe(true);
    expect(d.explanation.some((l) => l.startsWith('Rule "Platinum": not met'))).toBe(true);
  });
});

describe('country caps', () => {
  it('Estonia is Silver-only: Platinum equipment gives Silver, and the next tier is honestly null', async () => {
    const d = await decide('EE', ...platinumKit());
    expect(d.qualifyingTier).toBe('SILVER');
    expect(d.nextTier).toBeNull();
    expect(d.nextTierBlockedBy).toBe('Estonia (EE) is Silver-only');
    expect(d.explanation).toContain('Gold cannot be reached: Estonia (EE) is Silver-only.');
  });

  it.each(['EE', 'KZ', 'HR', 'LV', 'LT', 'RO', 'SI', 'TR', 'UA', 'AE'])('%s caps a Platinum kit at Silver', async (code) => {
    expect(await tierOf(code, ...platinumKit())).toBe('SILVER');
  });

  it.each(['BE', 'DK', 'DE', 'FI', 'FR', 'IE', 'IT', 'LU', 'NL', 'NO', 'AT', 'PL', 'PT', 'RU', 'ZA', 'ES', 'SE', 'CH', 'CZ', 'HU', 'GB'])(
    '%s allows Platinum',
    async (code) => {
      expect(await tierOf(code, ...platinumKit())).toBe('PLATINUM');
    },
  );

  it('below Silver in a Silver-only country, Silver is still within reach', async () => {
    const d = await decide('TR', PLATINUM_BODIES[0]);
    expect(d.nextTier).toEqual({ tier: 'SILVER', missingBodies: 1, missingLenses: 3 });
    expect(d.nextTierBlockedBy).toBeNull();
  });

  it('an address outside the programme countries gives no tier, and says why', async () => {
    const d = await decide('US', ...platinumKit());
    expect(d.qualifyingTier).toBeNull();
    expect(d.nextTier).toBeNull();
    expect(d.nextTierBlockedBy).toBe('US is not a programme country');
  });

  it('the United Kingdom is GB, not UK', async () => {
    expect(await tierOf('GB', ...platinumKit())).toBe('PLATINUM');
    expect(await tierOf('UK', ...platinumKit())).toBeNull();
  });
});

describe('video membership', () => {
  it('one Pro Video product makes a video member, even with no photo tier', async () => {
    const d = await decide('SE', 'EOS C70');
    expect(d).toMatchObject({ qualifyingTier: null, videoMember: true });
    expect(d.items[0]).toMatchObject({ countsAs: 'PRO_VIDEO', cap: null, counts: true, countsTowards: [] });
  });

  it('video membership comes on top of a photo tier', async () => {
    expect(await decide('DE', ...WORKED_EXAMPLE, 'XF605')).toMatchObject({ qualifyingTier: 'SILVER', videoMember: true });
  });

  it('a Pro Video lens does not count as a lens towards a tier', async () => {
    const d = await decide('DE', ...PLATINUM_BODIES.slice(0, 2), ...PLATINUM_LENSES.slice(0, 2), 'CN-E 24mm T1.5 L F');
    expect(d).toMatchObject({ qualifyingTier: null, videoMember: true });
  });

  it('a discontinued Pro Video product (EOS C300) or one pending transfer does not make a video member', async () => {
    const d = await decide('ZA', 'EOS C300', { model: 'EOS C300 Mark III', status: 'PENDING_TRANSFER' });
    expect(d.videoMember).toBe(false);
  });
});

describe('decisions', () => {
  it('carry the version of the policy that made them', async () => {
    const policy = await realPolicy();
    expect((await policy.evaluate(member('DE'))).policyVersion).toBe(policy.version);
    expect(policy.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('are the same when many members are evaluated at once as when evaluated one by one', async () => {
    const policy = await realPolicy();
    const members = Array.from({ length: 300 }, (_, i) =>
      member(['DE', 'EE', 'GB'][i % 3], ...platinumKit().slice(0, 2 + (i % 6)), ...(i % 4 === 0 ? ['EOS C70'] : [])),
    );
    const oneByOne: unknown[] = [];
    for (const m of members) oneByOne.push(await policy.evaluate(m));
    const atOnce = await Promise.all(members.map((m) => policy.evaluate(m)));
    expect(atOnce).toEqual(oneByOne);
  });
});
