// Country packs (kind "country", one file per country): the shipped files, dealer matching,
// on-site support by country, what a country file is refused for, and reading country codes.
import { describe, expect, it } from 'vitest';
import { loadPolicy, ON_SITE_SUPPORT, PolicyError, readCountryCode, type PolicyProblem } from '../index';
import { copyOfRules, countryPack, editJson, realPolicy, writeJson } from './helpers';

/** The problems a load of dir is refused with (fails the test if it loads). */
async function refusal(dir: string): Promise<PolicyProblem[]> {
  const error = await loadPolicy(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PolicyError);
  return (error as PolicyError).problems;
}

const codes = (benefits: { code: string }[]) => benefits.map((b) => b.code);

describe('the shipped country files', () => {
  it('are 31 countries, one file each, each with a handler team e-mail, and at least 5 different handler teams', async () => {
    const policy = await realPolicy();
    const countries = policy.countries();
    expect(countries).toHaveLength(31);
    const files = policy.packs().filter((p) => p.kind === 'country').map((p) => p.file);
    expect(files).toHaveLength(31);
    expect(files).toEqual(countries.map((c) => `countries/${c.code.toLowerCase()}.json`).sort());
    for (const country of countries) {
      expect(country.handlerTeam.name, country.code).not.toBe('');
      expect(country.handlerTeam.email, country.code).toMatch(/^[^\s@]+@[^\s@]+\.[^\s@]+$/);
    }
    expect(new Set(countries.map((c) => c.handlerTeam.email)).size).toBeGreaterThanOrEqual(5);
  });
});

describe('authorisedDealer', () => {
  it('matches a typed name ignoring case, spacing and punctuation, in that country only', async () => {
    const policy = await realPolicy();
    expect(policy.authorisedDealer('DE', 'Foto Koch')).toBe('Foto Koch');
    expect(policy.authorisedDealer('DE', 'foto-koch')).toBe('Foto Koch');
    expect(policy.authorisedDealer('DE', 'FOTO KOCH.')).toBe('Foto Koch');
    expect(policy.authorisedDealer('DE', 'Foto Kochs')).toBeNull();
    expect(policy.authorisedDealer('AT', 'Foto Koch')).toBeNull();
    expect(policy.authorisedDealer('AT', 'foto-koch')).toBeNull();
  });

  it('a spelling listed in the country file stands for its dealer', async () => {
    const policy = await realPolicy();
    expect(policy.authorisedDealer('DE', 'FotoKoch Düsseldorf')).toBe('Foto Koch');
    expect(policy.authorisedDealer('DE', 'foto koch gmbh')).toBe('Foto Koch');
    expect(policy.authorisedDealer('GB', 'Warehouse Express')).toBe('Wex Photo Video');
    // A spelling of one country's dealer is not a dealer elsewhere.
    expect(policy.authorisedDealer('AT', 'FotoKoch Düsseldorf')).toBeNull();
    expect(policy.authorisedDealer('US', 'Foto Koch')).toBeNull();
  });
});

describe('benefits by country', () => {
  it('Platinum includes on-site support where the country offers it, and not where it does not', async () => {
    const policy = await realPolicy();
    expect(policy.country('DE')?.onSiteSupport).toBe(true);
    expect(policy.country('CZ')).toMatchObject({ maxTier: 'PLATINUM', onSiteSupport: false });

    const everywhere = policy.benefits('PLATINUM', false);
    expect(codes(everywhere)).toContain(ON_SITE_SUPPORT);
    expect(policy.benefits('PLATINUM', false, 'DE')).toEqual(everywhere);
    const inCzechia = policy.benefits('PLATINUM', false, 'CZ');
    expect(codes(inCzechia)).not.toContain(ON_SITE_SUPPORT);
    // Only on-site support is dropped: every other Platinum benefit stays.
    expect(inCzechia).toEqual(everywhere.filter((b) => b.code !== ON_SITE_SUPPORT));
    expect(codes(policy.benefits('PLATINUM', true, 'CZ'))).not.toContain(ON_SITE_SUPPORT);
    expect(codes(policy.benefits('PLATINUM', true, 'DE'))).toContain(ON_SITE_SUPPORT);
  });
});

describe('refusing country files', () => {
  it('a country file without a handler team is refused, naming the file and the property', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'countries/de.json', (c) => delete c.handlerTeam);
    expect(await refusal(dir)).toEqual([{ file: 'countries/de.json', pointer: '', message: 'missing required property "handlerTeam"' }]);
  });

  it('two dealers whose names read the same in one file are refused', async () => {
    const dir = await copyOfRules();
    await editJson(dir, 'countries/de.json', (c) => c.dealers.push({ name: 'foto-koch' }));
    const problems = await refusal(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'countries/de.json', pointer: '/dealers/4/name' });
    expect(problems[0].message).toContain('"foto-koch" reads the same as dealer "Foto Koch"');
  });

  it('a code ISO has not assigned is refused', async () => {
    const dir = await copyOfRules();
    await writeJson(dir, 'countries/zz.json', countryPack('ZZ', 'Nowhere'));
    expect(await refusal(dir)).toEqual([
      { file: 'countries/zz.json', pointer: '/code', message: '"ZZ" is not an assigned ISO 3166-1 alpha-2 code' },
    ]);
  });

  it('an old-style list of kind "countries" is refused, saying what replaced it', async () => {
    const dir = await copyOfRules();
    await writeJson(dir, 'countries/full-programme.json', {
      kind: 'countries',
      version: '1.0.0',
      countries: [{ code: 'GR', name: 'Greece', maxTier: 'SILVER' }],
    });
    const problems = await refusal(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'countries/full-programme.json', pointer: '/kind' });
    expect(problems[0].message).toMatch(/^kind "countries" \(a list\) was replaced by one file of kind "country" per country/);
  });
});

describe('readCountryCode', () => {
  it('reads any case and surrounding spaces, and takes "UK" as GB', () => {
    expect(readCountryCode('uk')).toEqual({ code: 'GB' });
    expect(readCountryCode('UK')).toEqual({ code: 'GB' });
    expect(readCountryCode(' de ')).toEqual({ code: 'DE' });
    expect(readCountryCode('GB')).toEqual({ code: 'GB' });
  });

  it('gives a reason for codes ISO has not assigned and for what is not a code', () => {
    for (const raw of ['ZZ', 'EU']) {
      const reading = readCountryCode(raw);
      expect(reading.code).toBeUndefined();
      expect(reading.reason).toContain(`"${raw}" is not an assigned ISO 3166-1 alpha-2 country code`);
    }
    expect(readCountryCode('DEU').reason).toMatch(/is not a country code/);
    expect(readCountryCode(null).reason).toMatch(/is not a country code/);
  });
});
