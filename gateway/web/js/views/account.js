/** The member's own account: their details (and changing them, their language too), a copy of their data, and erasure. */
import { announce, h } from '../dom.js';
import { dateTime, placeName } from '../format.js';
import { confirmStep } from '../dialog.js';
import { languageName, t } from '../i18n.js';
import { loadCountries } from '../public-data.js';
import { memberDetailsForm } from './member-fields.js';

const UPDATE = /* GraphQL */ `
  mutation UpdateMember($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id name email language } }`;
const EXPORT = /* GraphQL */ `query ExportMember($id: ID!) { exportMember(id: $id) }`;
const DELETE = /* GraphQL */ `mutation DeleteMember($id: ID!) { deleteMember(id: $id) { id deletedAt itemsReleased } }`;

/** me: the dashboard's member; context: the view's (api, signOut); reload(flash) redraws the dashboard. */
export function accountPanel(me, context, reload) {
  const body = h('div', { class: 'account-body' });
  const showDetails = () => {
    body.replaceChildren(
      h('dl', { class: 'facts facts-stacked' },
        h('div', null, h('dt', null, t('account.number')), h('dd', null, me.number)),
        h('div', null, h('dt', null, t('account.name')), h('dd', null, me.name)),
        h('div', null, h('dt', null, t('account.email')), h('dd', null, me.email)),
        h('div', null, h('dt', null, t('account.address')), h('dd', null, t('account.addressLine', { ...me.address, country: placeName(me.country) }))),
        h('div', null, h('dt', null, t('account.language')), h('dd', { 'data-testid': 'member-language' }, languageName(me.language))),
      ),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button button-quiet', onclick: () => editDetails() }, t('account.edit')),
        h('button', { type: 'button', class: 'button button-quiet', onclick: (event) => exportData(event.currentTarget) }, t('account.download')),
        h('button', { type: 'button', class: 'button button-quiet button-danger-quiet', onclick: () => deleteAccount() }, t('account.delete')),
      ),
      exportStatus,
    );
  };
  const exportStatus = h('p', { class: 'muted', 'aria-live': 'polite' });

  const editDetails = async () => {
    const countries = await loadCountries();
    const form = memberDetailsForm({
      countries,
      current: me,
      failure: t('account.notChanged'),
      submitLabel: t('common.saveDetails'),
      buttons: [h('button', { type: 'button', class: 'button button-quiet', onclick: () => { showDetails(); body.querySelector('button')?.focus(); } }, t('common.cancel'))],
      formAttrs: { 'aria-label': t('account.editLabel') },
      send: async (values) => {
        await context.api(UPDATE, { id: me.id, input: changedParts(me, values) });
        announce(t('common.detailsSaved'));
        await reload({ text: t('account.saved') });
      },
    });
    body.replaceChildren(form);
    body.querySelector('input')?.focus();
  };

  const exportData = async (button) => {
    button.disabled = true;
    try {
      const { exportMember: json } = await context.api(EXPORT, { id: me.id });
      const file = `cps-member-${me.number}.json`;
      const link = h('a', { href: URL.createObjectURL(new Blob([json], { type: 'application/json' })), download: file, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      exportStatus.textContent = t('account.downloaded', { file });
    } catch (error) {
      exportStatus.textContent = t('account.downloadFailed', { message: error.message });
    } finally {
      button.disabled = false;
    }
  };

  const deleteAccount = async () => {
    const active = me.equipment.filter((item) => item.status === 'ACTIVE' || item.status === 'PENDING_TRANSFER').length;
    const sure = await confirmStep({
      title: t('account.deleteTitle'),
      details: [
        h('p', null, t('account.deleteErases', { number: me.number })),
        h('p', null, t('account.deleteReleases', { count: active })),
        h('p', null, t('account.downloadFirst')),
      ],
      confirmLabel: t('account.deleteConfirm'),
      danger: true,
    });
    if (!sure) return;
    try {
      const { deleteMember: gone } = await context.api(DELETE, { id: me.id });
      context.signOut(t('account.deleted', { number: me.number, when: dateTime(gone.deletedAt), count: gone.itemsReleased }));
    } catch (error) {
      await reload({ kind: 'error', text: t('account.notDeleted', { message: error.message }) });
    }
  };

  showDetails();
  return h('section', { class: 'panel', 'aria-labelledby': 'account-heading' }, h('h2', { id: 'account-heading' }, t('account.heading')), body);
}

/** Only what changed is sent: each part is checked as at sign-up. */
function changedParts(me, values) {
  const input = {};
  if (values.name !== me.name) input.name = values.name;
  if (values.email !== me.email) input.email = values.email;
  const a = values.address;
  if (a.street !== me.address.street || a.postalCode !== me.address.postalCode || a.city !== me.address.city || a.countryCode !== me.country.code) input.address = a;
  if (values.language && values.language !== me.language) input.language = values.language;
  return input;
}
