import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AnonymousRateLimiter, anonymousRateLimit } from '../../gateway/src/anonymous-rate-limit';

/** The plugin's hook for one request, as Apollo calls it. */
async function ask(limiter: AnonymousRateLimiter, document: string, identity: object | null = null): Promise<unknown> {
  const plugin = anonymousRateLimit(limiter);
  const hooks = await plugin.requestDidStart!({ contextValue: { identity, clientAddress: '192.0.2.7' } } as never);
  const operation = parse(document).definitions[0] as OperationDefinitionNode;
  return (hooks as any).didResolveOperation({ operation }).then(() => null, (error: any) => error);
}

describe('the anonymous rate limit', () => {
  it('counts each root mutation field, so aliases cannot put many sign-ups in one request', async () => {
    const limiter = new AnonymousRateLimiter(5, () => 1_000_000);
    const six = `mutation { ${[1, 2, 3, 4, 5, 6].map((n) => `s${n}: registerMember(input: $i) { id }`).join(' ')} }`;
    const refused: any = await ask(limiter, six);
    expect(refused.extensions).toMatchObject({ code: 'RATE_LIMITED', http: { status: 429 } });
    expect(refused.extensions.http.headers.get('retry-after')).toBe('60');
  });

  it('leaves queries and signed-in callers alone, and opens again after the minute', async () => {
    let now = 1_000_000;
    const limiter = new AnonymousRateLimiter(2, () => now);
    const one = 'mutation { registerMember(input: $i) { id } }';
    expect(await ask(limiter, one)).toBeNull();
    expect(await ask(limiter, one)).toBeNull();
    expect(await ask(limiter, '{ countries { code } }')).toBeNull();
    expect(await ask(limiter, one, { memberId: '2', roles: new Set(['member']) })).toBeNull();
    expect(await ask(limiter, one)).not.toBeNull();
    now += 60_000;
    expect(await ask(limiter, one)).toBeNull();
  });
});
