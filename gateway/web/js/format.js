/** Words and dates as people read them, in the page's language (i18n.js). */
import { currentLocale, intl, language, t, textOr } from './i18n.js';

export const TIER_ORDER = ['SILVER', 'GOLD', 'PLATINUM'];
export const tierName = (tier) => (tier ? textOr(`tier.${tier}`, tier) : t('tier.none'));

export const kindName = (kind) => textOr(`kind.${kind}`, kind);
/** The heading of a group of products: 'Bodies', 'Lenses', … */
export const kindPlural = (kind) => textOr(`kinds.${kind}`, kind);
/** An item as the pages name it: its model and serial number. */
export const describeItem = (item) => t('item.describe', { model: item.product.model, serial: item.serialNumber });

/** The page's date format, with or without the time of day. */
function format(style) {
  const options = { day: 'numeric', month: 'short', year: 'numeric', ...(style === 'time' ? { hour: '2-digit', minute: '2-digit' } : {}) };
  return intl(`date-${style}`, currentLocale(), (l) => new Intl.DateTimeFormat(l, options));
}

/** 'YYYY-MM-DD' (a calendar day, no zone) → '14 Mar 2023' / '14. März 2023' / '14 mars 2023'. */
export function day(isoDay) {
  if (!isoDay) return '';
  const [y, m, d] = isoDay.split('-').map(Number);
  return written(format('day'), new Date(Date.UTC(y, m - 1, d, 12)));
}

export function dateTime(iso) {
  return iso ? written(format('time'), new Date(iso)) : '';
}

/** A date as `formatter` writes it, but the first of a month in French as '1er' ('1er janv. 2027'), which Intl does not write. */
function written(formatter, date) {
  if (language() !== 'fr') return formatter.format(date);
  return formatter.formatToParts(date).map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value)).join('');
}

/** Today as 'YYYY-MM-DD' in the person's own time zone. */
export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** 'US' → 'United States' / 'Vereinigte Staaten' / 'États-Unis' (from the browser's own data; no network). */
export function countryName(code) {
  try {
    return intl('region', language(), (l) => new Intl.DisplayNames([l], { type: 'region', fallback: 'none' })).of(code) ?? null;
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
