import type { ApolloServerPlugin } from '@apollo/server';
import { ERROR_TEXT_EXTENSION, readWholeNumber, type Env, type ErrorText } from '@cps/service-kit';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context';

const MINUTE_MS = 60_000;

/**
 * RATE_LIMIT_ANONYMOUS_PER_MINUTE (default 20): how many mutations one client address may send
 * without a token per minute, so that sign-ups cannot be used to learn at speed which e-mail
 * addresses have an account. 0 turns the limit off (load tests on 127.0.0.1).
 */
export function readAnonymousRateLimit(env: Env): number {
  return readWholeNumber(env, 'RATE_LIMIT_ANONYMOUS_PER_MINUTE', 20, { min: 0, max: 10_000_000, must: 'a whole number (0 = no limit)' });
}

/**
 * One fixed one-minute window per client address, in this gateway's memory: with several
 * gateways behind a balancer each counts its own (the balancer's own limit is the one to tune).
 */
export class AnonymousRateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts `count` anonymous mutations; the seconds until the window ends when over the limit, else null. */
  take(address: string, count = 1): number | null {
    if (this.perMinute === 0) return null;
    const now = this.now();
    if (this.windows.size > 10_000) for (const [key, w] of this.windows) if (now - w.startedAt >= MINUTE_MS) this.windows.delete(key);
    let window = this.windows.get(address);
    if (!window || now - window.startedAt >= MINUTE_MS) this.windows.set(address, (window = { startedAt: now, count: 0 }));
    window.count += count;
    return window.count > this.perMinute ? Math.max(1, Math.ceil((window.startedAt + MINUTE_MS - now) / 1000)) : null;
  }
}

/** Anonymous mutations over the limit get 429 RATE_LIMITED with Retry-After, before any subgraph is asked. */
export function anonymousRateLimit(limiter: AnonymousRateLimiter): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'mutation' || contextValue.identity) return;
          // Each root field is one mutation: aliases cannot put many sign-ups in one request.
          const retryAfter = limiter.take(contextValue.clientAddress, operation.selectionSet.selections.length);
          if (retryAfter === null) return;
          const text: ErrorText = { key: 'error.rateLimited', params: { max: limiter.perMinute, seconds: retryAfter } };
          throw new GraphQLError(
            `Too many requests without signing in from this address: at most ${limiter.perMinute} a minute. Try again in ${retryAfter} s.`,
            {
              extensions: {
                code: 'RATE_LIMITED',
                retryAfterSeconds: retryAfter,
                http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) },
                [ERROR_TEXT_EXTENSION]: text,
              },
            },
          );
        },
      };
    },
  };
}
