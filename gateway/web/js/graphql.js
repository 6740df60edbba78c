/** The one way pages talk to the gateway: POST graphql (relative, so a path prefix works too). */
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

export async function graphql(query, variables, token) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(ENDPOINT, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  } catch {
    throw new ApiError([{ message: 'The server cannot be reached. Is the gateway running?', extensions: { code: 'NETWORK' } }], 0);
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError([{ message: `The server answered ${response.status} without data.`, extensions: { code: 'HTTP' } }], response.status);
  }
  if (response.status === 401 && !body.errors?.length) {
    throw new ApiError([{ message: 'The token was refused.', extensions: { code: 'UNAUTHENTICATED' } }], 401);
  }
  if (body.errors?.length) throw new ApiError(body.errors, response.status);
  return body.data;
}
