import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { ACCEPT_LANGUAGE_HEADER, DEFAULT_LANGUAGE, negotiateLanguage } from '@cps/service-kit';
import type { FormattedExecutionResult } from 'graphql';
import type { GatewayContext } from './context';

interface Entry {
  result: FormattedExecutionResult;
  contentLanguage: string | undefined;
  storedAt: number;
  maxAgeSeconds: number;
}

export interface Hit {
  result: FormattedExecutionResult;
  contentLanguage: string | undefined;
  /** Seconds since it was stored (the `Age` header), and the max-age it was stored with (as a CDN does). */
  ageSeconds: number;
  maxAgeSeconds: number;
}

/**
 * The gateway's answer to an anonymous query for public data (products, countries), kept for as
 * long as the subgraphs' cache hints allow. Its key is the query, operation name, variables and
 * the answer's language: nothing about a caller, because only callers without a token are ever served from it
 * or stored in it. What is stored must be PUBLIC by the overall cache policy, which @apollo/gateway
 * restricts by every subgraph answer's `Cache-Control`: an answer with any member's field is
 * `no-store` and never stored. Bounded: the oldest entry goes first (insertion order).
 */
export class PublicResponseCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Hit | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const age = this.now() - entry.storedAt;
    if (age >= entry.maxAgeSeconds * 1000) {
      this.entries.delete(key);
      return undefined;
    }
    return { result: entry.result, contentLanguage: entry.contentLanguage, ageSeconds: Math.floor(age / 1000), maxAgeSeconds: entry.maxAgeSeconds };
  }

  set(key: string, result: FormattedExecutionResult, contentLanguage: string | undefined, maxAgeSeconds: number): void {
    this.entries.delete(key);
    this.entries.set(key, { result, contentLanguage, storedAt: this.now(), maxAgeSeconds });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

/**
 * The language an anonymous answer is written in, as the subgraphs choose it (the request's among
 * the policy's languages, else English): `de`, `de-AT` and `fr;q=0.5, de` share one entry, and no
 * client can fill the cache by varying the header.
 */
const answerLanguage = (rc: GraphQLRequestContext<GatewayContext>, languages: () => readonly string[]) =>
  negotiateLanguage(rc.request.http?.headers.get(ACCEPT_LANGUAGE_HEADER), languages()) ?? DEFAULT_LANGUAGE;

const cacheKey = (rc: GraphQLRequestContext<GatewayContext>, languages: () => readonly string[]) =>
  JSON.stringify([rc.queryHash, rc.request.operationName ?? null, rc.request.variables ?? {}, answerLanguage(rc, languages)]);

/**
 * Serves anonymous public queries from `cache` (the header `age` says it was), and stores the
 * answers it may. Apollo's cache-control plugin then sets `Cache-Control: max-age=…, public` on
 * both, for a GET as for a POST, so a CDN can hold them too; every public answer says it varies by
 * language, with this gateway's cache or without it.
 */
export function publicResponseCache(cache: PublicResponseCache, languages: () => readonly string[]): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      // A caller with a token is never served from the cache nor stored in it, whatever they ask.
      const caching = cache.maxEntries > 0 && !contextValue.authorization;
      let served = false;
      let key: string | undefined; // worked out once, for the look-up and the store
      const keyOf = (rc: GraphQLRequestContext<GatewayContext>) => (key ??= cacheKey(rc, languages));
      return {
        async responseForOperation(rc) {
          if (!caching || rc.operation.operation !== 'query') return null;
          const hit = cache.get(keyOf(rc));
          if (!hit) return null;
          served = true;
          rc.overallCachePolicy.replace({ maxAge: hit.maxAgeSeconds, scope: 'PUBLIC' });
          const headers = new HeaderMap([['age', String(hit.ageSeconds)]]);
          if (hit.contentLanguage) headers.set('content-language', hit.contentLanguage);
          return { http: { status: undefined, headers }, body: { kind: 'single', singleResult: hit.result } };
        },
        async willSendResponse(rc) {
          if (rc.operation?.operation !== 'query' || rc.response.body.kind !== 'single' || rc.response.body.singleResult.errors) return;
          const policy = rc.overallCachePolicy.policyIfCacheable();
          if (policy?.scope !== 'PUBLIC') return;
          // Subgraphs write their texts in the caller's language: a CDN or a browser keeps one copy per
          // language, also where this gateway keeps none (PUBLIC_CACHE_ENTRIES=0).
          rc.response.http.headers.set('vary', 'accept-language');
          if (caching && !served) cache.set(keyOf(rc), rc.response.body.singleResult, rc.response.http.headers.get('content-language'), policy.maxAge);
        },
      };
    },
  };
}
