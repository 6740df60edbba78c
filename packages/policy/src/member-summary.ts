import type { CountryRule, ItemDecision, MemberFacts, ProductRule, Tier } from './types';
import { tiersUpTo } from './tiers';
import { tierPhrase } from './condition-text';
import { phrase, type TextKey, type Words } from './texts';

/** A product rule with what it means precomputed once per policy, not once per member. */
export interface ProductEntry {
  rule: ProductRule;
  countsTowards: readonly Tier[];
  countingReason: Words;
}

/** Everything the rules need to know about one member, computed in one pass over the items. */
export interface MemberSummary {
  countryCode: string;
  country: CountryRule | undefined;
  items: ItemDecision[];
  bodies: Record<Tier, number>; // items counting towards each tier
  lenses: Record<Tier, number>;
  proVideo: number; // items counting towards video membership
}

function countingReason(rule: ProductRule): Words {
  return rule.countsAs === 'PRO_VIDEO'
    ? phrase('item.countsAsProVideo', { model: rule.model })
    : phrase(rule.countsAs === 'BODY' ? 'item.countsAsBody' : 'item.countsAsLens', { model: rule.model, tier: tierPhrase(rule.cap) });
}

export function indexProducts(products: Iterable<ProductRule>): Map<string, ProductEntry> {
  const index = new Map<string, ProductEntry>();
  for (const rule of products) {
    const countsTowards = Object.freeze(rule.countsAs === 'PRO_VIDEO' || !rule.supported ? [] : tiersUpTo(rule.cap));
    index.set(rule.model, { rule, countsTowards, countingReason: countingReason(rule) });
  }
  return index;
}

/** Why an item that is not ACTIVE counts for nothing; second-hand items count for nobody until confirmed. */
const INACTIVE_REASON: Readonly<Record<string, Words>> = Object.fromEntries(
  (['PENDING_TRANSFER', 'TRANSFERRED', 'REJECTED', 'REMOVED'] as const).map((status) => [status, phrase(`item.${status}` as TextKey)]),
);
const NOT_QUALIFYING = phrase('item.notQualifying');
const UNSUPPORTED = phrase('item.unsupported');

function notCounting(
  item: MemberFacts['items'][number],
  entry: ProductEntry | undefined,
  reason: Words,
): ItemDecision {
  return {
    id: item.id,
    model: item.model,
    countsAs: entry ? entry.rule.countsAs : null,
    cap: entry ? entry.rule.cap : null,
    supported: entry ? entry.rule.supported : false,
    counts: false,
    countsTowards: [],
    reason,
  };
}

/** Decides every item (exact model lookup only) and counts what counts, per tier. */
export function summariseMember(
  facts: MemberFacts,
  products: ReadonlyMap<string, ProductEntry>,
  countries: ReadonlyMap<string, CountryRule>,
): MemberSummary {
  const bodies: Record<Tier, number> = { SILVER: 0, GOLD: 0, PLATINUM: 0 };
  const lenses: Record<Tier, number> = { SILVER: 0, GOLD: 0, PLATINUM: 0 };
  let proVideo = 0;
  const items: ItemDecision[] = [];

  for (const item of facts.items) {
    const entry = products.get(item.model);
    if (!entry) {
      items.push(notCounting(item, undefined, NOT_QUALIFYING));
      continue;
    }
    const { rule } = entry;
    // A permanent reason comes before a passing one: an unsupported product stays unsupported after a transfer.
    if (!rule.supported) {
      items.push(notCounting(item, entry, UNSUPPORTED));
      continue;
    }
    if (item.status !== 'ACTIVE') {
      items.push(notCounting(item, entry, INACTIVE_REASON[item.status] ?? phrase('item.otherStatus', { status: item.status })));
      continue;
    }
    if (rule.countsAs === 'PRO_VIDEO') proVideo++;
    else {
      const counter = rule.countsAs === 'BODY' ? bodies : lenses;
      for (const tier of entry.countsTowards) counter[tier]++;
    }
    items.push({
      id: item.id,
      model: item.model,
      countsAs: rule.countsAs,
      cap: rule.cap,
      supported: true,
      counts: true,
      countsTowards: entry.countsTowards as Tier[], // frozen, shared by every item of this product
      reason: entry.countingReason,
    });
  }

  const countryCode = (facts.countryCode ?? '').toUpperCase();
  return { countryCode, country: countries.get(countryCode), items, bodies, lenses, proVideo };
}
