import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { readGatewayConfig } from '@cps/gateway';
import { DEV_AUTH_SECRET, DEV_GATEWAY_SECRETS, readServiceConfig, SUBGRAPH_NAMES, type Env } from '@cps/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFromArgs } from '../../gateway/src/token';
import { databaseKinds, errorCodes, startStack, type Stack } from '../harness';

/** Identity: the gateway verifies HS256 bearer tokens (sub, roles) and passes them on. */
const root = path.resolve(__dirname, '..', '..');
const b64 = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** A JWT made by hand, to make the ones jose would refuse to make. */
function jwt(header: object, payload: object, secret?: string, algorithm = 'sha256'): string {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  const signature = secret ? createHmac(algorithm, secret).update(unsigned).digest('base64url') : '';
  return `${unsigned}.${signature}`;
}

const PRODUCTION_SECRETS: Env = {
  NODE_ENV: 'production',
  AUTH_SECRET: 'a'.repeat(40),
  MEMBERS_GATEWAY_SECRET: 'm'.repeat(40),
  CATALOGUE_GATEWAY_SECRET: 'c'.repeat(40),
  REGIONS_GATEWAY_SECRET: 'r'.repeat(40),
};

describe.each(databaseKinds())('identity (%s)', (db) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ db });
  });
  afterAll(() => stack?.close());

  const me = (token: string) => stack.query('{ me { number } member(id: "1") { name } }', { token });

  it('a valid token is the member it names: the subgraphs see the same identity', async () => {
    const response = await me(await stack.token({ member: 1 }));
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ me: { number: '10000001' }, member: { name: 'Anna Schmidt' } });
  });

  it.each([
    ['signed with another secret', () => jwt({ alg: 'HS256', typ: 'JWT' }, { sub: '1', roles: ['admin'], exp: now() + 600 }, 'x'.repeat(40))],
    ['alg none', () => jwt({ alg: 'none', typ: 'JWT' }, { sub: '1', roles: ['admin'], exp: now() + 600 })],
    ['HS512 with the right secret', () => jwt({ alg: 'HS512', typ: 'JWT' }, { sub: '1', roles: ['admin'], exp: now() + 600 }, DEV_AUTH_SECRET, 'sha512')],
    ['expired', () => jwt({ alg: 'HS256', typ: 'JWT' }, { sub: '1', roles: ['member'], exp: now() - 60 }, DEV_AUTH_SECRET)],
    ['not yet valid', () => jwt({ alg: 'HS256', typ: 'JWT' }, { sub: '1', roles: ['member'], nbf: now() + 3600, exp: now() + 7200 }, DEV_AUTH_SECRET)],
    ['payload changed after signing', () => {
      const [h, , s] = jwt({ alg: 'HS256', typ: 'JWT' }, { sub: '2', roles: ['member'], exp: now() + 600 }, DEV_AUTH_SECRET).split('.');
      return `${h}.${b64({ sub: '1', roles: ['admin'], exp: now() + 600 })}.${s}`;
    }],
    ['garbage', () => 'not-a-jwt'],
  ])('a token %s is refused with 401 UNAUTHENTICATED before any subgraph is asked', async (_label, make) => {
    const response = await me(make());
    expect(response.status).toBe(401);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.data ?? null).toBeNull();
  });

  it('an Authorization header that is not "Bearer <token>" is refused with 401', async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic YWRtaW46YWRtaW4=' },
      body: JSON.stringify({ query: '{ me { number } }' }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('unknown roles give nothing; an odd subject is nobody’s account', async () => {
    const superuser = jwt({ alg: 'HS256' }, { sub: '3', roles: ['superuser', 'root'], exp: now() + 600 }, DEV_AUTH_SECRET);
    // No role the programme knows: it reads nothing, not even its own account.
    expect(errorCodes(await me(superuser))).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    const injected = jwt({ alg: 'HS256' }, { sub: '1 OR 1=1', roles: ['member'], exp: now() + 600 }, DEV_AUTH_SECRET);
    const response = await stack.query('{ me { number name } }', { token: injected });
    expect(response.data?.me ?? null).toBeNull();
    expect(response.status).toBeLessThan(500);
  });

  it('npm run token prints a token the gateway accepts (member, handler, admin)', async () => {
    const printed = spawnSync(process.execPath, [path.join(root, 'gateway', 'dist', 'token.js'), '--member', '2'], {
      encoding: 'utf8',
      env: { ...process.env, AUTH_SECRET: '' },
    });
    expect(printed.status).toBe(0);
    const response = await stack.query('{ me { number } }', { token: printed.stdout.trim() });
    expect(response.data.me.number).toBe('10000002');
    const handler = await tokenFromArgs(['--role', 'handler'], {});
    expect((await stack.query('{ member(id: "2") { name } }', { token: handler })).data.member.name).toBe('Tom Baker');
    const admin = await tokenFromArgs(['--role', 'admin'], {});
    expect((await stack.query('{ member(id: "3") { name } }', { token: admin })).data.member.name).toBe('Lucie Dubois');
    await expect(tokenFromArgs(['--member', 'abc'], {})).rejects.toThrow(/--member/);
    await expect(tokenFromArgs(['--role', 'root'], {})).rejects.toThrow(/--role/);
  });
});

describe('production refuses to start without real secrets', () => {
  it.each([
    ['AUTH_SECRET', { AUTH_SECRET: undefined }],
    ['AUTH_SECRET', { AUTH_SECRET: DEV_AUTH_SECRET }],
    ['AUTH_SECRET', { AUTH_SECRET: 'short' }],
    ['MEMBERS_GATEWAY_SECRET', { MEMBERS_GATEWAY_SECRET: undefined }],
    ['CATALOGUE_GATEWAY_SECRET', { CATALOGUE_GATEWAY_SECRET: DEV_GATEWAY_SECRETS.catalogue }],
    ['REGIONS_GATEWAY_SECRET', { REGIONS_GATEWAY_SECRET: 'r'.repeat(20) }],
    ['MEMBERS_GATEWAY_SECRET', { MEMBERS_GATEWAY_SECRET: 'a'.repeat(40) }], // the same as AUTH_SECRET
    ['GATEWAY_SECRET', { REGIONS_GATEWAY_SECRET: 'c'.repeat(40) }], // two subgraphs, one secret
    ['HARDENING', { HARDENING: 'off' }],
  ])('the gateway refuses: %s', (variable, change) => {
    expect(() => readGatewayConfig({ ...PRODUCTION_SECRETS, ...change })).toThrow(new RegExp(variable));
  });

  it('with every secret set, production is hardened', () => {
    expect(readGatewayConfig(PRODUCTION_SECRETS).hardening).toBe(true);
    for (const name of SUBGRAPH_NAMES) expect(readServiceConfig(name, PRODUCTION_SECRETS).hardening).toBe(true);
    expect(readGatewayConfig({}).hardening).toBe(false);
    expect(readGatewayConfig({ HARDENING: 'on' }).hardening).toBe(true);
  });

  it.each(SUBGRAPH_NAMES)('%s refuses without its own proof secret', (name) => {
    const variable = `${name.toUpperCase()}_GATEWAY_SECRET`;
    expect(() => readServiceConfig(name, { ...PRODUCTION_SECRETS, [variable]: undefined })).toThrow(new RegExp(variable));
  });

  it('a subgraph also needs the secrets of the peers it calls, and holds no other', () => {
    expect(() => readServiceConfig('members', { ...PRODUCTION_SECRETS, CATALOGUE_GATEWAY_SECRET: undefined })).toThrow(/CATALOGUE_GATEWAY_SECRET/);
    // The catalogue and regions ask members before they accept a policy.
    expect(() => readServiceConfig('catalogue', { ...PRODUCTION_SECRETS, MEMBERS_GATEWAY_SECRET: undefined })).toThrow(/MEMBERS_GATEWAY_SECRET/);
    expect(Object.keys(readServiceConfig('members', PRODUCTION_SECRETS).gatewaySecrets).sort()).toEqual(['catalogue', 'members']);
    expect(Object.keys(readServiceConfig('catalogue', PRODUCTION_SECRETS).gatewaySecrets).sort()).toEqual(['catalogue', 'members']);
  });

  it.each([
    ['gateway', 'gateway/dist/main.js'],
    ['regions', 'subgraphs/regions/dist/main.js'],
  ])('the compiled %s exits non-zero, naming the variable', (_name, main) => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', NODE_ENV: 'production', AUTH_SECRET: 'a'.repeat(40), LOG_LEVEL: 'info' };
    const run = spawnSync(process.execPath, [path.join(root, main)], { env, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/_GATEWAY_SECRET: is required when NODE_ENV=production/);
  });
});
