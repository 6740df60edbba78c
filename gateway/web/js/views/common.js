import { h } from '../dom.js';
import { tierName } from '../format.js';

export function tierBadge(tier, size = '') {
  return h('span', { class: `tier tier-${(tier ?? 'none').toLowerCase()} ${size ? `tier-${size}` : ''}` }, tierName(tier));
}

export function loadingPanel(text) {
  return h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

export function errorPanel(title, error) {
  return h('section', { class: 'panel notice notice-error', role: 'alert' }, h('h1', null, title), h('p', null, error.message));
}
