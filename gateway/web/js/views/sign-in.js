import { h, uid } from '../dom.js';
import { isLocal, readToken, TokenProblem, viewsFor } from '../session.js';

/** Paste a token; the page reads its roles and opens the views they allow. */
export function renderSignIn(main, { onSignIn, reason }) {
  const tokenId = uid('token');
  const errorId = uid('token-error');
  const helpId = uid('token-help');
  const error = h('p', { id: errorId, class: 'field-error', role: 'alert' });
  const input = h('textarea', {
    id: tokenId, name: 'token', rows: 4, required: true, spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': `${helpId} ${errorId}`, placeholder: 'eyJhbGciOiJIUzI1NiJ9…',
  });

  const submit = (event) => {
    event.preventDefault();
    try {
      const session = readToken(input.value);
      if (!viewsFor(session).length) throw new TokenProblem('This token has no role this page knows (member, handler or admin).');
      onSignIn(session);
    } catch (problem) {
      error.textContent = problem instanceof TokenProblem ? problem.message : 'This token cannot be used.';
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  };

  main.append(
    h('section', { class: 'sign-in' },
      h('div', { class: 'panel sign-in-panel' },
        h('h1', null, 'Sign in'),
        h('p', { class: 'lede' }, 'Members see their tier, benefits and equipment. Handlers validate second-hand transfers. Policy owners preview rule changes before they go live.'),
        reason ? h('p', { class: 'notice notice-warning', role: 'status' }, reason) : null,
        h('form', { class: 'form', onsubmit: submit, novalidate: true },
          h('div', { class: 'field' },
            h('label', { for: tokenId }, 'Access token'),
            h('p', { id: helpId, class: 'field-hint' }, 'Paste the token you were given, with or without “Bearer ”. It stays in this browser tab only.'),
            input,
            error,
          ),
          h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Sign in')),
        ),
        h('p', null, 'New to the programme? ', h('a', { href: '#/sign-up' }, 'Join the programme'), ' — it is free.'),
        isLocal()
          ? h('aside', { class: 'dev-hint', 'aria-label': 'Development tokens' },
              h('h2', null, 'Running locally?'),
              h('p', null, 'Make a development token in the project folder:'),
              h('pre', null, h('code', null, 'npm run token -- --member 2     # Tom Baker, member 10000002\nnpm run token -- --role handler\nnpm run token -- --role admin')),
            )
          : null,
      ),
    ),
  );
}
