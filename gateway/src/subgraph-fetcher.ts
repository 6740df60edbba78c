import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { Agent, request } from 'undici';
import { BufferedResponse } from './buffered-response';

/** A bad variable, or a bad literal in the query text (e.g. an impossible `Date`). */
const CLIENT_ERRORS = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']);

/**
 * A subgraph answers a bad variable or literal with HTTP 400 and a BAD_USER_INPUT or
 * GRAPHQL_VALIDATION_FAILED error. The gateway would report that as a failed subgraph; this
 * fetcher hands such answers on as ordinary GraphQL responses, so the client sees the code and
 * the field.
 */
export function relayInputErrors(fetcher: Fetcher): Fetcher {
  return async (url, init) => {
    const response = await fetcher(url, init);
    if (response.status !== 400 || !response.headers.get('content-type')?.includes('json')) return response;
    const body = await response.text();
    const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] };
    const inputErrorsOnly =
      Boolean(parsed.errors?.length) && parsed.errors!.every((e) => CLIENT_ERRORS.has(e.extensions?.code ?? ''));
    return new BufferedResponse(body, inputErrorsOnly ? 200 : 400, { 'content-type': 'application/json' }, url);
  };
}

/** undici's response headers as a fetch response has them (a repeated header is one, comma-joined). */
function headerPairs(headers: Record<string, string | string[] | undefined>): Array<[string, string]> {
  return Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]]));
}

/**
 * How the gateway calls its subgraphs: undici's request API over kept-alive connections, each
 * answer read whole (BufferedResponse). Measured on this machine (npm run bench), it costs the
 * gateway less CPU per subgraph call than node-fetch (its streams, Request and Headers objects),
 * which had in turn served the dashboard about 40% faster than Node's built-in fetch. Unlike
 * node-fetch it follows no redirect and asks for no compression: a subgraph on the same network
 * answers directly.
 */
export function subgraphFetcher(): Fetcher {
  const dispatcher = new Agent({ connections: 128 });
  return relayInputErrors(async (url, init): Promise<FetcherResponse> => {
    const answer = await request(url, {
      dispatcher,
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      headers: init?.headers,
      body: init?.body,
      signal: init?.signal,
    });
    return new BufferedResponse(await answer.body.text(), answer.statusCode, headerPairs(answer.headers), url);
  });
}
