/** Joining the programme (the contract's registerMember): no token needed, the server's field errors beside the fields. */
import { announce, h, uid } from '../dom.js';
import { graphql } from '../graphql.js';
import { loadCountries } from '../public-data.js';
import { isLocal } from '../session.js';
import { memberDetailsForm } from './member-fields.js';
import { errorPanel, loadingPanel } from './common.js';

const REGISTER_MEMBER = /* GraphQL */ `
  mutation RegisterMember($input: RegisterMemberInput!) {
    registerMember(input: $input) { id number name email country { name } card { status } }
  }`;

const anonymous = (query, variables) => graphql(query, variables, null);

export async function renderSignUp(main) {
  const loading = loadingPanel('Loading the programme countries…');
  main.append(loading);
  let countries;
  try {
    countries = await loadCountries(anonymous);
  } catch (error) {
    loading.replaceWith(errorPanel('The sign-up form could not be loaded', error));
    return;
  }
  const panel = h('div', { class: 'panel sign-in-panel' });
  const headingId = uid('sign-up');
  const form = memberDetailsForm({
    countries,
    failure: 'You are not registered yet.',
    submitLabel: 'Join the programme',
    buttons: [h('a', { href: '#/', class: 'button button-quiet' }, 'I have an account')],
    formAttrs: { 'aria-labelledby': headingId },
    send: async (input) => {
      const { registerMember: member } = await anonymous(REGISTER_MEMBER, { input });
      panel.replaceChildren(...welcome(member));
      panel.querySelector('h1').focus();
      announce(`Welcome, ${member.name}.`);
    },
  });

  panel.append(
    h('h1', { id: headingId, tabindex: '-1' }, 'Join the programme'),
    h('p', { class: 'lede' }, 'Membership is free. Register with your postal address and e-mail address; add your bodies and lenses afterwards, and your tier follows from them.'),
    form,
  );
  loading.replaceWith(h('section', { class: 'sign-in' }, panel));
}

function welcome(member) {
  return [
    h('h1', { tabindex: '-1' }, `Welcome, ${member.name}`),
    h('p', { class: 'notice notice-success', role: 'status' },
      'You are a member. Your member number is ', h('strong', { 'data-testid': 'new-member-number' }, member.number), '.'),
    h('p', null, `Your membership card is requested and will be sent to your address in ${member.country.name} within a few weeks. Register your equipment once you are signed in: your tier follows from it.`),
    h('p', null, 'To sign in, paste the access token for your account on the sign-in page.'),
    isLocal()
      ? h('aside', { class: 'dev-hint', 'aria-label': 'Development token' },
          h('p', null, 'Running locally? Make the token in the project folder:'),
          h('pre', null, h('code', null, `npm run token -- --member ${member.id}`)))
      : null,
    h('div', { class: 'actions' }, h('a', { href: '#/', class: 'button' }, 'Go to sign in')),
  ];
}
