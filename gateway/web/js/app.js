/** The reference frontend: sign in with a token, then the views the token's roles may open. */
import { announce, clear, h } from './dom.js';
import { graphql } from './graphql.js';
import { clearSession, defaultView, loadSession, saveSession, viewsFor } from './session.js';
import { renderSignIn } from './views/sign-in.js';
import { renderSignUp } from './views/sign-up.js';
import { renderMembership } from './views/membership.js';
import { renderTransfers } from './views/transfers.js';
import { renderCards } from './views/cards.js';
import { renderYearlyRun } from './views/yearly-run.js';
import { renderPolicy } from './views/policy.js';

const VIEWS = {
  membership: { title: 'My membership', render: renderMembership },
  transfers: { title: 'Transfers', render: renderTransfers },
  cards: { title: 'Cards', render: renderCards },
  'yearly-run': { title: '1 January run', render: renderYearlyRun },
  policy: { title: 'Policy', render: renderPolicy },
};

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const identity = document.getElementById('identity');
let session = loadSession();
let rendering = 0;

const viewName = () => location.hash.replace(/^#\/?/, '').split('/')[0];

function currentView() {
  const name = viewName();
  if (!session) return null;
  const allowed = viewsFor(session);
  return allowed.includes(name) ? name : defaultView(session);
}

function signIn(newSession) {
  session = newSession;
  saveSession(session);
  const first = defaultView(session);
  if (location.hash === `#/${first}`) route();
  else location.hash = `#/${first}`;
}

/** Back to the sign-in page, saying why when the server refused the token. */
function signOut(reason) {
  session = null;
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
        h('li', null, h('a', { href: `#/${name}`, 'aria-current': name === active ? 'page' : null }, VIEWS[name].title)),
      ),
    ),
  );
  // A member is named by the programme's member number, shown once the dashboard has it.
  const who = session.memberId ? 'Member' : session.roles.map((r) => r[0].toUpperCase() + r.slice(1)).join(', ');
  identity.append(
    h('span', { class: 'identity-name' }, 'Signed in: ', h('strong', { 'data-identity': '' }, who)),
    h('button', { type: 'button', class: 'button button-quiet button-small', onclick: () => signOut() }, 'Sign out'),
  );
}

async function route(reason) {
  const ticket = ++rendering;
  const view = currentView();
  renderChrome(view);
  clear(main);
  if (!session) {
    if (viewName() === 'sign-up') {
      document.title = 'Join the programme · CPS Membership';
      await renderSignUp(main);
      main.querySelector('h1')?.focus({ preventScroll: true });
      return;
    }
    document.title = 'Sign in · CPS Membership';
    renderSignIn(main, { onSignIn: signIn, reason });
    return;
  }
  if (!view) {
    main.append(h('section', { class: 'panel' }, h('h1', null, 'Nothing to show'), h('p', null, 'This token has no role this page knows (member, handler or admin).')));
    return;
  }
  document.title = `${VIEWS[view].title} · CPS Membership`;
  const { token } = session;
  const context = {
    session,
    /** A request with this session's token; a refused token signs out. */
    api: async (query, variables) => {
      try {
        return await graphql(query, variables, token);
      } catch (error) {
        if (error.unauthenticated && ticket === rendering) signOut('The server refused the token (expired, or signed with another secret). Sign in again.');
        throw error;
      }
    },
    isCurrent: () => ticket === rendering,
    /** The member number once known: one number everywhere, the programme's. */
    showMemberNumber: (number) => {
      const name = identity.querySelector('[data-identity]');
      if (name && ticket === rendering) name.textContent = `Member ${number}`;
    },
    /** The account is gone (erased): back to the start, saying so. */
    signOut,
  };
  await VIEWS[view].render(main, context);
  if (ticket === rendering) {
    main.querySelector('h1')?.setAttribute('tabindex', '-1');
    if (document.activeElement === document.body || !main.contains(document.activeElement)) main.querySelector('h1')?.focus({ preventScroll: true });
    announce(`${VIEWS[view].title} loaded`);
  }
}

window.addEventListener('hashchange', () => route());
route();
