/**
 * A member's details as sign-up and "edit details" ask for them: name, e-mail and postal address
 * (and, when editing, the language the programme writes in), with the server's field names (name,
 * email, address.street, …) so its errors land beside them.
 */
import { h, uid } from '../dom.js';
import { byPlaceName, countryName, placeName } from '../format.js';
import { ApiError } from '../graphql.js';
import { fieldSlot, formErrors } from '../field-errors.js';
import { LANGUAGES, ownLanguageName, t } from '../i18n.js';

const ELSEWHERE = 'other';

/** How the summary above the buttons names each field ("Please check: the city."). */
const fieldNames = () => ({
  name: t('fieldName.name'),
  email: t('fieldName.email'),
  'address.street': t('fieldName.street'),
  'address.postalCode': t('fieldName.postalCode'),
  'address.city': t('fieldName.city'),
  'address.countryCode': t('fieldName.country'),
  language: t('fieldName.language'),
});

/**
 * The form of sign-up and of "edit details". send(values) asks the server; an input error it
 * answers with goes beside its field. formAttrs name the form; buttons go after the submit one.
 */
export function memberDetailsForm({ countries, current = null, failure, submitLabel, buttons = [], formAttrs, send }) {
  const details = memberFields(countries, current);
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const errors = formErrors({ fields: details.fields, names: fieldNames(), status, failure });
  const submit = h('button', { type: 'submit', class: 'button' }, submitLabel);
  const onSubmit = async (event) => {
    event.preventDefault();
    errors.clear();
    const values = details.values();
    const missing = missingMemberFields(values);
    if (Object.keys(missing).length) return errors.show(missing);
    submit.disabled = true;
    try {
      await send(values);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      errors.showApiError(error);
    } finally {
      submit.disabled = false;
    }
  };
  return h('form', { class: 'form', novalidate: true, onsubmit: onSubmit, ...formAttrs },
    details.nodes, status, h('div', { class: 'actions' }, submit, buttons));
}

/** countries: the programme's ({ code, name }); current: the member's details when editing (with their language). */
function memberFields(countries, current) {
  const input = (name, attrs) => h('input', { id: uid(name.replace('.', '-')), name, value: attrs.value ?? '', ...attrs });
  const controls = {
    name: input('name', { autocomplete: 'name', required: true, value: current?.name }),
    email: input('email', { type: 'email', autocomplete: 'email', required: true, value: current?.email }),
    'address.street': input('address.street', { autocomplete: 'street-address', required: true, value: current?.address.street }),
    'address.postalCode': input('address.postalCode', { autocomplete: 'postal-code', required: true, class: 'short-text', value: current?.address.postalCode }),
    'address.city': input('address.city', { autocomplete: 'address-level2', required: true, value: current?.address.city }),
  };
  const home = current?.address.countryCode;
  const country = h('select', { id: uid('country'), name: 'address.countryCode', autocomplete: 'country', required: true },
    current ? null : h('option', { value: '' }, t('fields.chooseCountry')),
    h('optgroup', { label: t('fields.programmeCountries') }, byPlaceName(countries).map((c) => h('option', { value: c.code, selected: c.code === home }, placeName(c)))),
    h('optgroup', { label: t('fields.elsewhere') }, h('option', { value: ELSEWHERE }, t('fields.anotherCountry'))),
  );
  const example = () => t('fields.countryCodeHint', { code: 'CH', country: countryName('CH') ?? 'CH' });
  const otherHint = h('p', { id: uid('other-hint'), class: 'field-hint' }, example());
  const other = h('input', { id: uid('other-country'), name: 'otherCountry', maxlength: 2, autocomplete: 'off', spellcheck: 'false', class: 'mono short', 'aria-describedby': otherHint.id });
  const otherField = h('div', { class: 'field', hidden: true }, h('label', { for: other.id }, t('fields.countryCode')), otherHint, other);
  country.addEventListener('change', () => (otherField.hidden = country.value !== ELSEWHERE));
  other.addEventListener('input', () => {
    other.value = other.value.toUpperCase();
    const name = other.value.length === 2 ? countryName(other.value) : null;
    otherHint.textContent = name ? t('fields.countryCodeIs', { code: other.value, country: name }) : example();
  });

  // The language the programme's e-mails are in: the member's own, changed here (sign-up has none to change).
  // A member's own language may be one the pages lack (their country's, e.g. nl): it stays an option,
  // so saving other details never changes it behind their back.
  const languageChoices = current?.language && !LANGUAGES.includes(current.language) ? [...LANGUAGES, current.language] : LANGUAGES;
  const language = current?.language
    ? h('select', { id: uid('language'), name: 'language' },
        languageChoices.map((code) => h('option', { value: code, lang: code, selected: code === current.language }, ownLanguageName(code))))
    : null;
  if (language) controls.language = language;

  const fields = Object.fromEntries(Object.entries(controls).map(([name, control]) => [name, fieldSlot(control)]));
  fields['address.countryCode'] = fieldSlot(country, () => (country.value === ELSEWHERE ? other : country));
  const field = (name, label, hint) => {
    const control = controls[name] ?? country;
    const hintNode = hint ? h('p', { id: uid('hint'), class: 'field-hint' }, hint) : null;
    if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
    return h('div', { class: 'field' }, h('label', { for: control.id }, label), hintNode, control, fields[name].error);
  };

  const nodes = [
    field('name', t('fields.name')),
    field('email', t('fields.email'), t('fields.emailHint')),
    language ? field('language', t('fields.language'), t('fields.languageHint')) : null,
    h('fieldset', { class: 'address' },
      h('legend', null, t('fields.address')),
      h('p', { class: 'field-hint' }, t('fields.addressHint')),
      field('address.street', t('fields.street')),
      h('div', { class: 'field-row' }, field('address.postalCode', t('fields.postalCode')), field('address.city', t('fields.city'))),
      field('address.countryCode', t('fields.country')),
      otherField,
    ),
  ];

  const values = () => ({
    name: controls.name.value.trim(),
    email: controls.email.value.trim(),
    address: {
      street: controls['address.street'].value.trim(),
      postalCode: controls['address.postalCode'].value.trim(),
      city: controls['address.city'].value.trim(),
      countryCode: country.value === ELSEWHERE ? other.value.trim() : country.value,
    },
    ...(language ? { language: language.value } : {}),
  });
  return { nodes, fields, values };
}

/** What the page checks before asking the server: every field filled in (the server checks the rest). */
function missingMemberFields({ name, email, address }) {
  const missing = {};
  if (!name) missing.name = t('missing.name');
  if (!email) missing.email = t('missing.email');
  if (!address.street) missing['address.street'] = t('missing.street');
  if (!address.postalCode) missing['address.postalCode'] = t('missing.postalCode');
  if (!address.city) missing['address.city'] = t('missing.city');
  if (!address.countryCode) missing['address.countryCode'] = t('missing.country');
  return missing;
}
