/** What a member does with one item: correct its estimated details, or remove it once sold or lost. */
import { announce, h, uid } from '../dom.js';
import { byPlaceName, day, describeItem, placeName, today } from '../format.js';
import { ApiError } from '../graphql.js';
import { t } from '../i18n.js';
import { confirmStep, openDialog } from '../dialog.js';
import { fieldSlot, formErrors } from '../field-errors.js';
import { loadCountries } from '../public-data.js';

const CORRECT = /* GraphQL */ `
  mutation CorrectEquipment($id: ID!, $input: CorrectEquipmentInput!) {
    correctEquipment(id: $id, input: $input) { id estimated parallelImport product { model } }
  }`;

const REMOVE = /* GraphQL */ `
  mutation RemoveEquipment($id: ID!) { removeEquipment(id: $id) { id status product { model } } }`;

/** The buttons of one row; onDone(flash) reloads the dashboard with a message. */
export function itemActions(item, { api, onDone }) {
  const buttons = [];
  if (item.estimated && (item.status === 'ACTIVE' || item.status === 'PENDING_TRANSFER')) {
    buttons.push(h('button', { type: 'button', class: 'button button-quiet button-small', 'aria-label': t('item.correctLabel', { item: describeItem(item) }), onclick: () => correctDialog(item, api, onDone) }, t('item.correct')));
  }
  if (item.status === 'ACTIVE') {
    buttons.push(h('button', { type: 'button', class: 'button button-quiet button-small', 'aria-label': t('item.removeLabel', { item: describeItem(item) }), onclick: () => removeItem(item, api, onDone) }, t('item.remove')));
  }
  return buttons.length ? h('span', { class: 'row-actions' }, buttons) : null;
}

async function removeItem(item, api, onDone) {
  const what = { model: item.product.model, serial: item.serialNumber };
  const sure = await confirmStep({
    title: t('item.removeTitle', what),
    details: [
      h('p', null, t('item.removeWhen', what)),
      h('p', null, t('item.removeEffect')),
    ],
    confirmLabel: t('item.removeConfirm'),
    danger: true,
  });
  if (!sure) return;
  try {
    await api(REMOVE, { id: item.id });
    announce(t('item.removedShort', what));
    await onDone({ text: t('item.removed', what) });
  } catch (error) {
    await onDone({ kind: 'error', text: t('item.notRemoved', { ...what, message: error.message }) });
  }
}

async function correctDialog(item, api, onDone) {
  const countries = byPlaceName(await loadCountries());
  const date = h('input', { id: uid('date'), name: 'purchaseDate', type: 'date', max: today(), value: item.purchaseDate });
  const known = countries.some((c) => c.code === item.purchaseCountryCode);
  const country = h('select', { id: uid('country'), name: 'purchaseCountryCode' },
    countries.map((c) => h('option', { value: c.code, selected: c.code === item.purchaseCountryCode }, placeName(c))),
    known ? null : h('option', { value: item.purchaseCountryCode, selected: true }, item.purchaseCountryCode),
  );
  const dealer = h('input', { id: uid('dealer'), name: 'dealer', autocomplete: 'off', value: item.dealer });
  const still = h('input', { id: uid('still'), name: 'estimated', type: 'checkbox' });
  const fields = { purchaseDate: fieldSlot(date), purchaseCountryCode: fieldSlot(country), dealer: fieldSlot(dealer), estimated: fieldSlot(still) };
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const errors = formErrors({
    fields, status, failure: t('item.notChanged'),
    names: { purchaseDate: t('fieldName.purchaseDate'), purchaseCountryCode: t('fieldName.purchaseCountry'), dealer: t('fieldName.dealer'), estimated: t('fieldName.estimated') },
  });
  const field = (control, label, name) => h('div', { class: 'field' }, h('label', { for: control.id }, label), control, fields[name].error);

  const form = h('form', { class: 'form', novalidate: true },
    h('p', { class: 'muted' }, t('item.estimatedNow', { day: day(item.purchaseDate), dealer: item.dealer })),
    field(date, t('fields.purchaseDate'), 'purchaseDate'),
    field(country, t('fields.purchaseCountry'), 'purchaseCountryCode'),
    field(dealer, t('fields.dealer'), 'dealer'),
    h('div', { class: 'field field-check' }, still, h('label', { for: still.id }, t('item.stillEstimates')), fields.estimated.error),
    status,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button' }, t('common.saveDetails')),
      h('button', { type: 'button', class: 'button button-quiet', onclick: () => close() }, t('common.cancel'))),
  );
  const { close } = openDialog({ title: t('item.correctTitle', { model: item.product.model }), content: form });
  date.focus();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    if (!date.value) return errors.show({ purchaseDate: t('missing.purchaseDate') });
    if (!dealer.value.trim()) return errors.show({ dealer: t('missing.dealer') });
    try {
      await api(CORRECT, { id: item.id, input: { purchaseDate: date.value, purchaseCountryCode: country.value, dealer: dealer.value.trim(), estimated: still.checked } });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return errors.showApiError(error);
    }
    close();
    announce(t('common.detailsSaved'));
    const what = { model: item.product.model, serial: item.serialNumber };
    await onDone({ text: still.checked ? t('item.savedStillEstimated', what) : t('item.saved', what) });
  });
}
