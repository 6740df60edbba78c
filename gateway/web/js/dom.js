/** Tiny DOM helpers: every piece of data goes in as text, never as HTML. */
const SVG_NS = 'http://www.w3.org/2000/svg';

/** h('p', { class: 'x', onclick: fn }, 'text', child) — 'svg:rect' makes an SVG element. */
export function h(tag, attrs, ...children) {
  const el = tag.startsWith('svg:') ? document.createElementNS(SVG_NS, tag.slice(4)) : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'value' && 'value' in el && !tag.startsWith('svg:')) el.value = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

let ids = 0;
/** A unique id for label/describedby pairs. */
export const uid = (prefix) => `${prefix}-${++ids}`;

/** Tells screen readers something that happened out of sight. */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  setTimeout(() => (region.textContent = message), 30);
}
