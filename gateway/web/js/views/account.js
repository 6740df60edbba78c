/** The member's own account: their details (and changing them), a copy of their data, and erasure. */
import { announce, h } from '../dom.js';
import { dateTime, plural } from '../format.js';
import { confirmStep } from '../dialog.js';
import { loadCountries } from '../public-data.js';
import { memberDetailsForm } from './member-fields.js';

const UPDATE = /* GraphQL */ `
  mutation UpdateMember($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id name email } }`;
const EXPORT = /* GraphQL */ `query ExportMember($id: ID!) { exportMember(id: $id) }`;
const DELETE = /* GraphQL */ `mutation DeleteMember($id: ID!) { deleteMember(id: $id) { id deletedAt itemsReleased } }`;

/** me: the dashboard's member; context: the view's (api, signOut); reload(flash) redraws the dashboard. */
export function accountPanel(me, context, reload) {
  const body = h('div', { class: 'account-body' });
  const showDetails = () => {
    body.replaceChildren(
      h('dl', { class: 'facts facts-stacked' },
        h('div', null, h('dt', null, 'Member number'), h('dd', null, me.number)),
        h('div', null, h('dt', null, 'Name'), h('dd', null, me.name)),
        h('div', null, h('dt', null, 'E-mail'), h('dd', null, me.email)),
        h('div', null, h('dt', null, 'Address'), h('dd', null, `${me.address.street}, ${me.address.postalCode} ${me.address.city}, ${me.country.name}`)),
      ),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button button-quiet', onclick: () => editDetails() }, 'Edit details'),
        h('button', { type: 'button', class: 'button button-quiet', onclick: (event) => exportData(event.currentTarget) }, 'Download my data'),
        h('button', { type: 'button', class: 'button button-quiet button-danger-quiet', onclick: () => deleteAccount() }, 'Delete my account…'),
      ),
      exportStatus,
    );
  };
  const exportStatus = h('p', { class: 'muted', 'aria-live': 'polite' });

  const editDetails = async () => {
    const countries = await loadCountries(context.api);
    const form = memberDetailsForm({
      countries,
      current: me,
      failure: 'Your details were not changed.',
      submitLabel: 'Save details',
      buttons: [h('button', { type: 'button', class: 'button button-quiet', onclick: () => { showDetails(); body.querySelector('button')?.focus(); } }, 'Cancel')],
      formAttrs: { 'aria-label': 'Edit your details' },
      send: async (values) => {
        await context.api(UPDATE, { id: me.id, input: changedParts(me, values) });
        announce('Details saved.');
        await reload({ text: 'Your details are saved.' });
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
      exportStatus.textContent = `Your data is downloaded as ${file}: everything the programme stores about you.`;
    } catch (error) {
      exportStatus.textContent = `Your data could not be downloaded: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  };

  const deleteAccount = async () => {
    const active = me.equipment.filter((item) => item.status === 'ACTIVE' || item.status === 'PENDING_TRANSFER').length;
    const sure = await confirmStep({
      title: 'Delete your account?',
      details: [
        h('p', null, `This erases your name, e-mail address and postal address, and ends membership ${me.number}. It cannot be undone.`),
        h('p', null, active ? `Your ${plural(active, 'item')} ${active === 1 ? 'is' : 'are'} released, so a next owner can register ${active === 1 ? 'it' : 'them'}.` : 'You have no registered items.'),
        h('p', null, 'Download your data first if you want a copy.'),
      ],
      confirmLabel: 'Delete my account',
      danger: true,
    });
    if (!sure) return;
    try {
      const { deleteMember: gone } = await context.api(DELETE, { id: me.id });
      context.signOut(`Your account ${me.number} was deleted on ${dateTime(gone.deletedAt)}; ${plural(gone.itemsReleased, 'item was', 'items were')} released.`);
    } catch (error) {
      await reload({ kind: 'error', text: `Your account was not deleted: ${error.message}` });
    }
  };

  showDetails();
  return h('section', { class: 'panel', 'aria-labelledby': 'account-heading' }, h('h2', { id: 'account-heading' }, 'Your account'), body);
}

/** Only what changed is sent: each part is checked as at sign-up. */
function changedParts(me, values) {
  const input = {};
  if (values.name !== me.name) input.name = values.name;
  if (values.email !== me.email) input.email = values.email;
  const a = values.address;
  if (a.street !== me.address.street || a.postalCode !== me.address.postalCode || a.city !== me.address.city || a.countryCode !== me.country.code) input.address = a;
  return input;
}
