import { h } from '../dom.js';
import { tierName } from '../format.js';
import { t } from '../i18n.js';

export function tierBadge(tier, size = '') {
  return h('span', { class: `tier tier-${(tier ?? 'none').toLowerCase()} ${size ? `tier-${size}` : ''}` }, tierName(tier));
}

/** A tier as a member reads it: the badge, or "Qualifies for no tier" below Silver. */
export function tierValue(tier, size = '') {
  return tier ? tierBadge(tier, size) : h('span', { class: 'card-value-text' }, t('tier.qualifiesForNone'));
}

export function loadingPanel(text) {
  return h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

export function errorPanel(title, error) {
  return h('section', { class: 'panel notice notice-error', role: 'alert' }, h('h1', null, title), h('p', null, error.message));
}

/** The message at the top of a view after an action (focused by the view's reload). */
export function flashNotice(flash) {
  if (!flash) return null;
  const kind = { warning: 'notice-warning', error: 'notice-error' }[flash.kind] ?? 'notice-success';
  return h('div', { class: `notice ${kind}`, role: 'status', tabindex: '-1', 'data-flash': '' }, flash.text);
}

/** A view's heading, what it is for, and controls beside it (e.g. Refresh). */
export function pageHead(title, subtitle, ...aside) {
  return h('div', { class: 'page-head' },
    h('div', null, h('h1', null, title), h('p', { class: 'page-sub' }, subtitle)),
    aside,
  );
}
