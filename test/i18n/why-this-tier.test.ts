/**
 * "Why this tier" as the dashboard words it (gateway/web/js/tier-words.js), from the member's own
 * data, without a browser: each model named once, with how many of it the member has.
 */
import { describe, expect, it } from 'vitest';
import { useLanguage } from '../../gateway/web/js/i18n.js';
import { whyThisTier } from '../../gateway/web/js/tier-words.js';

type Item = { id: string; model: string; kind: 'BODY' | 'LENS'; supported?: boolean; countsTowards: string[] };

/** A dashboard's member: Silver, Gold next, in Germany; items as given. */
function member(items: Item[], nextTier = { tier: 'GOLD', missingBodies: 2, missingLenses: 0 }) {
  return {
    qualifyingTier: 'SILVER',
    nextTier,
    country: { code: 'DE', name: 'Germany', maxTier: 'PLATINUM' },
    equipment: items.map((i) => ({ id: i.id, status: 'ACTIVE', product: { kind: i.kind, model: i.model, supported: i.supported ?? true } })),
    tierExplanation: {
      nextTierBlockedBy: null,
      items: items.map((i) => ({ equipmentId: i.id, model: i.model, counts: i.countsTowards.length > 0, countsTowards: i.countsTowards })),
    },
  };
}

describe('why this tier, in words', () => {
  it('names two items of one model once, with how many, where they stop counting', () => {
    useLanguage('en');
    const sentences = whyThisTier(member([
      { id: '1', model: 'EOS 80D', kind: 'BODY', countsTowards: ['SILVER'] },
      { id: '2', model: 'EOS 80D', kind: 'BODY', countsTowards: ['SILVER'] },
      { id: '3', model: 'EOS 90D', kind: 'BODY', countsTowards: ['SILVER'] },
    ], { tier: 'GOLD', missingBodies: 2, missingLenses: 0 }));
    const capped = sentences.find((s) => s.includes('can count up to'))!;
    expect(capped).toMatch(/^Your 2\u00a0× EOS 80D and EOS 90D can count up to Silver/);
    expect(capped.match(/EOS 80D/g)).toHaveLength(1);
  });

  it('says a thing about a model once, however many of it the member has', () => {
    useLanguage('en');
    const sentences = whyThisTier(member([
      { id: '1', model: 'EOS 7D', kind: 'BODY', supported: false, countsTowards: [] },
      { id: '2', model: 'EOS 7D', kind: 'BODY', supported: false, countsTowards: [] },
    ]));
    expect(sentences.filter((s) => s.includes('EOS 7D'))).toHaveLength(1);
  });

  it('counts in the page\'s language', () => {
    try {
      useLanguage('de');
      const sentences = whyThisTier(member([
        { id: '1', model: 'EOS 80D', kind: 'BODY', countsTowards: ['SILVER'] },
        { id: '2', model: 'EOS 80D', kind: 'BODY', countsTowards: ['SILVER'] },
      ]));
      expect(sentences.join(' ')).toMatch(/Ihre Modelle 2\u00a0× EOS 80D zählen höchstens bis Silber/);
    } finally {
      useLanguage('en');
    }
  });
});
