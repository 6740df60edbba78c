/**
 * Register an item: the exact model first (searchable, from the catalogue), then the serial with
 * the model's hint; the server's field errors are shown beside their fields.
 */
import { announce, clear, h, uid } from '../dom.js';
import { byPlaceName, countryName, kindName, kindPlural, placeName, tierName, today } from '../format.js';
import { ApiError } from '../graphql.js';
import { t } from '../i18n.js';
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
  const toggle = h('button', { type: 'button', class: 'button', 'aria-expanded': 'false', 'aria-controls': panelId }, t('register.open'));
  const panel = h('div', { id: panelId, class: 'register', hidden: true });
  let built = false;

  const open = async () => {
    toggle.setAttribute('aria-expanded', 'true');
    toggle.hidden = true;
    panel.hidden = false;
    if (built) return panel.querySelector('input[type=search]')?.focus();
    built = true;
    panel.append(h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('register.loading')));
    try {
      formData = await loadCatalogue();
    } catch (error) {
      built = false;
      clear(panel).append(h('p', { class: 'notice notice-error', role: 'alert' }, t('register.loadFailed', { message: error.message })));
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
  const { products } = formData;
  const countries = byPlaceName(formData.countries);
  const byId = new Map(products.map((p) => [p.id, p]));
  let selected = null;

  // --- the fields -------------------------------------------------------------------------------
  const ids = Object.fromEntries(['search', 'count', 'model', 'chosen', 'serial', 'serialHint', 'date', 'country', 'other', 'otherHint', 'dealer', 'dealers', 'dealerHint', 'estimated', 'status'].map((n) => [n, uid(n)]));
  const search = h('input', { id: ids.search, type: 'search', autocomplete: 'off', spellcheck: 'false', 'aria-controls': ids.model, 'aria-describedby': ids.count, placeholder: t('register.searchExample') });
  const count = h('p', { id: ids.count, class: 'field-hint', 'aria-live': 'polite' });
  const model = h('select', { id: ids.model, name: 'productId', size: 8, required: true, class: 'listbox', 'aria-describedby': ids.chosen });
  const chosen = h('p', { id: ids.chosen, class: 'chosen' }, t('register.noModelYet'));
  const serial = h('input', { id: ids.serial, name: 'serialNumber', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters', disabled: true, class: 'mono', 'aria-describedby': ids.serialHint });
  const serialHint = h('p', { id: ids.serialHint, class: 'field-hint' }, t('register.modelFirst'));
  const date = h('input', { id: ids.date, name: 'purchaseDate', type: 'date', max: today(), required: true });
  const country = h('select', { id: ids.country, name: 'purchaseCountryCode', required: true },
    h('optgroup', { label: t('fields.programmeCountries') }, countries.map((c) => h('option', { value: c.code, selected: c.code === homeCountry }, placeName(c)))),
    h('optgroup', { label: t('fields.elsewhere') }, h('option', { value: OTHER }, t('fields.anotherCountry'))),
  );
  const example = () => t('fields.countryCodeHint', { code: 'US', country: countryName('US') ?? 'US' });
  const other = h('input', { id: ids.other, name: 'otherCountry', maxlength: 2, autocomplete: 'off', spellcheck: 'false', class: 'mono short', 'aria-describedby': ids.otherHint });
  const otherHint = h('p', { id: ids.otherHint, class: 'field-hint' }, example());
  const otherField = h('div', { class: 'field', hidden: true }, h('label', { for: ids.other }, t('fields.countryCode')), otherHint, other);
  const dealers = h('datalist', { id: ids.dealers });
  const dealer = h('input', { id: ids.dealer, name: 'dealer', list: ids.dealers, autocomplete: 'off', required: true, 'aria-describedby': ids.dealerHint });
  const dealerHint = h('p', { id: ids.dealerHint, class: 'field-hint' }, t('register.dealerHint'));
  const estimated = h('input', { id: ids.estimated, name: 'estimated', type: 'checkbox' });
  const status = h('div', { id: ids.status, class: 'form-status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'button' }, t('register.submit'));

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
      model.append(h('optgroup', { label: kindPlural(kind) }, group.map(option)));
    }
    if (selected && !matches.includes(selected)) model.prepend(h('optgroup', { label: t('register.chosenGroup') }, option(selected)));
    count.textContent = matches.length
      ? t('register.matches', { count: matches.length, total: products.length })
      : t('register.noMatch', { search: search.value });
  };
  const option = (p) => h('option', { value: p.id, selected: selected?.id === p.id }, p.supported ? p.model : t('register.notSupportedOption', { model: p.model }));

  const choose = () => {
    selected = byId.get(model.value) ?? null;
    fields.productId.clear();
    if (!selected) return;
    chosen.replaceChildren(
      h('strong', null, selected.model), ` · ${kindName(selected.kind)} · `,
      !selected.supported
        ? t('register.chosenUnsupported')
        : selected.tierCap ? t('register.chosenUpTo', { tier: tierName(selected.tierCap) }) : selected.kind === 'PRO_VIDEO' ? t('register.chosenVideo') : t('register.chosenNoTier'),
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
    otherHint.textContent = name ? t('fields.countryCodeIs', { code: other.value, country: name }) : example();
  };

  const errors = formErrors({ fields, names: fieldNames(), status, failure: t('register.notRegistered') });

  const onSubmit = async (event) => {
    event.preventDefault();
    errors.clear();
    const countryCode = country.value === OTHER ? other.value.trim().toUpperCase() : country.value;
    const missing = {};
    if (!selected) missing.productId = t('missing.model');
    else if (!serial.value.trim()) missing.serialNumber = t('missing.serialNumber');
    if (!date.value) missing.purchaseDate = t('missing.purchaseDateEstimate');
    if (!/^[A-Z]{2}$/.test(countryCode)) missing.purchaseCountryCode = t('missing.purchaseCountry');
    if (!dealer.value.trim()) missing.dealer = t('missing.dealerEstimate');
    if (Object.keys(missing).length) return errors.show(missing);

    submit.disabled = true;
    submit.textContent = t('register.registering');
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
      announce(t('register.registeredShort', { model: item.product.model }));
      await onRegistered(successMessage(item));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      errors.showApiError(error);
    } finally {
      submit.disabled = false;
      submit.textContent = t('register.submit');
    }
  };

  search.addEventListener('input', renderOptions);
  model.addEventListener('change', choose);
  country.addEventListener('change', chooseCountry);
  other.addEventListener('input', showOtherName);
  renderOptions();
  chooseCountry();

  return h('form', { class: 'form register-form', novalidate: true, onsubmit: onSubmit, 'aria-labelledby': `${ids.search}-legend` },
    h('h3', { id: `${ids.search}-legend` }, t('register.open')),
    h('div', { class: 'step' },
      h('p', { class: 'step-title' }, h('span', { class: 'step-number', 'aria-hidden': 'true' }, '1'), t('register.stepModel')),
      h('div', { class: 'field' }, h('label', { for: ids.search }, t('register.search')), search, count),
      h('div', { class: 'field' }, h('label', { for: ids.model }, t('equip.model')), model, chosen, fields.productId.error),
    ),
    h('div', { class: 'step' },
      h('p', { class: 'step-title' }, h('span', { class: 'step-number', 'aria-hidden': 'true' }, '2'), t('register.stepPurchase')),
      h('div', { class: 'field' }, h('label', { for: ids.serial }, t('equip.serial')), serialHint, serial, fields.serialNumber.error),
      h('div', { class: 'field-row' },
        h('div', { class: 'field' }, h('label', { for: ids.date }, t('fields.purchaseDate')), date, fields.purchaseDate.error),
        h('div', { class: 'field' }, h('label', { for: ids.country }, t('fields.purchaseCountry')), country, fields.purchaseCountryCode.error),
      ),
      otherField,
      h('div', { class: 'field' }, h('label', { for: ids.dealer }, t('fields.dealer')), dealerHint, dealer, dealers, fields.dealer.error),
      h('div', { class: 'field field-check' },
        estimated,
        h('label', { for: ids.estimated }, t('register.estimates'), h('span', { class: 'field-hint' }, t('register.estimatesHint'))),
        fields.estimated.error,
      ),
    ),
    status,
    h('div', { class: 'actions' },
      submit,
      h('button', { type: 'button', class: 'button button-quiet', onclick: close }, t('common.cancel')),
    ),
  );
}

/** How the summary above the buttons names each field. */
const fieldNames = () => ({
  productId: t('fieldName.model'),
  serialNumber: t('fieldName.serialNumber'),
  purchaseDate: t('fieldName.purchaseDate'),
  purchaseCountryCode: t('fieldName.purchaseCountry'),
  dealer: t('fieldName.dealer'),
  estimated: t('fieldName.estimated'),
});

function successMessage(item) {
  const what = t('register.what', { model: item.product.model, serial: item.serialNumber });
  if (item.status === 'PENDING_TRANSFER') return { kind: 'warning', text: t('register.pending', { what, notice: item.notice ?? t('register.pendingCheck') }) };
  const sentences = [item.countsTowardsTier ? t('register.registeredCounting', { what }) : t('register.registered', { what })];
  if (item.parallelImport) sentences.push(t('register.parallelImport'));
  if (item.estimated) sentences.push(t('register.estimated'));
  return { kind: 'success', text: sentences.join(' ') };
}
