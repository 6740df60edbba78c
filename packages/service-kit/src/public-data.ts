import type { GraphQLResolveInfo } from 'graphql';

/**
 * How long public data (the catalogue's products, the programme's countries) may be served from a
 * cache: the gateway's response cache and a CDN in front of it. A policy change (a cap, a closed
 * country) reaches cached copies within this long.
 */
export const PUBLIC_DATA_MAX_AGE_SECONDS = 60;

/** What Apollo Server's cache-control plugin puts on `info` (the shape @apollo/cache-control-types describes). */
interface CacheControlInfo {
  cacheControl?: { setCacheHint(hint: { maxAge?: number; scope?: 'PUBLIC' | 'PRIVATE' }): void };
}

/**
 * Marks a root field's answer as the same for everyone, for PUBLIC_DATA_MAX_AGE_SECONDS. Apollo
 * Server sends it as `Cache-Control: max-age=60, public`, and the gateway restricts its own
 * answer's policy by what each subgraph it asked sent (an answer with any member's field is `no-store`).
 */
export function publicData(info: GraphQLResolveInfo): void {
  (info as GraphQLResolveInfo & CacheControlInfo).cacheControl?.setCacheHint({ maxAge: PUBLIC_DATA_MAX_AGE_SECONDS, scope: 'PUBLIC' });
}
