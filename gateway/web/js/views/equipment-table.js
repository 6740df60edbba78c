/** The member's items: marks (not supported, pending, estimated, parallel import), the tier each counts up to, and its actions. */
import { h } from '../dom.js';
import { day, kindName } from '../format.js';
import { stackedTable } from '../table.js';
import { tierBadge } from './common.js';
import { itemActions } from './equipment-actions.js';

const COLUMNS = ['Model', 'Serial number', 'Purchase', 'Counts towards', 'Notes'];

/** items: the dashboard's equipment; explanations: by item id; actions: { api, onDone } or null for earlier items. */
export function equipmentTable(items, explanations, actions) {
  if (!items.length) {
    return h('p', { class: 'empty' }, 'No equipment registered yet. Register your bodies and lenses to earn a tier.');
  }
  return stackedTable({
    caption: actions ? 'Registered equipment' : 'Earlier items',
    className: 'equipment-table',
    columns: actions ? [...COLUMNS, 'Actions'] : COLUMNS,
    rows: items.map((item) => ({
      attrs: { 'data-status': item.status },
      cells: [...equipmentCells(item, explanations.get(item.id)), ...(actions ? [itemActions(item, actions)] : [])],
    })),
  });
}

function equipmentCells(item, explanation) {
  const marks = [];
  if (!item.product.supported) marks.push(h('span', { class: 'mark mark-unsupported', title: 'Discontinued: stays on your account and can be repaired, but counts for nothing' }, 'Not supported'));
  if (item.status === 'PENDING_TRANSFER') marks.push(h('span', { class: 'mark mark-pending' }, 'Pending transfer'));
  if (item.status === 'REJECTED') marks.push(h('span', { class: 'mark mark-unsupported' }, 'Transfer rejected'));
  if (item.status === 'TRANSFERRED') marks.push(h('span', { class: 'mark' }, 'Transferred'));
  if (item.status === 'REMOVED') marks.push(h('span', { class: 'mark' }, 'Removed'));
  if (item.estimated) marks.push(h('span', { class: 'mark mark-estimated', title: 'Purchase details are estimates: proof of purchase may be asked' }, 'Estimated'));
  if (item.parallelImport) marks.push(h('span', { class: 'mark mark-import', title: 'Not bought from an authorised dealer: warranty repair needs proof of purchase' }, 'Parallel import'));
  const notes = [item.notice, item.transferNote ? `Handler's note: ${item.transferNote}` : null].filter(Boolean);
  const towards = explanation?.counts ? explanation.countsTowards : [];
  return [
    [h('span', { class: 'model' }, item.product.model), h('span', { class: 'kind' }, kindName(item.product.kind))],
    h('span', { class: 'mono' }, item.serialNumber),
    [
      h('span', null, day(item.purchaseDate)),
      h('span', { class: 'sub' }, [item.purchaseCountry?.name ?? 'Outside the programme countries', item.dealer].join(' · ')),
    ],
    towards.length
      ? h('span', { class: 'up-to' }, 'up to ', tierBadge(towards[towards.length - 1], 'small'))
      : h('span', { class: 'sub' }, explanation?.reason ?? (item.countsTowardsTier ? '' : 'Does not count')),
    [
      marks.length ? h('span', { class: 'marks' }, marks) : null,
      notes.map((note) => h('span', { class: 'sub note' }, note)),
    ],
  ];
}
