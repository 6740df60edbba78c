/**
 * Errors beside the fields they are about: the server names the field (extensions.field, e.g.
 * "address.countryCode"); the form shows the message under that control, marks it invalid, says
 * above the buttons what to check, and moves focus to the first field to fix.
 */
import { h, uid } from './dom.js';
import { list, t } from './i18n.js';

/** A control's error message, linked with aria-describedby and aria-invalid. */
export function fieldSlot(control, current = () => control) {
  const error = h('p', { id: uid('error'), class: 'field-error', hidden: true });
  const link = (el, on) => {
    const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== error.id);
    if (on) ids.push(error.id);
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
    if (on) el.setAttribute('aria-invalid', 'true');
    else el.removeAttribute('aria-invalid');
  };
  const slot = {
    error,
    control: current,
    show(message) {
      error.textContent = message;
      error.hidden = false;
      link(current(), true);
    },
    clear() {
      if (error.hidden) return;
      error.hidden = true;
      error.textContent = '';
      link(control, false);
      link(current(), false);
    },
  };
  // Typing in a field clears its error: the person is fixing it.
  control.addEventListener('input', () => slot.clear());
  return slot;
}

/**
 * The errors of one form. fields: { serialNumber: slot, … }; names: { serialNumber: 'the serial
 * number', … } (in the page's language) for the summary; status: the element above the buttons;
 * failure: its first words.
 */
export function formErrors({ fields, names, status, failure }) {
  return {
    clear() {
      for (const slot of Object.values(fields)) slot.clear();
      status.replaceChildren();
    },
    /** errors: { field: message }; general: messages that name no field of this form. */
    show(errors, general = []) {
      let first = null;
      const named = [];
      for (const [field, message] of Object.entries(errors)) {
        const slot = fields[field];
        if (!slot) {
          general.push(message);
          continue;
        }
        slot.show(message);
        named.push(names[field] ?? field);
        first ??= slot.control();
      }
      status.replaceChildren(
        h('p', { class: 'notice notice-error' },
          h('strong', null, `${failure} `),
          named.length ? `${t('form.pleaseCheck', { fields: list(named) })} ` : '',
          general.join(' ')),
      );
      first?.focus();
    },
    /** An ApiError from the server: field errors to their fields, the rest above the buttons. */
    showApiError(error) {
      const general = error.errors.filter((e) => !e.extensions?.field || !fields[e.extensions.field]).map((e) => e.message);
      const own = Object.fromEntries(Object.entries(error.fieldErrors).filter(([field]) => fields[field]));
      this.show(own, general);
    },
  };
}
