/**
 * Register an item: the exact model first (searchable, from the catalogue), then the serial with
 * the model's hint; the server's field errors are shown beside their fields.
 */
import { announce, clear, h, uid } from '../dom.js';
import { countryName, kindName, KIND_PLURALS, tierName, today } from '../format.js';
import { ApiError } from '../graphql.js';
import { loadCatalogue } from '../public-data.js';
import { fieldSlot, formErrors } from '../field-errors.js';

const DEALERS = /* GraphQL */ `
  query Dealers($countryCode: String!) { authorisedDealers(countryCode: $countryCode) }`;

const REGISTER = /* GraphQL */ `
  mutation RegisterEquipment($input: RegisterEquipmentInput!) {
    registerEquipment(input: $input) {
      id serialNumber status notice estimated parallelImport countsTowardsTier product { model }
    }
  }`;

const OTHER = 'other';
const KINDS = ['BODY', 'LENS', 'PRO_VIDEO', 'OTHER'];
let formData = null; // products and countries: public, the same for everyone
const dealerLists = new Map();

export function createRegisterPanel({ api, homeCountry, onRegistered }) {
  const panelId = uid('register');
  const toggle = h('button', { type: 'button', class: 'button', 'aria-expanded': 'false', 'aria-controls': panelId }, 'Register an item');
  const panel = h('div', { id: panelId, class: 'register', hidden: true });
  let built = false;

  const open = async () => {
    toggle.setAttribute('aria-expanded', 'true');
    toggle.hidden = true;
    panel.hidden = false;
    if (built) return panel.querySelector('input[type=search]')?.focus();
    built = true;
    panel.append(h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading the catalogue…'));
    try {
      formData = await loadCatalogue(api);
    } catch (error) {
      built = false;
      clear(panel).append(h('p', { class: 'notice notice-error', role: 'alert' }, `The catalogue could not be loaded: ${error.message}`));
      return;
    }
    clear(panel).append(buildForm({ api, homeCountry, onRegistered, close }));
    panel.querySelector('input[type=search]')?.focus();
  };
  const close = () => {
    toggle.setAttribute('aria-expanded', 'false');
    toggle.hidden = false;
    panel.hidden = true;
    toggle.focus();
  };
  toggle.addEventListener('click', open);
  return {
    /** The panel's heading row, with the button that opens the form. */
    head: (heading) => h('div', { class: 'panel-head' }, heading, toggle),
    panel,
  };
}

function buildForm({ api, homeCountry, onRegistered, close }) {
  const { products, countries } = formData;
  const byId = new Map(products.map((p) => [p.id, p]));
  let selected = null;

  // --- the fields -------------------------------------------------------------------------------
  const ids = Object.fromEntries(['search', 'count', 'model', 'chosen', 'serial', 'serialHint', 'date', 'country', 'other', 'otherHint', 'dealer', 'dealers', 'dealerHint', 'estimated', 'status'].map((n) => [n, uid(n)]));
  const search = h('input', { id: ids.search, type: 'search', autocomplete: 'off', spellcheck: 'false', 'aria-controls': ids.model, 'aria-describedby': ids.count, placeholder: 'e.g. R6, 24-70, C70' });
  const count = h('p', { id: ids.count, class: 'field-hint', 'aria-live': 'polite' });
  const model = h('select', { id: ids.model, name: 'productId', size: 8, required: true, class: 'listbox', 'aria-describedby': ids.chosen });
  const chosen = h('p', { id: ids.chosen, class: 'chosen' }, 'No model chosen yet.');
  const serial = h('input', { id: ids.serial, name: 'serialNumber', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters', disabled: true, class: 'mono', 'aria-describedby': ids.serialHint });
  const serialHint = h('p', { id: ids.serialHint, class: 'field-hint' }, 'Choose the model first: it decides what a valid serial number looks like.');
  const date = h('input', { id: ids.date, name: 'purchaseDate', type: 'date', max: today(), required: true });
  const country = h('select', { id: ids.country, name: 'purchaseCountryCode', required: true },
    h('optgroup', { label: 'Programme countries' }, countries.map((c) => h('option', { value: c.code, selected: c.code === homeCountry }, c.name))),
    h('optgroup', { label: 'Elsewhere' }, h('option', { value: OTHER }, 'Another country…')),
  );
  const other = h('input', { id: ids.other, name: 'otherCountry', maxlength: 2, autocomplete: 'off', spellcheck: 'false', class: 'mono short', 'aria-describedby': ids.otherHint });
  const otherHint = h('p', { id: ids.otherHint, class: 'field-hint' }, 'Two letters (ISO 3166-1), e.g. US for the United States.');
  const otherField = h('div', { class: 'field', hidden: true }, h('label', { for: ids.other }, 'Country code'), otherHint, other);
  const dealers = h('datalist', { id: ids.dealers });
  const dealer = h('input', { id: ids.dealer, name: 'dealer', list: ids.dealers, autocomplete: 'off', required: true, 'aria-describedby': ids.dealerHint });
  const dealerHint = h('p', { id: ids.dealerHint, class: 'field-hint' }, 'Authorised dealers are suggested as you type. Items from other dealers are marked as possible parallel imports.');
  const estimated = h('input', { id: ids.estimated, name: 'estimated', type: 'checkbox' });
  const status = h('div', { id: ids.status, class: 'form-status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Register item');

  /** Where each server field error is shown: the control and its message element. */
  const fields = {
    productId: fieldSlot(model),
    serialNumber: fieldSlot(serial),
    purchaseDate: fieldSlot(date),
    purchaseCountryCode: fieldSlot(country, () => (country.value === OTHER ? other : country)),
    dealer: fieldSlot(dealer),
    estimated: fieldSlot(estimated),
  };

  // --- behaviour --------------------------------------------------------------------------------
  const renderOptions = () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const matches = products.filter((p) => words.every((w) => p.model.toLowerCase().includes(w)));
    clear(model);
    for (const kind of KINDS) {
      const group = matches.filter((p) => p.kind === kind);
      if (!group.length) continue;
      model.append(h('optgroup', { label: KIND_PLURALS[kind] }, group.map(option)));
    }
    if (selected && !matches.includes(selected)) model.prepend(h('optgroup', { label: 'Chosen' }, option(selected)));
    count.textContent = matches.length
      ? `${matches.length} of ${products.length} models match. Choose the exact model from the list.`
      : `No model matches “${search.value}”. Model names are exact, e.g. “EOS R6 Mark II” and “EOS R6” are different.`;
  };
  const option = (p) => h('option', { value: p.id, selected: selected?.id === p.id }, p.supported ? p.model : `${p.model} (not supported)`);

  const choose = () => {
    selected = byId.get(model.value) ?? null;
    fields.productId.clear();
    if (!selected) return;
    chosen.replaceChildren(
      h('strong', null, selected.model), ` · ${kindName(selected.kind)} · `,
      !selected.supported
        ? 'not supported by the programme: it stays on your account but counts for nothing'
        : selected.tierCap ? `counts up to ${tierName(selected.tierCap)}` : selected.kind === 'PRO_VIDEO' ? 'counts towards video membership' : 'does not count towards a tier',
    );
    serial.disabled = false;
    serialHint.textContent = selected.serialHint;
  };

  const chooseCountry = async () => {
    otherField.hidden = country.value !== OTHER;
    fields.purchaseCountryCode.clear();
    const code = country.value === OTHER ? null : country.value;
    clear(dealers);
    if (!code) return;
    try {
      if (!dealerLists.has(code)) dealerLists.set(code, (await api(DEALERS, { countryCode: code })).authorisedDealers);
      if (country.value === code) dealers.append(...dealerLists.get(code).map((name) => h('option', { value: name })));
    } catch {
      /* suggestions only */
    }
  };

  const showOtherName = () => {
    other.value = other.value.toUpperCase();
    const name = other.value.length === 2 ? countryName(other.value) : null;
    otherHint.textContent = name ? `${other.value}: ${name}.` : 'Two letters (ISO 3166-1), e.g. US for the United States.';
  };

  const errors = formErrors({ fields, names: FIELD_NAMES, status, failure: 'The item was not registered.' });

  const onSubmit = async (event) => {
    event.preventDefault();
    errors.clear();
    const countryCode = country.value === OTHER ? other.value.trim().toUpperCase() : country.value;
    const missing = {};
    if (!selected) missing.productId = 'Choose the exact model first.';
    else if (!serial.value.trim()) missing.serialNumber = 'Enter the serial number.';
    if (!date.value) missing.purchaseDate = 'Enter the purchase date (an estimate is fine: tick the box below).';
    if (!/^[A-Z]{2}$/.test(countryCode)) missing.purchaseCountryCode = 'Enter the two-letter code of the country of purchase.';
    if (!dealer.value.trim()) missing.dealer = 'Enter the dealer (an estimate is fine: tick the box below).';
    if (Object.keys(missing).length) return errors.show(missing);

    submit.disabled = true;
    submit.textContent = 'Registering…';
    try {
      const { registerEquipment: item } = await api(REGISTER, {
        input: {
          productId: selected.id,
          serialNumber: serial.value.trim(),
          purchaseDate: date.value,
          purchaseCountryCode: countryCode,
          dealer: dealer.value.trim(),
          estimated: estimated.checked,
        },
      });
      announce(`${item.product.model} registered.`);
      await onRegistered(successMessage(item));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      errors.showApiError(error);
    } finally {
      submit.disabled = false;
      submit.textContent = 'Register item';
    }
  };

  search.addEventListener('input', renderOptions);
  model.addEventListener('change', choose);
  country.addEventListener('change', chooseCountry);
  other.addEventListener('input', showOtherName);
  renderOptions();
  chooseCountry();

  return h('form', { class: 'form register-form', novalidate: true, onsubmit: onSubmit, 'aria-labelledby': `${ids.search}-legend` },
    h('h3', { id: `${ids.search}-legend` }, 'Register an item'),
    h('div', { class: 'step' },
      h('p', { class: 'step-title' }, h('span', { class: 'step-number', 'aria-hidden': 'true' }, '1'), 'Choose the exact model'),
      h('div', { class: 'field' }, h('label', { for: ids.search }, 'Search models'), search, count),
      h('div', { class: 'field' }, h('label', { for: ids.model }, 'Model'), model, chosen, fields.productId.error),
    ),
    h('div', { class: 'step' },
      h('p', { class: 'step-title' }, h('span', { class: 'step-number', 'aria-hidden': 'true' }, '2'), 'Serial number and purchase'),
      h('div', { class: 'field' }, h('label', { for: ids.serial }, 'Serial number'), serialHint, serial, fields.serialNumber.error),
      h('div', { class: 'field-row' },
        h('div', { class: 'field' }, h('label', { for: ids.date }, 'Purchase date'), date, fields.purchaseDate.error),
        h('div', { class: 'field' }, h('label', { for: ids.country }, 'Country of purchase'), country, fields.purchaseCountryCode.error),
      ),
      otherField,
      h('div', { class: 'field' }, h('label', { for: ids.dealer }, 'Dealer'), dealerHint, dealer, dealers, fields.dealer.error),
      h('div', { class: 'field field-check' },
        estimated,
        h('label', { for: ids.estimated }, 'Date, country or dealer are estimates', h('span', { class: 'field-hint' }, 'You can correct them later; proof of purchase may be asked.')),
        fields.estimated.error,
      ),
    ),
    status,
    h('div', { class: 'actions' },
      submit,
      h('button', { type: 'button', class: 'button button-quiet', onclick: close }, 'Cancel'),
    ),
  );
}

const FIELD_NAMES = {
  productId: 'the model',
  serialNumber: 'the serial number',
  purchaseDate: 'the purchase date',
  purchaseCountryCode: 'the country of purchase',
  dealer: 'the dealer',
  estimated: 'the estimate box',
};

function successMessage(item) {
  const what = `${item.product.model} (serial ${item.serialNumber})`;
  if (item.status === 'PENDING_TRANSFER') return { kind: 'warning', text: `${what}: ${item.notice ?? 'the registration is pending a handler’s check.'}` };
  const parts = [`${what} is registered${item.countsTowardsTier ? ' and counts towards your tier' : ''}.`];
  if (item.parallelImport) parts.push('It is marked as a possible parallel import: warranty repair needs proof of purchase.');
  if (item.estimated) parts.push('Its details are marked as estimates.');
  return { kind: 'success', text: parts.join(' ') };
}
