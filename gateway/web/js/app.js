/** The reference frontend: sign in with a token, then the views the token's roles may open. */
import { announce, clear, h } from './dom.js';
import { graphql } from './graphql.js';
import { LANGUAGES, language, ownLanguageName, parts, startLanguage, t, textOr, useLanguage } from './i18n.js';
import { clearSession, defaultView, loadSession, saveSession, viewsFor } from './session.js';
import { renderSignIn } from './views/sign-in.js';
import { renderSignUp } from './views/sign-up.js';
import { renderMembership } from './views/membership.js';
import { renderTransfers } from './views/transfers.js';
import { renderCards } from './views/cards.js';
import { renderYearlyRun } from './views/yearly-run.js';
import { renderPolicy } from './views/policy.js';

const VIEWS = {
  membership: renderMembership,
  transfers: renderTransfers,
  cards: renderCards,
  'yearly-run': renderYearlyRun,
  policy: renderPolicy,
};
const viewTitle = (name) => t(`view.${name}`);
const pageTitle = (title) => `${title} · ${t('app.brand')}`;

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const identity = document.getElementById('identity');
const languageSwitch = document.getElementById('language');
// One option per language the pages have texts in, each named in itself.
languageSwitch.replaceChildren(...LANGUAGES.map((code) => h('option', { value: code, lang: code }, ownLanguageName(code))));
startLanguage();
let session = loadSession();
let rendering = 0;
let memberNumber = null; // shown in the top bar once the dashboard has it

const viewName = () => location.hash.replace(/^#\/?/, '').split('/')[0];

function currentView() {
  const name = viewName();
  if (!session) return null;
  const allowed = viewsFor(session);
  return allowed.includes(name) ? name : defaultView(session);
}

function signIn(newSession) {
  session = newSession;
  memberNumber = null;
  saveSession(session);
  const first = defaultView(session);
  if (location.hash === `#/${first}`) route();
  else location.hash = `#/${first}`;
}

/** Back to the sign-in page, saying why when the server refused the token. */
function signOut(reason) {
  session = null;
  memberNumber = null;
  clearSession();
  history.replaceState(null, '', location.pathname + location.search);
  route(reason);
}

function renderChrome(active) {
  clear(nav);
  clear(identity);
  if (!session) return;
  const views = viewsFor(session);
  nav.append(
    h('ul', { class: 'tabs' },
      views.map((name) =>
        h('li', null, h('a', { href: `#/${name}`, 'aria-current': name === active ? 'page' : null }, viewTitle(name))),
      ),
    ),
  );
  // A member is named by the programme's member number, shown once the dashboard has it.
  const who = session.memberId ? t('app.member') : session.roles.map((r) => textOr(`role.${r}`, r)).join(', ');
  identity.append(
    h('span', { class: 'identity-name' }, parts('app.signedIn', { who: h('strong', { 'data-identity': '' }, memberNumber ? t('app.memberNumber', { number: memberNumber }) : who) })),
    h('button', { type: 'button', class: 'button button-quiet button-small', onclick: () => signOut() }, t('app.signOut')),
  );
}

/** The words of index.html itself, in the page's language. */
function renderStaticWords() {
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  for (const el of document.querySelectorAll('[data-t-label]')) el.setAttribute('aria-label', t(el.dataset.tLabel));
  languageSwitch.value = language();
}

/** The switch in the top bar: kept for next time, and the view drawn again in place (no reload). */
function switchLanguage() {
  useLanguage(languageSwitch.value, { remember: true });
  renderStaticWords();
  route(undefined, { languageChanged: true });
}

async function route(reason, { languageChanged = false } = {}) {
  const ticket = ++rendering;
  const view = currentView();
  renderChrome(view);
  clear(main);
  if (!session) {
    if (viewName() === 'sign-up') {
      document.title = pageTitle(t('signUp.title'));
      await renderSignUp(main);
      if (!languageChanged) main.querySelector('h1')?.focus({ preventScroll: true });
      return;
    }
    document.title = pageTitle(t('signIn.title'));
    renderSignIn(main, { onSignIn: signIn, reason });
    return;
  }
  if (!view) {
    main.append(h('section', { class: 'panel' }, h('h1', null, t('app.nothingToShow')), h('p', null, t('token.noRole'))));
    return;
  }
  document.title = pageTitle(viewTitle(view));
  const { token } = session;
  const context = {
    session,
    /** A request with this session's token; a refused token signs out. */
    api: async (query, variables) => {
      try {
        return await graphql(query, variables, token);
      } catch (error) {
        if (error.unauthenticated && ticket === rendering) signOut(t('token.refused'));
        throw error;
      }
    },
    isCurrent: () => ticket === rendering,
    /** The person chose another language just now (the view may offer to keep it for the member's e-mails). */
    languageChanged,
    /** The member number once known: one number everywhere, the programme's. */
    showMemberNumber: (number) => {
      const name = identity.querySelector('[data-identity]');
      if (ticket !== rendering) return;
      memberNumber = number;
      if (name) name.textContent = t('app.memberNumber', { number });
    },
    /** The account is gone (erased): back to the start, saying so. */
    signOut,
  };
  await VIEWS[view](main, context);
  if (ticket === rendering) {
    main.querySelector('h1')?.setAttribute('tabindex', '-1');
    // After a language switch the focus stays on the switch: the arrow keys go on through the languages.
    const lost = document.activeElement === document.body || !main.contains(document.activeElement);
    if (lost && !languageChanged) main.querySelector('h1')?.focus({ preventScroll: true });
    announce(t('app.loaded', { view: viewTitle(view) }));
  }
}

languageSwitch.addEventListener('change', switchLanguage);
window.addEventListener('hashchange', () => route());
renderStaticWords();
route();
