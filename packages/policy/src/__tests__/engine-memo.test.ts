import { describe, expect, it } from 'vitest';
import { defaultRulesDir, loadPolicy, type MemberFacts } from '../index';

/** Random members over the real products and countries, reproducible. */
function randomMembers(count: number, products: string[], countries: string[]): MemberFacts[] {
  let seed = 42;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const statuses = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'PENDING_TRANSFER', 'REMOVED'];
  return Array.from({ length: count }, (_, m) => ({
    countryCode: countries[Math.floor(rnd() * countries.length)],
    items: Array.from({ length: Math.floor(rnd() * 16) }, (_, i) => ({
      id: `${m}-${i}`,
      model: products[Math.floor(rnd() * products.length)],
      status: statuses[Math.floor(rnd() * statuses.length)],
    })),
  }));
}

describe('remembering the engine verdicts by fact values', () => {
  it('gives every member exactly the decision a fresh engine run gives, explanation included', async () => {
    const warm = await loadPolicy(defaultRulesDir());
    const products = [...warm.products().map((p) => p.model), 'EF 50mm f/1.8 STM'];
    const members = randomMembers(400, products, [...warm.countries().map((c) => c.code), 'US']);
    const warmDecisions: unknown[] = [];
    for (const member of members) warmDecisions.push(JSON.parse(JSON.stringify(await warm.evaluate(member))));
    for (const [i, member] of members.entries()) {
      const fresh = await loadPolicy(defaultRulesDir()); // nothing remembered: the engine runs
      expect(JSON.parse(JSON.stringify(await fresh.evaluate(member)))).toEqual(warmDecisions[i]);
    }
  }, 60_000);

  it('two Silver-only countries share a verdict but each member is told about their own country', async () => {
    const policy = await loadPolicy(defaultRulesDir());
    const kit = ['EOS R1', 'EOS R3', 'EOS R5', 'RF 24-70mm F2.8 L IS USM', 'RF 70-200mm F2.8 L IS USM', 'RF 15-35mm F2.8 L IS USM', 'RF 50mm F1.2 L USM'];
    const items = kit.map((model, i) => ({ id: String(i), model, status: 'ACTIVE' }));
    const estonia = await policy.evaluate({ countryCode: 'EE', items });
    const latvia = await policy.evaluate({ countryCode: 'LV', items });
    expect(estonia.qualifyingTier).toBe('SILVER');
    expect(latvia.qualifyingTier).toBe('SILVER');
    const english = policy.texts('en');
    expect(english.words(estonia.nextTierBlockedBy!)).toMatch(/Estonia/);
    expect(english.words(latvia.nextTierBlockedBy!)).toMatch(/Latvia/);
    expect(latvia.explanation.map(english.words).join('\n')).toMatch(/Latvia/);
  });
});
