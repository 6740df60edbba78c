import { Writable } from 'node:stream';
import { createLogger, scrubText, serializeError, setLogDestination } from '@cps/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startStack, type Stack } from '../harness';
import { captureLogs, send } from './helpers';

/**
 * Structured JSON logs (pino): one line per request in every service, all with the request id the
 * gateway made (or took from the client) and passed on; no personal data in any line.
 */
const DASHBOARD = `query Dashboard {
  me { number name email address { street city } country { name } equipment { serialNumber product { model } } }
}`;

const PERSONAL = [/Anna/, /Schmidt/, /anna\.schmidt@example\.de/, /Friedrichstra/, /032021000123/, /Bearer/i, /eyJ/];

describe.each(databaseKinds())('logs (%s)', (db) => {
  let stack: Stack;
  let logs: ReturnType<typeof captureLogs>;
  let token: string;
  beforeAll(async () => {
    logs = captureLogs();
    stack = await startStack({ db, env: { LOG_LEVEL: 'info' } });
    token = await stack.token({ member: 1 });
  });
  afterAll(async () => {
    logs?.stop();
    await stack?.close();
  });

  const requestLines = (id: string) => logs.lines.filter((line) => line.reqId === id && line.msg === 'request');

  it('one request can be followed through every service by its request id', async () => {
    const response = await send(stack.gatewayUrl, {
      // The dashboard (members), a serial hint (the catalogue) and the country list (regions) in one request.
      body: { query: DASHBOARD.replace(/\}\s*$/, ' countries { code } product(id: "4") { serialHint } }'), operationName: 'Dashboard' },
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'follow-me-0001' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('follow-me-0001');
    const lines = requestLines('follow-me-0001');
    expect(new Set(lines.map((l) => l.name))).toEqual(new Set(['gateway', 'members', 'catalogue', 'regions']));
    const gateway = lines.find((l) => l.name === 'gateway')!;
    expect(gateway).toMatchObject({ level: 30, method: 'POST', status: 200, op: 'Dashboard' });
    expect(typeof gateway.ms).toBe('number');
    for (const line of lines.filter((l) => l.name !== 'gateway')) {
      expect(line.op).toMatch(/^Dashboard__\w+__\d+$/); // the gateway's fetch for this operation
      expect(line.status).toBe(200);
    }
  });

  it('a subgraph asking another passes the request id on (members → catalogue)', async () => {
    const response = await send(stack.gatewayUrl, {
      body: {
        query: 'mutation($input: RegisterEquipmentInput!) { registerEquipment(input: $input) { id } }',
        variables: { input: { productId: '4', serialNumber: '039900000001', purchaseDate: '2024-05-01', purchaseCountryCode: 'DE', dealer: 'Foto Koch' } },
      },
      headers: { authorization: `Bearer ${await stack.token({ member: 5 })}`, 'x-request-id': 'follow-me-0002' },
    });
    expect(response.body.errors).toBeUndefined();
    expect(new Set(requestLines('follow-me-0002').map((l) => l.name))).toEqual(new Set(['gateway', 'members', 'catalogue']));
  });

  it('without an id from the client the gateway makes one, answers with it and passes it on', async () => {
    const response = await send(stack.gatewayUrl, { body: { query: '{ me { number } countries { name } }' }, headers: { authorization: `Bearer ${token}` } });
    const id = response.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(requestLines(id).map((l) => l.name))).toEqual(new Set(['gateway', 'members', 'regions']));
  });

  it('a request id that is not a plain token is replaced, not logged', async () => {
    const response = await send(stack.gatewayUrl, { body: { query: '{ countries { code } }' }, headers: { 'x-request-id': '"},{"level":60,"msg":"forged <script>' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.raw.join('\n')).not.toMatch(/forged/);
  });

  it('errors are logged with their codes; refused requests say why', async () => {
    await send(stack.gatewayUrl, { body: { query: '{ member(id: "2") { name } }' }, headers: { authorization: `Bearer ${token}`, 'x-request-id': 'codes-0001' } });
    const gateway = requestLines('codes-0001').find((l) => l.name === 'gateway')!;
    expect(gateway.codes).toEqual(['FORBIDDEN']);
    await send(stack.subgraphs.members.url, { body: { query: '{ __typename }' }, headers: { 'x-request-id': 'direct-0001' } });
    const refused = requestLines('direct-0001')[0];
    expect(refused).toMatchObject({ name: 'members', level: 40, status: 401, refused: 'no gateway proof' });
  });

  it('no personal data reaches the logs: names, e-mails, addresses, serials, tokens, variables', async () => {
    await stack.query(DASHBOARD, { token });
    await stack.query('query($m: String!) { productByModel(model: $m) { id } }', { variables: { m: 'anna.schmidt@example.de Friedrichstraße' }, token });
    const all = logs.raw.join('\n');
    expect(logs.lines.length).toBeGreaterThan(10);
    for (const pattern of PERSONAL) expect(all).not.toMatch(pattern);
  });

  it('the logger censors personal keys and scrubs driver errors of the values they quote', () => {
    const out: string[] = [];
    setLogDestination(new Writable({ write: (chunk, _enc, done) => (out.push(String(chunk)), done()) }));
    try {
      const logger = createLogger('test', 'info');
      logger.info({ input: { name: 'Anna Schmidt', email: 'anna@example.de', address: { street: 'Friedrichstraße 1' }, serialNumber: '0320' } }, 'x');
      logger.info({ variables: { anything: 'secret' }, headers: { authorization: 'Bearer abc' } }, 'y');
      const sqlError = Object.assign(new Error("Duplicate entry 'anna@example.de' for key 'member.email'"), {
        name: 'QueryFailedError',
        query: 'INSERT INTO member (name, email) VALUES (?, ?)',
        parameters: ['Anna Schmidt', 'anna@example.de'],
        code: 'ER_DUP_ENTRY',
      });
      logger.error({ err: sqlError }, 'z');
    } finally {
      setLogDestination(undefined);
    }
    const text = out.join('');
    expect(text).not.toMatch(/Anna|anna@|Friedrich|0320|secret|abc|INSERT/);
    const err = JSON.parse(out[2]).err;
    expect(err).toMatchObject({ type: 'QueryFailedError', code: 'ER_DUP_ENTRY', message: "Duplicate entry '[redacted]' for key '[redacted]'" });
    expect(scrubText('mail jan.novak@example.cz now')).toBe('mail [email] now');
    expect(serializeError('plain')).toEqual({ message: 'plain' });
  });
});
