import type { Fetcher } from '@apollo/utils.fetcher';

/**
 * A subgraph answers a bad variable or literal (e.g. an impossible `Date`) with HTTP 400 and a
 * GraphQL BAD_USER_INPUT or GRAPHQL_VALIDATION_FAILED error. The gateway would report that as a failed subgraph; this fetcher hands
 * such answers on as ordinary GraphQL responses, so the client sees the code and the field.
 */
/** A bad variable, or a bad literal in the query text (e.g. an impossible `Date`). */
const CLIENT_ERRORS = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']);

export function relayInputErrors(fetcher: Fetcher): Fetcher {
  return async (url, init) => {
    const response = await fetcher(url, init);
    if (response.status !== 400 || !response.headers.get('content-type')?.includes('json')) return response;
    const body = await response.text();
    const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] };
    const inputErrorsOnly =
      Boolean(parsed.errors?.length) && parsed.errors!.every((e) => CLIENT_ERRORS.has(e.extensions?.code ?? ''));
    return new Response(body, { status: inputErrorsOnly ? 200 : 400, headers: { 'content-type': 'application/json' } }) as never;
  };
}
