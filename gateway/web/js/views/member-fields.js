/**
 * A member's details as sign-up and "edit details" ask for them: name, e-mail and postal address,
 * with the server's field names (name, email, address.street, …) so its errors land beside them.
 */
import { h, uid } from '../dom.js';
import { countryName } from '../format.js';
import { ApiError } from '../graphql.js';
import { fieldSlot, formErrors } from '../field-errors.js';

const ELSEWHERE = 'other';

const MEMBER_FIELD_NAMES = {
  name: 'your name',
  email: 'the e-mail address',
  'address.street': 'the street',
  'address.postalCode': 'the postal code',
  'address.city': 'the city',
  'address.countryCode': 'the country',
};

/**
 * The form of sign-up and of "edit details". send(values) asks the server; an input error it
 * answers with goes beside its field. formAttrs name the form; buttons go after the submit one.
 */
export function memberDetailsForm({ countries, current = null, failure, submitLabel, buttons = [], formAttrs, send }) {
  const details = memberFields(countries, current);
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const errors = formErrors({ fields: details.fields, names: MEMBER_FIELD_NAMES, status, failure });
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

/** countries: the programme's ({ code, name }); current: the member's details when editing. */
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
    current ? null : h('option', { value: '' }, 'Choose your country'),
    h('optgroup', { label: 'Programme countries' }, countries.map((c) => h('option', { value: c.code, selected: c.code === home }, c.name))),
    h('optgroup', { label: 'Elsewhere' }, h('option', { value: ELSEWHERE }, 'Another country…')),
  );
  const otherHint = h('p', { id: uid('other-hint'), class: 'field-hint' }, 'Two letters (ISO 3166-1), e.g. CH for Switzerland.');
  const other = h('input', { id: uid('other-country'), name: 'otherCountry', maxlength: 2, autocomplete: 'off', spellcheck: 'false', class: 'mono short', 'aria-describedby': otherHint.id });
  const otherField = h('div', { class: 'field', hidden: true }, h('label', { for: other.id }, 'Country code'), otherHint, other);
  country.addEventListener('change', () => (otherField.hidden = country.value !== ELSEWHERE));
  other.addEventListener('input', () => {
    other.value = other.value.toUpperCase();
    const name = other.value.length === 2 ? countryName(other.value) : null;
    otherHint.textContent = name ? `${other.value}: ${name}.` : 'Two letters (ISO 3166-1), e.g. CH for Switzerland.';
  });

  const fields = Object.fromEntries(Object.entries(controls).map(([name, control]) => [name, fieldSlot(control)]));
  fields['address.countryCode'] = fieldSlot(country, () => (country.value === ELSEWHERE ? other : country));
  const field = (name, label, hint) => {
    const control = controls[name] ?? country;
    const hintNode = hint ? h('p', { id: uid('hint'), class: 'field-hint' }, hint) : null;
    if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
    return h('div', { class: 'field' }, h('label', { for: control.id }, label), hintNode, control, fields[name].error);
  };

  const nodes = [
    field('name', 'Name'),
    field('email', 'E-mail address', 'Where the programme writes to you, e.g. about a second-hand item.'),
    h('fieldset', { class: 'address' },
      h('legend', null, 'Postal address'),
      h('p', { class: 'field-hint' }, 'The European programme needs an official address in one of its countries; your card is sent there.'),
      field('address.street', 'Street and number'),
      h('div', { class: 'field-row' }, field('address.postalCode', 'Postal code'), field('address.city', 'City')),
      field('address.countryCode', 'Country'),
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
  });
  return { nodes, fields, values };
}

/** What the page checks before asking the server: every field filled in (the server checks the rest). */
function missingMemberFields({ name, email, address }) {
  const missing = {};
  if (!name) missing.name = 'Enter your name.';
  if (!email) missing.email = 'Enter your e-mail address.';
  if (!address.street) missing['address.street'] = 'Enter the street and number.';
  if (!address.postalCode) missing['address.postalCode'] = 'Enter the postal code.';
  if (!address.city) missing['address.city'] = 'Enter the city.';
  if (!address.countryCode) missing['address.countryCode'] = 'Choose the country you live in.';
  return missing;
}
