/** Joining the programme (the contract's registerMember): no token needed, the server's field errors beside the fields. */
import { announce, h, uid } from '../dom.js';
import { graphql } from '../graphql.js';
import { language, parts, t } from '../i18n.js';
import { placeName } from '../format.js';
import { loadCountries } from '../public-data.js';
import { isLocal } from '../session.js';
import { memberDetailsForm } from './member-fields.js';
import { errorPanel, loadingPanel } from './common.js';

const REGISTER_MEMBER = /* GraphQL */ `
  mutation RegisterMember($input: RegisterMemberInput!) {
    registerMember(input: $input) { id number name email country { code name } card { status } }
  }`;

const anonymous = (query, variables) => graphql(query, variables, null);

export async function renderSignUp(main) {
  const loading = loadingPanel(t('signUp.loading'));
  main.append(loading);
  let countries;
  try {
    countries = await loadCountries();
  } catch (error) {
    loading.replaceWith(errorPanel(t('signUp.loadFailed'), error));
    return;
  }
  const panel = h('div', { class: 'panel sign-in-panel' });
  const headingId = uid('sign-up');
  const form = memberDetailsForm({
    countries,
    failure: t('signUp.notRegistered'),
    submitLabel: t('signUp.title'),
    buttons: [h('a', { href: '#/', class: 'button button-quiet' }, t('signUp.haveAccount'))],
    formAttrs: { 'aria-labelledby': headingId },
    send: async (input) => {
      // The programme writes to the new member in the language they joined in.
      const { registerMember: member } = await anonymous(REGISTER_MEMBER, { input: { ...input, language: language() } });
      panel.replaceChildren(...welcome(member));
      panel.querySelector('h1').focus();
      announce(t('signUp.welcomeAnnounce', { name: member.name }));
    },
  });

  panel.append(
    h('h1', { id: headingId, tabindex: '-1' }, t('signUp.title')),
    h('p', { class: 'lede' }, t('signUp.lede')),
    form,
  );
  loading.replaceWith(h('section', { class: 'sign-in' }, panel));
}

function welcome(member) {
  return [
    h('h1', { tabindex: '-1' }, t('signUp.welcome', { name: member.name })),
    h('p', { class: 'notice notice-success', role: 'status' },
      parts('signUp.memberNumber', { number: h('strong', { 'data-testid': 'new-member-number' }, member.number) })),
    h('p', null, t('signUp.cardRequested', { country: placeName(member.country) })),
    h('p', null, t('signUp.howToSignIn')),
    isLocal()
      ? h('aside', { class: 'dev-hint', 'aria-label': t('signUp.devToken') },
          h('p', null, t('signUp.makeToken')),
          h('pre', null, h('code', null, `npm run token -- --member ${member.id}`)))
      : null,
    h('div', { class: 'actions' }, h('a', { href: '#/', class: 'button' }, t('signUp.goToSignIn'))),
  ];
}
