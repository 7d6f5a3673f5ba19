import { el, field } from '../dom';
import { parseToken, Session } from '../session';

/** Sign-in: paste a bearer token. It is checked for shape and expiry here; the API decides what it may see. */
export function loginView(onSignIn: (session: Session) => void, notice?: string): HTMLElement {
  const input = el('textarea', { name: 'token', rows: 4, required: true, spellcheck: 'false', autocomplete: 'off' });
  const error = el('p', { className: 'error', role: 'alert' });
  const form = el(
    'form',
    {
      className: 'card',
      'aria-labelledby': 'signin-title',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const session = parseToken(input.value);
        if (typeof session === 'string') {
          error.textContent = session;
          input.setAttribute('aria-invalid', 'true');
          input.focus();
          return;
        }
        onSignIn(session);
      },
    },
    field('Bearer token', input, 'Mint one with: npm run -s token -- --sub dana --role deal-lead. It is kept in this browser tab only, and forgotten when you sign out, when the tab closes or when it expires.'),
    error,
    el('button', { type: 'submit' }, 'Sign in'),
  );
  return el(
    'section',
    { className: 'signin' },
    el('h1', { id: 'signin-title', tabindex: '-1' }, 'Sign in to the deal room'),
    notice ? el('p', { className: 'notice', role: 'status' }, notice) : null,
    form,
  );
}
