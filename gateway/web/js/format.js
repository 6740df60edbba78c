/** Words and dates as people read them. */
export const TIER_NAMES = { SILVER: 'Silver', GOLD: 'Gold', PLATINUM: 'Platinum' };
export const TIER_ORDER = ['SILVER', 'GOLD', 'PLATINUM'];
export const tierName = (tier) => (tier ? TIER_NAMES[tier] ?? tier : 'No tier');

export const KIND_NAMES = { BODY: 'Body', LENS: 'Lens', PRO_VIDEO: 'Pro Video', OTHER: 'Other' };
export const KIND_PLURALS = { BODY: 'Bodies', LENS: 'Lenses', PRO_VIDEO: 'Pro Video', OTHER: 'Other products' };
export const kindName = (kind) => KIND_NAMES[kind] ?? kind;

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** 'YYYY-MM-DD' (a calendar day, no zone) → '14 Mar 2023'. */
export function day(isoDay) {
  if (!isoDay) return '';
  const [y, m, d] = isoDay.split('-').map(Number);
  return dateFormat.format(new Date(Date.UTC(y, m - 1, d, 12)));
}

export function dateTime(iso) {
  return iso ? dateTimeFormat.format(new Date(iso)) : '';
}

export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Today as 'YYYY-MM-DD' in the person's own time zone. */
export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

let regionNames;
/** 'US' → 'United States' (from the browser's own data; no network). */
export function countryName(code) {
  try {
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    return regionNames.of(code) ?? null;
  } catch {
    return null;
  }
}
