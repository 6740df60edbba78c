/**
 * "Why this tier" in a photographer's words, built from the member's own data (their models, the
 * tiers each counts up to, what the next tier needs): "Your EOS 80D can count up to Silver; Gold
 * needs two bodies that count towards Gold." The engine's trace (rule names, met / not met) is for
 * staff and stays behind a toggle on the page. Every sentence is a message of the page's language
 * (texts/*.js, why.*): small numbers as words, lists of models by Intl.ListFormat.
 */
import { placeName, tierName, TIER_ORDER } from './format.js';
import { list, t } from './i18n.js';

/** 2 → 'two' / 'zwei' / 'deux' up to ten, then digits; 0 and 1 are the messages' own forms ('=0', 'one'). */
const say = (n) => t('why.numberWords').split('|')[n] ?? n;
const rank = (tier) => (tier ? TIER_ORDER.indexOf(tier) : -1);
const CURRENT = new Set(['ACTIVE', 'PENDING_TRANSFER']);
/** A message whose form follows n (count) and which says n in words (n). */
const counted = (key, n, params = {}) => t(key, { ...params, count: n, n: say(n) });
const sentence = (text) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/**
 * me: the dashboard's member (qualifyingTier, nextTier, country, equipment, tierExplanation.items).
 * Returns sentences, most important first.
 */
export function whyThisTier(me) {
  const equipment = new Map(me.equipment.map((item) => [item.id, item]));
  const items = (me.tierExplanation?.items ?? [])
    .map((why) => ({ ...why, item: equipment.get(why.equipmentId) }))
    .filter(({ item }) => item && CURRENT.has(item.status));
  const counting = (kind, tier) => items.filter((i) => i.counts && i.item.product.kind === kind && i.countsTowards.includes(tier));

  const sentences = [];
  const held = me.qualifyingTier;
  if (held) {
    const bodies = counted('why.amount.BODY', counting('BODY', held).length);
    const lenses = counted('why.amount.LENS', counting('LENS', held).length);
    sentences.push(t('why.qualifies', { tier: tierName(held), bodies, lenses }));
  } else {
    sentences.push(t('why.qualifiesForNone'));
  }

  const gap = me.nextTier;
  const country = placeName(me.country);
  if (gap) {
    for (const [kind, missing] of [['BODY', gap.missingBodies], ['LENS', gap.missingLenses]]) {
      if (missing > 0) sentences.push(...whatTheNextTierNeeds(items, kind, gap.tier, counting(kind, gap.tier).length, missing));
    }
  } else if (held === TIER_ORDER[TIER_ORDER.length - 1]) {
    sentences.push(t('why.highest', { tier: tierName(held) }));
  } else if (rank(me.country.maxTier) <= rank(held)) {
    sentences.push(t('why.countryCap', { country, tier: tierName(me.country.maxTier) }));
  } else if (me.tierExplanation?.nextTierBlockedBy) {
    sentences.push(t('why.blocked', { country }));
  }

  for (const why of items) sentences.push(...itemSentence(why));
  // Two items of one model that does not count are one sentence, not the same sentence twice.
  return [...new Set(sentences)];
}

/** Each model once, with how many of it there are: ['EOS 80D', 'EOS 80D', 'EOS R'] → ['2 × EOS 80D', 'EOS R']. */
function modelsOnce(models) {
  const counts = new Map();
  for (const model of models) counts.set(model, (counts.get(model) ?? 0) + 1);
  return [...counts].map(([model, count]) => (count > 1 ? t('why.modelTimes', { count, model }) : model));
}

/** "Your EOS 80D can count up to Silver; Gold needs two bodies that count towards Gold." */
function whatTheNextTierNeeds(items, kind, tier, have, missing) {
  const need = have + missing;
  const needs = counted(`why.needs.${kind}`, need, { tier: tierName(tier) });
  // Items of this kind that count, but only up to a lower tier: the reason most members miss out.
  const capped = items.filter((i) => i.counts && i.item.product.kind === kind && i.countsTowards.length && !i.countsTowards.includes(tier));
  const byCap = new Map();
  for (const i of capped) {
    const cap = i.countsTowards[i.countsTowards.length - 1];
    byCap.set(cap, [...(byCap.get(cap) ?? []), i.model]);
  }
  const caps = [...byCap].map(([cap, models]) => t('why.cappedAt', { count: models.length, models: list(modelsOnce(models)), cap: tierName(cap) }));
  const first = `${sentence([...caps, needs].join(t('why.clauseSeparator')))}.`;
  const second = have
    ? t('why.haveSo', { have: counted('why.have', have), needed: counted(`why.moreNeeded.${kind}`, missing) })
    : counted(`why.noneYet.${kind}`, missing, { tier: tierName(tier) });
  return [first, second];
}

/** What a member should know about one item that does not simply count. */
function itemSentence({ model, counts, countsTowards, item }) {
  if (!item.product.supported) return [t('why.unsupported', { model })];
  if (item.status === 'PENDING_TRANSFER') return [t('why.pending', { model })];
  if (item.product.kind === 'PRO_VIDEO') return counts ? [t('why.video', { model })] : [];
  if (!counts || !countsTowards.length) return [t('why.notCounting', { model })];
  return [];
}
