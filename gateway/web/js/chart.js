/** An SVG bar chart drawn here: tier counts now vs under a candidate policy. */
import { h } from './dom.js';

/**
 * groups: [{ label, values: [a, b] }], series: [{ name, className }].
 * Returns an <svg role="img"> with a title and a text description for screen readers.
 */
export function groupedBarChart({ title, description, groups, series }) {
  const width = 640;
  const height = 300;
  const margin = { top: 28, right: 16, bottom: 44, left: 48 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1];
  const y = (v) => margin.top + plotH - (v / top) * plotH;
  const groupW = plotW / groups.length;
  const barW = Math.min(56, (groupW * 0.7) / series.length);
  const titleId = `chart-title-${Math.random().toString(36).slice(2, 8)}`;
  const descId = `${titleId}-desc`;

  const svg = h('svg:svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, class: 'chart', preserveAspectRatio: 'xMidYMid meet' },
    h('svg:title', { id: titleId }, title),
    h('svg:desc', { id: descId }, description),
    // grid and y axis
    ticks.map((t) => h('svg:g', { class: 'chart-grid' },
      h('svg:line', { x1: margin.left, x2: width - margin.right, y1: y(t), y2: y(t) }),
      h('svg:text', { x: margin.left - 8, y: y(t), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, String(t)),
    )),
    groups.map((group, gi) => {
      const cx = margin.left + groupW * gi + groupW / 2;
      const left = cx - (barW * series.length + 6 * (series.length - 1)) / 2;
      return h('svg:g', { class: 'chart-group' },
        group.values.map((v, si) => {
          const x = left + si * (barW + 6);
          const barH = Math.max(v ? 2 : 0, y(0) - y(v));
          return h('svg:g', null,
            h('svg:rect', { x, y: y(0) - barH, width: barW, height: barH, rx: 3, class: series[si].className }),
            h('svg:text', { x: x + barW / 2, y: y(0) - barH - 6, 'text-anchor': 'middle', class: 'chart-value' }, String(v)),
          );
        }),
        h('svg:text', { x: cx, y: height - margin.bottom + 22, 'text-anchor': 'middle', class: 'chart-label' }, group.label),
      );
    }),
    h('svg:line', { class: 'chart-axis', x1: margin.left, x2: width - margin.right, y1: y(0), y2: y(0) }),
  );
  const legend = h('ul', { class: 'legend', 'aria-hidden': 'true' },
    series.map((s) => h('li', null, h('span', { class: `swatch ${s.className}` }), s.name)));
  return h('figure', { class: 'chart-figure' }, legend, svg);
}

/** Round tick values from 0 to at least max. */
function niceTicks(max) {
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough || 1));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? magnitude * 10;
  const wholeStep = Math.max(1, Math.round(step));
  const ticks = [];
  for (let t = 0; t < max + wholeStep; t += wholeStep) {
    ticks.push(t);
    if (t >= max) break;
  }
  return ticks;
}
