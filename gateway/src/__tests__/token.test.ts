import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { tokenFromArgs } from '../token';

describe('npm run token', () => {
  it('--as names the handler or admin a token is for; their decisions are recorded under that name', async () => {
    const claims = decodeJwt(await tokenFromArgs(['--role', 'handler', '--as', 'anna.weber'], {}));
    expect(claims).toMatchObject({ sub: 'anna.weber', roles: ['handler'] });
  });

  it('refuses a staff name that could be read as a member id, and --as with a member token', async () => {
    await expect(tokenFromArgs(['--role', 'admin', '--as', '12345'], {})).rejects.toThrow(/--as takes a staff name with a letter/);
    await expect(tokenFromArgs(['--member', '1', '--as', 'anna'], {})).rejects.toThrow(/with --role, not --member/);
  });
});
