/**
 * The handler's view: second-hand registrations waiting for a decision, with what the decision
 * rests on (who holds the serial now, when it was asked, the purchase and any estimate).
 */
import { announce, h, uid } from '../dom.js';
import { dateTime, day, describeItem, placeName } from '../format.js';
import { confirmStep } from '../dialog.js';
import { parts, t } from '../i18n.js';
import { errorPanel, flashNotice, loadingPanel, pageHead } from './common.js';

const PENDING = /* GraphQL */ `
  query PendingTransfers {
    pendingTransfers {
      id serialNumber purchaseDate purchaseCountryCode dealer estimated parallelImport
      purchaseCountry { code name }
      product { model kind }
      registeredAt
      owner { number name }
      previousOwner { number name }
    }
  }`;

/**
 * Decisions made in this tab, newest first, as the API recorded them (who and when): kept as facts,
 * so that they are told in whichever language the page is in when it is drawn.
 */
const decisions = [];
const person = (member) => (member ? t('common.person', { name: member.name, number: member.number }) : t('transfers.nobody'));

const CONFIRM = /* GraphQL */ `
  mutation ConfirmTransfer($id: ID!) { confirmTransfer(equipmentId: $id) { id status decidedBy decidedAt owner { number name } } }`;

const REJECT = /* GraphQL */ `
  mutation RejectTransfer($id: ID!, $reason: String!) { rejectTransfer(equipmentId: $id, reason: $reason) { id status transferNote decidedBy decidedAt } }`;

export async function renderTransfers(main, context, flash) {
  const loading = loadingPanel(t('transfers.loading'));
  main.append(loading);
  let items;
  try {
    ({ pendingTransfers: items } = await context.api(PENDING));
  } catch (error) {
    if (context.isCurrent()) loading.replaceWith(errorPanel(t('transfers.loadFailed'), error));
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
      pageHead(t('transfers.title'), t('transfers.sub'), h('button', { type: 'button', class: 'button button-quiet', onclick: () => reload() }, t('common.refresh'))),
      flashNotice(flash),
      h('section', { class: 'panel', 'aria-labelledby': 'pending-heading' },
        h('h2', { id: 'pending-heading' }, t('transfers.waiting', { count: items.length })),
        items.length
          ? h('ul', { class: 'transfer-list' }, items.map((item) => transferItem(item, context, reload)))
          : h('p', { class: 'empty' }, t('transfers.none')),
      ),
      decisions.length
        ? h('section', { class: 'panel', 'aria-labelledby': 'decided-heading' },
            h('h2', { id: 'decided-heading' }, t('transfers.decided')),
            h('ul', { class: 'decisions' }, decisions.map((d) => h('li', null, decisionWords(d)))))
        : null,
    ),
  );
}

/** Keeps the decision as the API recorded it: who (the staff member the token names, else the role) and when. */
function decided(facts, done) {
  decisions.unshift({ ...facts, by: done.decidedBy, at: done.decidedAt });
  return done.decidedBy;
}

/** "Confirmed: the EOS R6, serial 1234 now belongs to Tom Baker (10000002) — by handler, 1 Feb 2025, 10:00." */
function decisionWords(d) {
  const what = d.confirmed
    ? t('transfers.decidedConfirmed', { what: describeItem(d.item), owner: person(d.owner) })
    : t('transfers.decidedRejected', { what: describeItem(d.item), owner: person(d.previousOwner), reason: d.reason });
  return parts('transfers.decision', { outcome: h('strong', null, d.confirmed ? t('transfers.confirmed') : t('transfers.rejected')), what, by: d.by, at: dateTime(d.at) });
}

function transferItem(item, context, reload) {
  const what = describeItem(item);
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
      h('label', { for: reasonId }, t('transfers.reason'), h('span', { class: 'visually-hidden' }, ` ${t('transfers.reasonOf', { what })}`)),
      h('p', { id: hintId, class: 'field-hint' }, t('transfers.reasonHint')),
      reason,
      error),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button button-danger' }, t('transfers.rejectSubmit')),
      h('button', { type: 'button', class: 'button button-quiet', onclick: () => toggleReject(false) }, t('common.cancel')),
    ),
  );
  const confirm = h('button', { type: 'button', class: 'button', 'aria-label': t('transfers.confirmLabel', { what }) }, t('transfers.confirm'));
  const reject = h('button', { type: 'button', class: 'button button-quiet', 'aria-label': t('transfers.rejectLabel', { what }), 'aria-expanded': 'false' }, t('transfers.reject'));
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
    const bought = { day: day(item.purchaseDate), country: item.purchaseCountry ? placeName(item.purchaseCountry) : item.purchaseCountryCode, dealer: item.dealer };
    const sure = await confirmStep({
      title: t('transfers.confirmTitle'),
      details: [
        h('p', null, t('transfers.moves', { what, from: person(item.previousOwner), to: person(item.owner) })),
        h('p', null, item.estimated ? t('transfers.boughtEstimated', bought) : t('transfers.bought', bought)),
        h('p', null, t('transfers.confirmOnly')),
      ],
      confirmLabel: t('transfers.confirmYes'),
    });
    if (!sure) return;
    confirm.disabled = true;
    try {
      const { confirmTransfer: done } = await context.api(CONFIRM, { id: item.id });
      announce(t('transfers.confirmedShort'));
      const by = decided({ confirmed: true, item, owner: done.owner }, done);
      await reload({ text: t('transfers.confirmedFlash', { what, owner: person(done.owner), by }) });
    } catch (e) {
      confirm.disabled = false;
      await reload({ kind: 'error', text: t('transfers.notConfirmed', { what, message: e.message }) });
    }
  });
  reject.addEventListener('click', () => toggleReject(rejectForm.hidden));
  rejectForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    reason.removeAttribute('aria-invalid');
    if (!reason.value.trim()) {
      fail(new Error(t('transfers.sayWhy')));
      reason.focus();
      return;
    }
    try {
      const { rejectTransfer: done } = await context.api(REJECT, { id: item.id, reason: reason.value.trim() });
      announce(t('transfers.rejectedShort'));
      const by = decided({ confirmed: false, item, previousOwner: item.previousOwner, reason: reason.value.trim() }, done);
      await reload({ text: t('transfers.rejectedFlash', { what, by }) });
    } catch (e) {
      fail(e);
      reason.focus();
    }
  });

  const marks = [
    item.estimated ? h('span', { class: 'mark mark-estimated' }, t('mark.estimated')) : null,
    item.parallelImport ? h('span', { class: 'mark mark-import' }, t('mark.import')) : null,
  ];
  return h('li', { class: 'transfer', 'aria-label': what },
    h('div', { class: 'transfer-main' },
      h('div', { class: 'transfer-item' },
        h('span', { class: 'model' }, item.product.model),
        h('span', { class: 'mono' }, item.serialNumber),
        h('span', { class: 'marks' }, marks),
      ),
      h('dl', { class: 'facts' },
        h('div', null, h('dt', null, t('transfers.newOwner')), h('dd', null, person(item.owner))),
        h('div', null, h('dt', null, t('transfers.holder')), h('dd', null, person(item.previousOwner))),
        h('div', null, h('dt', null, t('transfers.requested')), h('dd', null, dateTime(item.registeredAt))),
        h('div', null, h('dt', null, t('transfers.boughtFact')), h('dd', null, `${day(item.purchaseDate)} · ${item.purchaseCountry ? placeName(item.purchaseCountry) : t('transfers.outsideProgramme', { code: item.purchaseCountryCode })}`)),
        h('div', null, h('dt', null, t('fields.dealer')), h('dd', null, item.dealer)),
        h('div', null, h('dt', null, t('transfers.details')), h('dd', null, item.estimated ? t('transfers.estimatedAsk') : t('transfers.asOnReceipt'))),
      ),
      h('div', { class: 'actions' }, confirm, reject),
    ),
    rejectForm,
  );
}
