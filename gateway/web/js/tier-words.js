/**
 * "Why this tier" in a photographer's words, built from the member's own data (their models, the
 * tiers each counts up to, what the next tier needs): "Your EOS 80D can count up to Silver; Gold
 * needs two bodies that count towards Gold." The engine's trace (rule names, met / not met) is for
 * staff and stays behind a toggle on the page.
 */
import { tierName, TIER_ORDER } from './format.js';

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const say = (n) => NUMBER_WORDS[n] ?? String(n);
const KIND_WORDS = { BODY: ['body', 'bodies'], LENS: ['lens', 'lenses'] };
const rank = (tier) => (tier ? TIER_ORDER.indexOf(tier) : -1);
const listOf = (words) => (words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`);
const CURRENT = new Set(['ACTIVE', 'PENDING_TRANSFER']);

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
    const bodies = counting('BODY', held).length;
    const lenses = counting('LENS', held).length;
    sentences.push(`Your equipment qualifies for ${tierName(held)}: ${amount(bodies, 'BODY')} and ${amount(lenses, 'LENS')} count towards ${tierName(held)}.`);
  } else {
    sentences.push('Your equipment qualifies for no tier yet.');
  }

  const gap = me.nextTier;
  if (gap) {
    for (const [kind, missing] of [['BODY', gap.missingBodies], ['LENS', gap.missingLenses]]) {
      if (missing > 0) sentences.push(...whatTheNextTierNeeds(items, kind, gap.tier, counting(kind, gap.tier).length, missing));
    }
  } else if (held === TIER_ORDER[TIER_ORDER.length - 1]) {
    sentences.push(`${tierName(held)} is the highest tier of the programme.`);
  } else if (rank(me.country.maxTier) <= rank(held)) {
    sentences.push(`You live in ${me.country.name}, where ${tierName(me.country.maxTier)} is the highest tier the programme offers: no equipment can take you higher.`);
  } else if (me.tierExplanation?.nextTierBlockedBy) {
    sentences.push(`No higher tier can be reached from ${me.country.name}.`);
  }

  for (const why of items) sentences.push(...itemSentence(why));
  return sentences;
}

const amount = (n, kind) => `${say(n)} ${KIND_WORDS[kind][n === 1 ? 0 : 1]}`;

/** "Your EOS 80D can count up to Silver; Gold needs two bodies that count towards Gold." */
function whatTheNextTierNeeds(items, kind, tier, have, missing) {
  const need = have + missing;
  const [one, many] = KIND_WORDS[kind];
  const needs = `${tierName(tier)} needs ${say(need)} ${need === 1 ? one : many} that ${need === 1 ? 'counts' : 'count'} towards ${tierName(tier)}`;
  // Items of this kind that count, but only up to a lower tier: the reason most members miss out.
  const capped = items.filter((i) => i.counts && i.item.product.kind === kind && i.countsTowards.length && !i.countsTowards.includes(tier));
  const byCap = new Map();
  for (const i of capped) {
    const cap = i.countsTowards[i.countsTowards.length - 1];
    byCap.set(cap, [...(byCap.get(cap) ?? []), i.model]);
  }
  const caps = [...byCap].map(([cap, models]) => `${listOf(models)} can count up to ${tierName(cap)}`);
  const first = caps.length ? `Your ${caps.join('; your ')}; ${needs}.` : `${needs.charAt(0).toUpperCase()}${needs.slice(1)}.`;
  const more = `${say(missing)} more ${missing === 1 ? one : many}`;
  const second = have ? `You have ${say(have)}, so ${more} ${missing === 1 ? 'is' : 'are'} needed.` : `You have none yet: register ${more} whose model counts up to ${tierName(tier)} or higher.`;
  return [first, second];
}

/** What a member should know about one item that does not simply count. */
function itemSentence({ model, counts, countsTowards, item }) {
  if (!item.product.supported) return [`Your ${model} is no longer supported by the programme: it stays on your account and can be repaired, but counts for nothing.`];
  if (item.status === 'PENDING_TRANSFER') return [`Your ${model} counts for you once a handler has confirmed the transfer.`];
  if (item.product.kind === 'PRO_VIDEO') return counts ? [`Your ${model} makes you a video member.`] : [];
  if (!counts || !countsTowards.length) return [`Your ${model} does not count towards a tier.`];
  return [];
}
