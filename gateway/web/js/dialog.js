/**
 * Modal steps (a confirmation, a small form) on the native <dialog>: the browser traps focus,
 * Escape closes it, and focus goes back to the control that opened it.
 */
import { h, uid } from './dom.js';
import { t } from './i18n.js';

/** Opens a dialog with a heading and content; close() removes it again. */
export function openDialog({ title, content }) {
  const opener = document.activeElement;
  const titleId = uid('dialog-title');
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId },
    h('h2', { id: titleId, class: 'dialog-title' }, title),
    content,
  );
  const close = () => {
    if (dialog.open) dialog.close();
  };
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, close };
}

/**
 * Asks once more before something that cannot be undone. Resolves true when the person confirms.
 * `details` are the facts to decide on (nodes or text), shown above the buttons.
 */
export function confirmStep({ title, details, confirmLabel, danger = false }) {
  return new Promise((resolve) => {
    let answer = false;
    const yes = h('button', { type: 'button', class: `button ${danger ? 'button-danger' : ''}` }, confirmLabel);
    const no = h('button', { type: 'button', class: 'button button-quiet' }, t('common.cancel'));
    const { dialog, close } = openDialog({
      title,
      content: [h('div', { class: 'dialog-body' }, details), h('div', { class: 'actions' }, yes, no)],
    });
    yes.addEventListener('click', () => {
      answer = true;
      close();
    });
    no.addEventListener('click', close);
    dialog.addEventListener('close', () => resolve(answer));
    no.focus(); // the safe choice has focus: Enter does not delete by accident
  });
}
