import { h, uid } from '../dom.js';
import { parts, t } from '../i18n.js';
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
      if (!viewsFor(session).length) throw new TokenProblem(t('token.noRole'));
      onSignIn(session);
    } catch (problem) {
      error.textContent = problem instanceof TokenProblem ? problem.message : t('token.unusable');
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  };

  main.append(
    h('section', { class: 'sign-in' },
      h('div', { class: 'panel sign-in-panel' },
        h('h1', null, t('signIn.title')),
        h('p', { class: 'lede' }, t('signIn.lede')),
        reason ? h('p', { class: 'notice notice-warning', role: 'status' }, reason) : null,
        h('form', { class: 'form', onsubmit: submit, novalidate: true },
          h('div', { class: 'field' },
            h('label', { for: tokenId }, t('signIn.token')),
            h('p', { id: helpId, class: 'field-hint' }, t('signIn.tokenHint')),
            input,
            error,
          ),
          h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, t('signIn.submit'))),
        ),
        h('p', null, parts('signIn.new', { join: h('a', { href: '#/sign-up' }, t('signUp.title')) })),
        isLocal()
          ? h('aside', { class: 'dev-hint', 'aria-label': t('signIn.devTokens') },
              h('h2', null, t('signIn.runningLocally')),
              h('p', null, t('signIn.makeToken')),
              h('pre', null, h('code', null, 'npm run token -- --member 2     # Tom Baker, member 10000002\nnpm run token -- --role handler\nnpm run token -- --role admin')),
            )
          : null,
      ),
    ),
  );
}
