/** Words and dates as people read them, in the page's language (i18n.js). */
import { currentLocale, language, t } from './i18n.js';

export const TIER_ORDER = ['SILVER', 'GOLD', 'PLATINUM'];
export const tierName = (tier) => (tier ? t(`tier.${tier}`) : t('tier.none'));

export const kindName = (kind) => t(`kind.${kind}`);
/** The heading of a group of products: 'Bodies', 'Lenses', … */
export const kindPlural = (kind) => t(`kinds.${kind}`);
/** An item as the pages name it: its model and serial number. */
export const describeItem = (item) => t('item.describe', { model: item.product.model, serial: item.serialNumber });

const formats = new Map();
/** One Intl.DateTimeFormat per locale and style, made when first needed. */
function format(style) {
  const key = `${currentLocale()} ${style}`;
  if (!formats.has(key)) {
    const options = { day: 'numeric', month: 'short', year: 'numeric', ...(style === 'time' ? { hour: '2-digit', minute: '2-digit' } : {}) };
    formats.set(key, new Intl.DateTimeFormat(currentLocale(), options));
  }
  return formats.get(key);
}

/** 'YYYY-MM-DD' (a calendar day, no zone) → '14 Mar 2023' / '14. März 2023' / '14 mars 2023'. */
export function day(isoDay) {
  if (!isoDay) return '';
  const [y, m, d] = isoDay.split('-').map(Number);
  return format('day').format(new Date(Date.UTC(y, m - 1, d, 12)));
}

export function dateTime(iso) {
  return iso ? format('time').format(new Date(iso)) : '';
}

/** Today as 'YYYY-MM-DD' in the person's own time zone. */
export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const regionNames = new Map();
/** 'US' → 'United States' / 'Vereinigte Staaten' / 'États-Unis' (from the browser's own data; no network). */
export function countryName(code) {
  try {
    const lang = language();
    if (!regionNames.has(lang)) regionNames.set(lang, new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' }));
    return regionNames.get(lang).of(code) ?? null;
  } catch {
    return null;
  }
}

/**
 * A programme country as the page names it: the API's name, which the API writes in the request's
 * language (graphql.js sends the page's as Accept-Language); the browser's name for the code where
 * the API gave none.
 */
export function placeName(country) {
  if (!country) return '';
  return country.name ?? countryName(country.code) ?? country.code;
}

/** Countries in the order of their names in the page's language (Österreich among the Ö, not the A). */
export function byPlaceName(countries) {
  const collator = new Intl.Collator(currentLocale());
  return [...countries].sort((a, b) => collator.compare(placeName(a), placeName(b)));
}
