import { signToken } from '@cps/service-kit';

/**
 * `count` member tokens, each its own string (they differ by expiry), of `memberIds` in turn:
 * requests that carry them have different identities, so no gateway may merge any two of them.
 */
export function distinctTokens(secret: string, memberIds: number[], count: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) => signToken(secret, { sub: String(memberIds[i % memberIds.length]), roles: ['member'] }, `${12 * 3600 - i}s`)),
  );
}
