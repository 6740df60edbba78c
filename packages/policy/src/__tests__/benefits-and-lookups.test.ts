// Benefits per tier and the policy's lookups (products, countries), from the real rule files.
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { compareTiers, defaultRulesDir, TIERS } from '../index';
import { realPolicy } from './helpers';

const codes = async (tier: Parameters<Awaited<ReturnType<typeof realPolicy>>['benefits']>[0], video = false) =>
  (await realPolicy()).benefits(tier, video).map((b) => b.code);

describe('benefits', () => {
  it('Silver members get event support and express repair, but no loan equipment', async () => {
    const silver = await codes('SILVER');
    expect(silver).toEqual(expect.arrayContaining(['EVENT_SUPPORT', 'EXPRESS_REPAIR']));
    expect(silver).not.toContain('LOAN_WHILE_REPAIR_OVERRUNS');
  });

  it('Gold adds free loan equipment while a repair overruns, and a faster express repair replaces Silver\'s', async () => {
    const policy = await realPolicy();
    const gold = policy.benefits('GOLD', false);
    expect(gold.map((b) => b.code)).toContain('LOAN_WHILE_REPAIR_OVERRUNS');
    expect(gold.filter((b) => b.code === 'EXPRESS_REPAIR')).toHaveLength(1);
    expect(gold.find((b) => b.code === 'EXPRESS_REPAIR')!.name).toBe('Express repair (Gold)');
  });

  it('Platinum adds on-site support', async () => {
    expect(await codes('PLATINUM')).toContain('ON_SITE_SUPPORT');
    expect(await codes('GOLD')).not.toContain('ON_SITE_SUPPORT');
  });

  it('benefits grow with the tier: each tier has every benefit code of the tier below, and more', async () => {
    for (let i = 1; i < TIERS.length; i++) {
      const lower = await codes(TIERS[i - 1]);
      const higher = await codes(TIERS[i]);
      expect(higher).toEqual(expect.arrayContaining(lower));
      expect(higher.length).toBeGreaterThan(lower.length);
    }
  });

  it('no tier gives no benefits; a video member with no tier gets the video benefits only', async () => {
    expect(await codes(null)).toEqual([]);
    expect(await codes(null, true)).toEqual(['VIDEO_EVENT_SUPPORT', 'VIDEO_EXPRESS_REPAIR']);
  });

  it('video benefits come on top of the tier benefits', async () => {
    const gold = await codes('GOLD');
    expect(await codes('GOLD', true)).toEqual([...gold, 'VIDEO_EVENT_SUPPORT', 'VIDEO_EXPRESS_REPAIR']);
  });

  it('every benefit has a code, a name and a description', async () => {
    for (const b of (await realPolicy()).benefits('PLATINUM', true)) {
      expect(b.code).toMatch(/^[A-Z_]+$/);
      expect(b.name.length).toBeGreaterThan(0);
      expect(b.description.length).toBeGreaterThan(0);
    }
  });

  it('a caller changing the returned list does not change the policy', async () => {
    const policy = await realPolicy();
    policy.benefits('SILVER', false).pop();
    expect(policy.benefits('SILVER', false).length).toBe((await codes('SILVER')).length);
  });
});

describe('products', () => {
  it('holds the 45 qualifying products', async () => {
    const products = (await realPolicy()).products();
    expect(products).toHaveLength(45);
    expect(products.filter((p) => p.countsAs === 'PRO_VIDEO').every((p) => p.cap === null)).toBe(true);
    expect(products.filter((p) => p.countsAs !== 'PRO_VIDEO').every((p) => p.cap !== null)).toBe(true);
  });

  it('product() matches the exact model name only, never fuzzily', async () => {
    const policy = await realPolicy();
    expect(policy.product('EF 100mm f/2.8 Macro')).toEqual({ model: 'EF 100mm f/2.8 Macro', countsAs: 'LENS', cap: 'SILVER', supported: false });
    expect(policy.product('EF 100mm f/2.8 Macro USM')?.supported).toBe(true);
    expect(policy.product('ef 100mm f/2.8 macro usm')).toBeUndefined();
    expect(policy.product(' EOS R5')).toBeUndefined();
    expect(policy.product('EOS R5 Mark II')?.model).toBe('EOS R5 Mark II');
  });
});

describe('countries', () => {
  it('are the 31 programme countries, sorted by name: 21 full programme and 10 Silver-only', async () => {
    const countries = (await realPolicy()).countries();
    expect(countries).toHaveLength(31);
    expect(countries.filter((c) => c.maxTier === 'PLATINUM')).toHaveLength(21);
    expect(countries.filter((c) => c.maxTier === 'SILVER').map((c) => c.code).sort()).toEqual(
      ['AE', 'EE', 'HR', 'KZ', 'LT', 'LV', 'RO', 'SI', 'TR', 'UA'],
    );
    const names = countries.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('country() knows programme countries only, and the United Kingdom as GB', async () => {
    const policy = await realPolicy();
    expect(policy.country('GB')).toEqual({
      code: 'GB',
      name: 'United Kingdom',
      translations: { de: { name: 'Vereinigtes Königreich' }, fr: { name: 'Royaume-Uni' } },
      maxTier: 'PLATINUM',
      language: 'en',
      // The team writes in the country's language unless its file names another.
      handlerTeam: { name: 'CPS handler team UK and Ireland', email: 'cps-uki@cps.example', language: 'en' },
      onSiteSupport: true,
      servicePoint: { name: 'CPS Service Point London', address: 'Unit 12, Park Royal Trading Estate, London NW10 7XR', phone: '+44 20 7946 0100' },
      dealers: [
        { name: 'Wex Photo Video', spellings: ['Wex', 'Warehouse Express', 'Wex Photographic'] },
        { name: 'Park Cameras', spellings: ['Park Cameras Ltd', 'Park Cameras Burgess Hill'] },
        { name: 'CVP', spellings: ['Creative Video Productions', 'CVP London'] },
        { name: 'Calumet Photographic', spellings: ['Calumet', 'Calumet UK'] },
      ],
      closed: false,
    });
    expect(policy.country('UK')).toBeUndefined();
    expect(policy.country('US')).toBeUndefined();
    expect(policy.country('EE')?.maxTier).toBe('SILVER');
  });
});

describe('tiers', () => {
  it('are ordered lowest first, with no tier below Silver', () => {
    expect(TIERS).toEqual(['SILVER', 'GOLD', 'PLATINUM']);
    expect(compareTiers('GOLD', 'SILVER')).toBeGreaterThan(0);
    expect(compareTiers(null, 'SILVER')).toBeLessThan(0);
    expect(compareTiers('PLATINUM', 'PLATINUM')).toBe(0);
  });
});

describe('defaultRulesDir', () => {
  it('is the repository\'s rules/ directory, found from the package\'s own location', () => {
    expect(defaultRulesDir({})).toBe(path.resolve(__dirname, '../../../../rules'));
    expect(defaultRulesDir({})).toMatch(/\/rules$/);
  });

  it('RULES_DIR overrides it', () => {
    expect(defaultRulesDir({ RULES_DIR: '/srv/policy/rules' })).toBe('/srv/policy/rules');
  });
});
