import { afterEach, describe, expect, it, vi } from 'vitest';
import { identify, signToken, type TokenRules } from '../auth';

const rules = (secret: string): TokenRules => ({ secret, maxLifetimeSeconds: 24 * 3600 });
const bearer = (token: string) => `Bearer ${token}`;
const reasonOf = (error: { extensions?: Record<string, unknown> }) => JSON.stringify(error.extensions);

describe('a token verified once is remembered, never past its times', () => {
  afterEach(() => vi.useRealTimers());

  it('a remembered token is refused once it has expired, with the reason', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T10:00:00Z'));
    const tokens = rules('s'.repeat(40));
    const token = await signToken(tokens.secret, { sub: '7', roles: ['member'] }, '1h');
    expect(await identify(bearer(token), tokens)).toMatchObject({ memberId: '7' });
    expect(await identify(bearer(token), tokens)).toMatchObject({ memberId: '7' });
    vi.setSystemTime(new Date('2026-12-01T11:00:01Z'));
    const refused = await identify(bearer(token), tokens).catch((error) => error);
    expect(refused.extensions.code).toBe('UNAUTHENTICATED');
    expect(reasonOf(refused)).toContain('error.tokenExpired');
  });

  it('a token remembered under one secret is still refused under another', async () => {
    const first = rules('a'.repeat(40));
    const token = await signToken(first.secret, { sub: '7', roles: ['member'] });
    await identify(bearer(token), first);
    const refused = await identify(bearer(token), rules('b'.repeat(40))).catch((error) => error);
    expect(refused.extensions.code).toBe('UNAUTHENTICATED');
    expect(reasonOf(refused)).toContain('error.tokenSignature');
  });

  it('a token that lives longer than the rules allow is refused every time, not only the first', async () => {
    const strict = { secret: 'c'.repeat(40), maxLifetimeSeconds: 3600 };
    const token = await signToken(strict.secret, { sub: '7', roles: ['member'] }, '2h');
    for (let i = 0; i < 2; i++) await expect(identify(bearer(token), strict)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
