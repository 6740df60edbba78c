/**
 * The handler's view: second-hand registrations waiting for a decision, with what the decision
 * rests on (who holds the serial now, when it was asked, the purchase and any estimate).
 */
import { announce, h, uid } from '../dom.js';
import { dateTime, day } from '../format.js';
import { confirmStep } from '../dialog.js';
import { errorPanel, flashNotice, loadingPanel, pageHead } from './common.js';

const PENDING = /* GraphQL */ `
  query PendingTransfers {
    pendingTransfers {
      id serialNumber purchaseDate purchaseCountryCode dealer estimated parallelImport
      purchaseCountry { name }
      product { model kind }
      registeredAt
      owner { number name }
      previousOwner { number name }
    }
  }`;

/** Decisions made in this tab, newest first, as the API recorded them (who and when). */
const decisions = [];
const person = (member) => (member ? `${member.name} (${member.number})` : 'nobody (the serial is free)');

const CONFIRM = /* GraphQL */ `
  mutation ConfirmTransfer($id: ID!) { confirmTransfer(equipmentId: $id) { id status decidedBy decidedAt owner { number name } } }`;

const REJECT = /* GraphQL */ `
  mutation RejectTransfer($id: ID!, $reason: String!) { rejectTransfer(equipmentId: $id, reason: $reason) { id status transferNote decidedBy decidedAt } }`;

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
      pageHead('Pending transfers', 'Second-hand registrations of serials that are still active on another member’s account. Confirm moves the item to the new owner; reject keeps it with the previous owner.', h('button', { type: 'button', class: 'button button-quiet', onclick: () => reload() }, 'Refresh')),
      flashNotice(flash),
      h('section', { class: 'panel', 'aria-labelledby': 'pending-heading' },
        h('h2', { id: 'pending-heading' }, items.length === 0 ? 'Nothing waiting' : items.length === 1 ? '1 transfer waiting' : `${items.length} transfers waiting`),
        items.length
          ? h('ul', { class: 'transfer-list' }, items.map((item) => transferItem(item, context, reload)))
          : h('p', { class: 'empty' }, 'No transfers are waiting. New second-hand registrations appear here, and the handlers are e-mailed.'),
      ),
      decisions.length
        ? h('section', { class: 'panel', 'aria-labelledby': 'decided-heading' },
            h('h2', { id: 'decided-heading' }, 'Decided in this session'),
            h('ul', { class: 'decisions' }, decisions.map((d) => h('li', null, h('strong', null, d.outcome), ` ${d.what} — by ${d.by}, ${dateTime(d.at)}.`))))
        : null,
    ),
  );
}

/** Keeps the decision as the API recorded it: who (the staff member the token names, else the role) and when. */
function decided(outcome, what, item) {
  decisions.unshift({ outcome, what, by: item.decidedBy, at: item.decidedAt });
  return item.decidedBy;
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
  const reject = h('button', { type: 'button', class: 'button button-quiet', 'aria-label': `Reject transfer of ${what}`, 'aria-expanded': 'false' }, 'Reject');
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
    const sure = await confirmStep({
      title: 'Confirm this transfer?',
      details: [
        h('p', null, `The ${what} moves from ${person(item.previousOwner)} to ${person(item.owner)}.`),
        h('p', null, `Bought ${day(item.purchaseDate)} in ${item.purchaseCountry?.name ?? item.purchaseCountryCode} from ${item.dealer}${item.estimated ? ' (estimated details)' : ''}.`),
        h('p', null, 'Confirm only with proof of the purchase. The previous owner loses the item from their account.'),
      ],
      confirmLabel: 'Yes, confirm transfer',
    });
    if (!sure) return;
    confirm.disabled = true;
    try {
      const { confirmTransfer: done } = await context.api(CONFIRM, { id: item.id });
      announce('Transfer confirmed.');
      const by = decided('Confirmed:', `the ${what} now belongs to ${person(done.owner)}`, done);
      await reload({ text: `Transfer confirmed: the ${what} now belongs to ${done.owner.name} (${done.owner.number}). Decided by ${by}.` });
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
      const { rejectTransfer: done } = await context.api(REJECT, { id: item.id, reason: reason.value.trim() });
      announce('Transfer rejected.');
      const by = decided('Rejected:', `the ${what} stays with ${person(item.previousOwner)} (“${reason.value.trim()}”)`, done);
      await reload({ text: `Transfer rejected: the ${what} stays with its previous owner. Decided by ${by}.` });
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
        h('div', null, h('dt', null, 'New owner'), h('dd', null, person(item.owner))),
        h('div', null, h('dt', null, 'Holds the serial now'), h('dd', null, person(item.previousOwner))),
        h('div', null, h('dt', null, 'Requested'), h('dd', null, dateTime(item.registeredAt))),
        h('div', null, h('dt', null, 'Bought'), h('dd', null, `${day(item.purchaseDate)} · ${item.purchaseCountry?.name ?? `${item.purchaseCountryCode}, outside the programme`}`)),
        h('div', null, h('dt', null, 'Dealer'), h('dd', null, item.dealer)),
        h('div', null, h('dt', null, 'Details'), h('dd', null, item.estimated ? 'Estimated by the new owner: ask for proof' : 'As on the receipt')),
      ),
      h('div', { class: 'actions' }, confirm, reject),
    ),
    rejectForm,
  );
}
