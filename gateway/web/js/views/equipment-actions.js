/** What a member does with one item: correct its estimated details, or remove it once sold or lost. */
import { announce, h, uid } from '../dom.js';
import { day, today } from '../format.js';
import { ApiError } from '../graphql.js';
import { confirmStep, openDialog } from '../dialog.js';
import { fieldSlot, formErrors } from '../field-errors.js';
import { loadCountries } from '../public-data.js';

const CORRECT = /* GraphQL */ `
  mutation CorrectEquipment($id: ID!, $input: CorrectEquipmentInput!) {
    correctEquipment(id: $id, input: $input) { id estimated parallelImport product { model } }
  }`;

const REMOVE = /* GraphQL */ `
  mutation RemoveEquipment($id: ID!) { removeEquipment(id: $id) { id status product { model } } }`;

const describeItem = (item) => `${item.product.model}, serial ${item.serialNumber}`;

/** The buttons of one row; onDone(flash) reloads the dashboard with a message. */
export function itemActions(item, { api, onDone }) {
  const buttons = [];
  if (item.estimated && (item.status === 'ACTIVE' || item.status === 'PENDING_TRANSFER')) {
    buttons.push(h('button', { type: 'button', class: 'button button-quiet button-small', 'aria-label': `Correct details of ${describeItem(item)}`, onclick: () => correctDialog(item, api, onDone) }, 'Correct details'));
  }
  if (item.status === 'ACTIVE') {
    buttons.push(h('button', { type: 'button', class: 'button button-quiet button-small', 'aria-label': `Remove ${describeItem(item)}`, onclick: () => removeItem(item, api, onDone) }, 'Remove'));
  }
  return buttons.length ? h('span', { class: 'row-actions' }, buttons) : null;
}

async function removeItem(item, api, onDone) {
  const sure = await confirmStep({
    title: `Remove the ${item.product.model}?`,
    details: [
      h('p', null, `Remove the ${item.product.model} (serial ${item.serialNumber}) from your account when you have sold it or lost it.`),
      h('p', null, 'It no longer counts towards your tier. The tier you hold stays until the 1 January recalculation; its next owner can register it.'),
    ],
    confirmLabel: 'Remove item',
    danger: true,
  });
  if (!sure) return;
  try {
    await api(REMOVE, { id: item.id });
    announce(`${item.product.model} removed.`);
    await onDone({ text: `The ${item.product.model} (serial ${item.serialNumber}) is removed from your account.` });
  } catch (error) {
    await onDone({ kind: 'error', text: `The ${item.product.model} was not removed: ${error.message}` });
  }
}

async function correctDialog(item, api, onDone) {
  const countries = await loadCountries(api);
  const date = h('input', { id: uid('date'), name: 'purchaseDate', type: 'date', max: today(), value: item.purchaseDate });
  const known = countries.some((c) => c.code === item.purchaseCountryCode);
  const country = h('select', { id: uid('country'), name: 'purchaseCountryCode' },
    countries.map((c) => h('option', { value: c.code, selected: c.code === item.purchaseCountryCode }, c.name)),
    known ? null : h('option', { value: item.purchaseCountryCode, selected: true }, item.purchaseCountryCode),
  );
  const dealer = h('input', { id: uid('dealer'), name: 'dealer', autocomplete: 'off', value: item.dealer });
  const still = h('input', { id: uid('still'), name: 'estimated', type: 'checkbox' });
  const fields = { purchaseDate: fieldSlot(date), purchaseCountryCode: fieldSlot(country), dealer: fieldSlot(dealer), estimated: fieldSlot(still) };
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const errors = formErrors({
    fields, status, failure: 'The details were not changed.',
    names: { purchaseDate: 'the purchase date', purchaseCountryCode: 'the country of purchase', dealer: 'the dealer', estimated: 'the estimate box' },
  });
  const field = (control, label, name) => h('div', { class: 'field' }, h('label', { for: control.id }, label), control, fields[name].error);

  const form = h('form', { class: 'form', novalidate: true },
    h('p', { class: 'muted' }, `Registered with estimated details: bought ${day(item.purchaseDate)} from ${item.dealer}. Enter what your receipt says.`),
    field(date, 'Purchase date', 'purchaseDate'),
    field(country, 'Country of purchase', 'purchaseCountryCode'),
    field(dealer, 'Dealer', 'dealer'),
    h('div', { class: 'field field-check' }, still, h('label', { for: still.id }, 'These are still estimates'), fields.estimated.error),
    status,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button' }, 'Save details'),
      h('button', { type: 'button', class: 'button button-quiet', onclick: () => close() }, 'Cancel')),
  );
  const { close } = openDialog({ title: `Correct the details of the ${item.product.model}`, content: form });
  date.focus();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    if (!date.value) return errors.show({ purchaseDate: 'Enter the purchase date.' });
    if (!dealer.value.trim()) return errors.show({ dealer: 'Enter the dealer.' });
    try {
      await api(CORRECT, { id: item.id, input: { purchaseDate: date.value, purchaseCountryCode: country.value, dealer: dealer.value.trim(), estimated: still.checked } });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return errors.showApiError(error);
    }
    close();
    announce('Details saved.');
    await onDone({ text: `The details of the ${item.product.model} (serial ${item.serialNumber}) are saved${still.checked ? ', still marked as estimates' : ' and no longer marked as estimates'}.` });
  });
}
