import type { Fetcher, FetcherRequestInit } from '@apollo/utils.fetcher';
import { GATEWAY_PROOF_HEADER, REQUEST_ID_HEADER } from '@cps/service-kit';
import { BufferedResponse } from './buffered-response';

/**
 * Headers that differ from one client request to the next without changing the subgraph's answer.
 * Every other header (the caller's token to members, any language passed on) is part of the key.
 */
const PER_REQUEST_HEADERS = new Set([REQUEST_ID_HEADER, 'traceparent', 'tracestate', GATEWAY_PROOF_HEADER]);

/** A query, never a mutation: two identical sign-ups must both run. */
const QUERY = /^\s*(?:query\b|\{)/;

/**
 * The key of a subgraph query: the subgraph's URL, the identity and other headers it carries and
 * the exact body; `null` (not shared) for anything but a POSTed query.
 */
export function inFlightKey(url: string, init: FetcherRequestInit | undefined): string | null {
  if (init?.method !== 'POST' || typeof init.body !== 'string') return null;
  let query: unknown;
  try {
    query = (JSON.parse(init.body) as { query?: unknown }).query;
  } catch {
    return null;
  }
  if (typeof query !== 'string' || !QUERY.test(query)) return null;
  const headers = Object.entries((init.headers ?? {}) as Record<string, string>)
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .filter(([name]) => !PER_REQUEST_HEADERS.has(name))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([url, headers, init.body]);
}

/**
 * Identical subgraph queries in flight at once (same subgraph, body and identity) are sent once:
 * the first goes out (signed once, by the fetcher it wraps: one proof, one nonce) and every
 * identical one that arrives before its answer gets a copy of that answer. Nothing is kept
 * after the answer: this is not a cache, and different tokens never share. A mutation ends every
 * sharing in flight, so the caller's next query is asked anew.
 */
export function shareInFlight(fetcher: Fetcher): Fetcher {
  const inFlight = new Map<string, Promise<BufferedResponse>>();
  return async (url, init) => {
    const key = inFlightKey(url, init);
    if (key === null) {
      // A mutation: a query asked after it was sent or answered never gets an answer from before it.
      inFlight.clear();
      try {
        return await fetcher(url, init);
      } finally {
        inFlight.clear();
      }
    }
    let answer = inFlight.get(key);
    if (!answer) {
      const asked: Promise<BufferedResponse> = fetcher(url, init)
        .then(async (response) => (response instanceof BufferedResponse ? response : new BufferedResponse(await response.text(), response.status, [...response.headers], url)))
        // Only its own entry: after a mutation, the same key may already be a newer question.
        .finally(() => inFlight.get(key) === asked && inFlight.delete(key));
      inFlight.set(key, (answer = asked));
    }
    // Each caller reads its own copy (the body text is shared).
    return (await answer).clone();
  };
}
