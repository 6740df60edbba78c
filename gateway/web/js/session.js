/** The signed-in person: a bearer token kept for this browser tab only (sessionStorage). */
import { dateTime } from './format.js';
import { t } from './i18n.js';

const KEY = 'cps.token';

export class TokenProblem extends Error {}

/** Reads the claims the page needs. The gateway verifies the signature; the page only reads. */
export function readToken(raw) {
  // As pasted: with or without "Bearer ", and broken over lines where a terminal wrapped it.
  const token = raw.trim().replace(/^Bearer\s+/i, '').replace(/\s+/g, '');
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[\w-]*$/.test(p))) {
    throw new TokenProblem(t('token.notAToken'));
  }
  let claims;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    claims = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new TokenProblem(t('token.unreadable'));
  }
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r) => typeof r === 'string') : [];
  const expiresAt = typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw new TokenProblem(t('token.expired', { when: dateTime(expiresAt.toISOString()) }));
  }
  // Member ids are digits; a staff token names its holder (`--as anna.weber`) and is no member (namesMember on the server).
  return { token, memberId: typeof claims.sub === 'string' && /^\d+$/.test(claims.sub) ? claims.sub : null, roles, expiresAt };
}

export function loadSession() {
  const stored = sessionStorage.getItem(KEY);
  if (!stored) return null;
  try {
    return readToken(stored);
  } catch {
    sessionStorage.removeItem(KEY);
    return null;
  }
}

export function saveSession(session) {
  sessionStorage.setItem(KEY, session.token);
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

/** Views each role may open, in the order of the navigation. */
export function viewsFor(session) {
  const views = [];
  const roles = new Set(session.roles);
  if (session.memberId) views.push('membership');
  if (roles.has('handler') || roles.has('admin')) views.push('transfers');
  if (roles.has('admin')) views.push('cards', 'yearly-run', 'policy');
  return views;
}

/** Where a person lands after signing in: an admin on the policy view. */
export function defaultView(session) {
  const views = viewsFor(session);
  return views.includes('policy') ? 'policy' : views[0] ?? null;
}

/** Whether the page is served from this machine (then it shows how to make development tokens). */
export const isLocal = () => ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);
