/** The handler's view: second-hand registrations waiting for a decision. */
import { announce, h, uid } from '../dom.js';
import { day } from '../format.js';
import { errorPanel, loadingPanel } from './common.js';

const PENDING = /* GraphQL */ `
  query PendingTransfers {
    pendingTransfers {
      id serialNumber purchaseDate dealer estimated parallelImport
      purchaseCountry { name }
      product { model kind }
      owner { number name }
    }
  }`;

const CONFIRM = /* GraphQL */ `
  mutation ConfirmTransfer($id: ID!) { confirmTransfer(equipmentId: $id) { id status owner { number name } } }`;

const REJECT = /* GraphQL */ `
  mutation RejectTransfer($id: ID!, $reason: String!) { rejectTransfer(equipmentId: $id, reason: $reason) { id status transferNote } }`;

export async function renderTransfers(main, context, flash) {
  const loading = loadingPanel('Loading pending transfers…');
  main.append(loading);
  let items;
  try {
    ({ pendingTransfers: items } = await context.api(PENDING));
  } catch (error) {
    if (context.isCurrent()) loading.replaceWith(errorPanel('Pending transfers could not be loaded', error));
    return;
  }
  if (!context.isCurrent()) return;

  const reload = async (message) => {
    main.replaceChildren();
    await renderTransfers(main, context, message);
    main.querySelector('[data-flash]')?.focus();
  };

  loading.replaceWith(
    h('div', { class: 'page' },
      h('div', { class: 'page-head' },
        h('div', null,
          h('h1', null, 'Pending transfers'),
          h('p', { class: 'page-sub' }, 'Second-hand registrations of serials that are still active on another member’s account. Confirm moves the item to the new owner; reject keeps it with the previous owner.'),
        ),
        h('button', { type: 'button', class: 'button button-quiet', onclick: () => reload() }, 'Refresh'),
      ),
      flash ? h('div', { class: `notice ${flash.kind === 'error' ? 'notice-error' : 'notice-success'}`, role: 'status', tabindex: '-1', 'data-flash': '' }, flash.text) : null,
      h('section', { class: 'panel', 'aria-labelledby': 'pending-heading' },
        h('h2', { id: 'pending-heading' }, items.length === 0 ? 'Nothing waiting' : items.length === 1 ? '1 transfer waiting' : `${items.length} transfers waiting`),
        items.length
          ? h('ul', { class: 'transfer-list' }, items.map((item) => transferItem(item, context, reload)))
          : h('p', { class: 'empty' }, 'No transfers are waiting. New second-hand registrations appear here, and the handlers are e-mailed.'),
      ),
    ),
  );
}

function transferItem(item, context, reload) {
  const what = `${item.product.model}, serial ${item.serialNumber}`;
  const reasonId = uid('reason');
  const errorId = uid('reason-error');
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const hintId = uid('reason-hint');
  const reason = h('textarea', { id: reasonId, rows: 2, required: true, 'aria-describedby': `${hintId} ${errorId}` });
  reason.addEventListener('input', () => {
    error.hidden = true;
    reason.removeAttribute('aria-invalid');
  });
  const rejectForm = h('form', { class: 'form reject-form', hidden: true, novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: reasonId }, 'Reason for rejecting', h('span', { class: 'visually-hidden' }, ` the transfer of ${what}`)),
      h('p', { id: hintId, class: 'field-hint' }, 'The new owner sees it; the item stays with the previous owner.'),
      reason,
      error),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button button-danger' }, 'Reject transfer'),
      h('button', { type: 'button', class: 'button button-quiet', onclick: () => toggleReject(false) }, 'Cancel'),
    ),
  );
  const confirm = h('button', { type: 'button', class: 'button', 'aria-label': `Confirm transfer of ${what}` }, 'Confirm transfer');
  const reject = h('button', { type: 'button', class: 'button button-quiet', 'aria-label': `Reject transfer of ${what}…`, 'aria-expanded': 'false' }, 'Reject…');
  const toggleReject = (show) => {
    rejectForm.hidden = !show;
    reject.setAttribute('aria-expanded', String(show));
    (show ? reason : reject).focus();
  };
  const fail = (e) => {
    error.textContent = e.fieldErrors?.reason ?? e.message;
    error.hidden = false;
    reason.setAttribute('aria-invalid', 'true');
  };

  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    try {
      const { confirmTransfer: done } = await context.api(CONFIRM, { id: item.id });
      announce('Transfer confirmed.');
      await reload({ text: `Transfer confirmed: the ${what} now belongs to ${done.owner.name} (${done.owner.number}).` });
    } catch (e) {
      confirm.disabled = false;
      await reload({ kind: 'error', text: `The transfer of the ${what} was not confirmed: ${e.message}` });
    }
  });
  reject.addEventListener('click', () => toggleReject(rejectForm.hidden));
  rejectForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    reason.removeAttribute('aria-invalid');
    if (!reason.value.trim()) {
      fail(new Error('Say why, e.g. “No proof of purchase”.'));
      reason.focus();
      return;
    }
    try {
      await context.api(REJECT, { id: item.id, reason: reason.value.trim() });
      announce('Transfer rejected.');
      await reload({ text: `Transfer rejected: the ${what} stays with its previous owner.` });
    } catch (e) {
      fail(e);
      reason.focus();
    }
  });

  const marks = [
    item.estimated ? h('span', { class: 'mark mark-estimated' }, 'Estimated') : null,
    item.parallelImport ? h('span', { class: 'mark mark-import' }, 'Parallel import') : null,
  ];
  return h('li', { class: 'transfer', 'aria-label': what },
    h('div', { class: 'transfer-main' },
      h('div', { class: 'transfer-item' },
        h('span', { class: 'model' }, item.product.model),
        h('span', { class: 'mono' }, item.serialNumber),
        h('span', { class: 'marks' }, marks),
      ),
      h('dl', { class: 'facts' },
        h('div', null, h('dt', null, 'New owner'), h('dd', null, `${item.owner.name} (${item.owner.number})`)),
        h('div', null, h('dt', null, 'Bought'), h('dd', null, `${day(item.purchaseDate)} · ${item.purchaseCountry?.name ?? 'outside the programme'}`)),
        h('div', null, h('dt', null, 'Dealer'), h('dd', null, item.dealer)),
      ),
      h('div', { class: 'actions' }, confirm, reject),
    ),
    rejectForm,
  );
}
