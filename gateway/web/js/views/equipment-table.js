/** The member's items: marks (not supported, pending, estimated, parallel import), the tier each counts up to, and its actions. */
import { h } from '../dom.js';
import { day, kindName, placeName } from '../format.js';
import { parts, t } from '../i18n.js';
import { stackedTable } from '../table.js';
import { tierBadge } from './common.js';
import { itemActions } from './equipment-actions.js';

const columns = () => [t('equip.model'), t('equip.serial'), t('equip.purchase'), t('equip.countsTowards'), t('equip.notes')];

/** items: the dashboard's equipment; explanations: by item id; actions: { api, onDone } or null for earlier items. */
export function equipmentTable(items, explanations, actions) {
  if (!items.length) {
    return h('p', { class: 'empty' }, t('equip.none'));
  }
  return stackedTable({
    caption: actions ? t('equip.registered') : t('equip.earlier'),
    className: 'equipment-table',
    columns: actions ? [...columns(), t('equip.actions')] : columns(),
    rows: items.map((item) => ({
      attrs: { 'data-status': item.status },
      cells: [...equipmentCells(item, explanations.get(item.id)), ...(actions ? [itemActions(item, actions)] : [])],
    })),
  });
}

function equipmentCells(item, explanation) {
  const marks = [];
  if (!item.product.supported) marks.push(h('span', { class: 'mark mark-unsupported', title: t('mark.unsupportedTitle') }, t('mark.unsupported')));
  if (item.status === 'PENDING_TRANSFER') marks.push(h('span', { class: 'mark mark-pending' }, t('mark.pending')));
  if (item.status === 'REJECTED') marks.push(h('span', { class: 'mark mark-unsupported' }, t('mark.rejected')));
  if (item.status === 'TRANSFERRED') marks.push(h('span', { class: 'mark' }, t('mark.transferred')));
  if (item.status === 'REMOVED') marks.push(h('span', { class: 'mark' }, t('mark.removed')));
  if (item.estimated) marks.push(h('span', { class: 'mark mark-estimated', title: t('mark.estimatedTitle') }, t('mark.estimated')));
  if (item.parallelImport) marks.push(h('span', { class: 'mark mark-import', title: t('mark.importTitle') }, t('mark.import')));
  const notes = [item.notice, item.transferNote ? t('equip.handlerNote', { note: item.transferNote }) : null].filter(Boolean);
  const towards = explanation?.counts ? explanation.countsTowards : [];
  return [
    [h('span', { class: 'model' }, item.product.model), h('span', { class: 'kind' }, kindName(item.product.kind))],
    h('span', { class: 'mono' }, item.serialNumber),
    [
      h('span', null, day(item.purchaseDate)),
      h('span', { class: 'sub' }, [item.purchaseCountry ? placeName(item.purchaseCountry) : t('equip.outsideProgramme'), item.dealer].join(' · ')),
    ],
    towards.length
      ? h('span', { class: 'up-to' }, parts('equip.upTo', { tier: tierBadge(towards[towards.length - 1], 'small') }))
      : h('span', { class: 'sub' }, explanation?.reason ?? (item.countsTowardsTier ? '' : t('equip.doesNotCount'))),
    [
      marks.length ? h('span', { class: 'marks' }, marks) : null,
      notes.map((note) => h('span', { class: 'sub note' }, note)),
    ],
  ];
}
