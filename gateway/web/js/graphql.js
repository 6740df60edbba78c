/**
 * The one way pages talk to the gateway (relative, so a path prefix works too): POST, except public
 * data asked anonymously, which goes by GET so the browser and a CDN may keep it (Cache-Control: public).
 * Every request asks for the page's language: the API writes its texts in it.
 */
import { language, t } from './i18n.js';

const ENDPOINT = new URL('graphql', document.baseURI).href;

export class ApiError extends Error {
  constructor(errors, status) {
    super(errors.map((e) => e.message).join(' '));
    this.errors = errors;
    this.status = status;
    this.code = errors[0]?.extensions?.code ?? null;
  }
  /** Input errors that name a field: { serialNumber: 'message', ... }. */
  get fieldErrors() {
    const fields = {};
    for (const e of this.errors) {
      const field = e.extensions?.field;
      if (field && !fields[field]) fields[field] = e.message;
    }
    return fields;
  }
  get unauthenticated() {
    return this.status === 401 || this.code === 'UNAUTHENTICATED';
  }
}

const baseHeaders = () => ({ accept: 'application/json', 'accept-language': language() });

export async function graphql(query, variables, token) {
  const headers = { ...baseHeaders(), 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return answer(() => fetch(ENDPOINT, { method: 'POST', headers, body: JSON.stringify({ query, variables }) }));
}

/**
 * A public query (products, countries) by GET and without a token: the same URL for everyone, so
 * the gateway, a CDN and the browser may answer it from their caches (one copy per language: the
 * answer varies by Accept-Language). Apollo's CSRF prevention asks for a header that a cross-site
 * form cannot send.
 */
export async function publicQuery(query, variables) {
  const url = new URL(ENDPOINT);
  url.searchParams.set('query', query.replace(/\s+/g, ' ').trim()); // one line: a shorter URL, the same query
  if (variables) url.searchParams.set('variables', JSON.stringify(variables));
  const headers = { ...baseHeaders(), 'apollo-require-preflight': 'true' };
  return answer(() => fetch(url, { method: 'GET', headers }));
}

async function answer(send) {
  let response;
  try {
    response = await send();
  } catch {
    throw new ApiError([{ message: t('api.unreachable'), extensions: { code: 'NETWORK' } }], 0);
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError([{ message: t('api.noData', { status: String(response.status) }), extensions: { code: 'HTTP' } }], response.status);
  }
  if (response.status === 401 && !body.errors?.length) {
    throw new ApiError([{ message: t('api.refused'), extensions: { code: 'UNAUTHENTICATED' } }], 401);
  }
  if (body.errors?.length) throw new ApiError(body.errors, response.status);
  return body.data;
}
