import { compareTiers, type Decision, type TextKey, type Texts, type Tier } from '@cps/policy';
import type { HeldState } from './held-tier';

export type OutlookChange = 'UP' | 'DOWN' | 'SAME';

export interface Outlook {
  /** The next 1 January. */
  on: string;
  tier: Tier | null;
  videoMember: boolean;
  change: OutlookChange;
  reasons: string[];
}

/** A day in words in a language: "1 January 2027", "1. Januar 2027", "1er janvier 2027". */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** One formatter per language and words per day (making them per call costs more than deciding a member). */
const dayWordsCache = new Map<string, string>();
export const dayWords = (day: string, language = 'en'): string => {
  const key = `${language}|${day}`;
  let words = dayWordsCache.get(key);
  if (words === undefined) {
    let format = dayFormats.get(language);
    if (!format) dayFormats.set(language, (format = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })));
    const parts = format.formatToParts(new Date(`${day}T12:00:00Z`));
    dayWordsCache.set(key, (words = parts.map((part) => (part.type === 'day' ? dayOfMonth(part.value, language) : part.value)).join('')));
  }
  return words;
};

/** French writes the first of a month as an ordinal, "1er janvier" (Intl writes "1 janvier"). */
const dayOfMonth = (value: string, language: string): string => (value === '1' && language.split('-')[0] === 'fr' ? '1er' : value);

/** A tier in the texts' language ("Gold", "Platin"); no tier has its own words. */
export const tierIn = (texts: Texts, tier: Tier | null): string => texts.text(tier ? `tier.${tier}` : 'tier.none');

/**
 * What the 1 January run on `on` will make of a member if nothing changes: the run gives the
 * qualifying tier and video membership under the policy in force then (`decision`), so a held
 * tier above it falls. The reasons are sentences a photographer understands, in `texts`' language.
 */
/** What the outlook reads of an item: which product, and whether it is still on the account. */
export interface OutlookItem {
  productModel: string;
  status: string;
}

/** Whether the run raises, lowers or keeps the held tier (the census counts only this). */
export function outlookChange(held: HeldState, decision: Decision): OutlookChange {
  const order = compareTiers(decision.qualifyingTier, held.heldTier);
  return order > 0 ? 'UP' : order < 0 ? 'DOWN' : 'SAME';
}

function missingWords(texts: Texts, gap: { missingBodies: number; missingLenses: number }): string {
  const count = (n: number, one: TextKey, many: TextKey) => (n === 1 ? texts.text(one) : texts.text(many, { count: n }));
  const bodies = gap.missingBodies ? count(gap.missingBodies, 'outlook.oneMoreBody', 'outlook.moreBodies') : '';
  const lenses = gap.missingLenses ? count(gap.missingLenses, 'outlook.oneMoreLens', 'outlook.moreLenses') : '';
  return bodies && lenses ? texts.text('outlook.bodiesAndLenses', { bodies, lenses }) : bodies || lenses;
}

export function outlookFor(held: HeldState, decision: Decision, items: readonly OutlookItem[], on: string, texts: Texts): Outlook {
  const tier = decision.qualifyingTier;
  const change = outlookChange(held, decision);
  const day = dayWords(on, texts.language);
  const reasons: string[] = [];
  if (change === 'DOWN') {
    const heldWords = tierIn(texts, held.heldTier);
    for (const item of items) {
      if (item.status === 'REMOVED') reasons.push(texts.text('outlook.removed', { model: item.productModel }));
      if (item.status === 'TRANSFERRED') reasons.push(texts.text('outlook.transferred', { model: item.productModel }));
    }
    for (const item of decision.items) {
      if (!item.supported) reasons.push(texts.text('outlook.unsupported', { model: item.model }));
    }
    // The engine's reason ("Estonia (EE) is Silver-only"), in the same language.
    if (decision.nextTierBlockedBy) reasons.push(texts.text('outlook.blocked', { tier: heldWords, why: decision.nextTierBlockedBy }));
    const gap = decision.nextTier;
    if (gap) {
      const target = gap.tier === held.heldTier ? 'outlook.toKeep' : 'outlook.toReachAgain';
      reasons.push(texts.text(target, { tier: tierIn(texts, gap.tier), needs: missingWords(texts, gap) }));
    }
    reasons.push(texts.text('outlook.goesDown', { day, from: heldWords, to: tierIn(texts, tier) }));
  } else if (change === 'UP') {
    reasons.push(texts.text('outlook.rises', { tier: tierIn(texts, tier), day }));
  } else {
    reasons.push(held.heldTier ? texts.text('outlook.keeps', { tier: tierIn(texts, held.heldTier), day }) : texts.text('outlook.qualifiesForNone', { day }));
  }
  if (held.videoMember && !decision.videoMember) reasons.push(texts.text('outlook.videoEnds', { day }));
  return { on, tier, videoMember: decision.videoMember, change, reasons };
}
