/** The reference frontend: sign in with a token, then the views the token's roles may open. */
import { announce, clear, h } from './dom.js';
import { graphql } from './graphql.js';
import { clearSession, defaultView, loadSession, saveSession, viewsFor } from './session.js';
import { renderSignIn } from './views/sign-in.js';
import { renderMembership } from './views/membership.js';
import { renderTransfers } from './views/transfers.js';
import { renderPolicy } from './views/policy.js';

const VIEWS = {
  membership: { title: 'My membership', render: renderMembership },
  transfers: { title: 'Transfers', render: renderTransfers },
  policy: { title: 'Policy', render: renderPolicy },
};

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const identity = document.getElementById('identity');
let session = loadSession();
let rendering = 0;

function currentView() {
  const name = location.hash.replace(/^#\/?/, '').split('/')[0];
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
  const who = session.memberId ? `Member #${session.memberId}` : session.roles.map((r) => r[0].toUpperCase() + r.slice(1)).join(', ');
  identity.append(
    h('span', { class: 'identity-name' }, 'Signed in: ', h('strong', null, who)),
    h('button', { type: 'button', class: 'button button-quiet button-small', onclick: () => signOut() }, 'Sign out'),
  );
}

async function route(reason) {
  const ticket = ++rendering;
  const view = currentView();
  renderChrome(view);
  clear(main);
  if (!session) {
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
