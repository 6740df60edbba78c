// What reaches the logs: one line per request with its id, and never personal data or tokens.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { REQUEST_ID_HEADER, requestIdFrom } from '../context';
import { domainError } from '../errors';
import { createLogger, scrubText, serializeError, setLogDestination } from '../logger';
import { attachRequestLog, requestLogMiddleware, requestLogPlugin, requestLogState } from '../request-log';

type Line = Record<string, any>;

/** A logger whose JSON lines land in `lines`. */
function capturedLogger(service = 'members') {
  const lines: Line[] = [];
  setLogDestination({ write: (chunk: string) => void lines.push(JSON.parse(chunk)) });
  const logger = createLogger(service, 'info');
  setLogDestination(undefined);
  return { logger, lines };
}

afterEach(() => setLogDestination(undefined));

describe('scrubText', () => {
  it('replaces e-mail addresses', () => {
    expect(scrubText('no member anna.o+tag@mail.example.co.uk here')).toBe('no member [email] here');
    expect(scrubText('Duplicate entry "anna@example.com" for key')).toBe('Duplicate entry "[email]" for key');
  });

  it('replaces bearer tokens, whatever the case of "Bearer"', () => {
    expect(scrubText('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc-_def== was refused')).toBe(
      'Authorization: Bearer [redacted] was refused',
    );
    expect(scrubText('got bearer abc.def')).toBe('got Bearer [redacted]');
  });

  it('replaces values quoted in SQL errors', () => {
    expect(scrubText("ER_DUP_ENTRY: Duplicate entry 'SN-123456' for key 'IDX_serial'")).toBe(
      "ER_DUP_ENTRY: Duplicate entry '[redacted]' for key '[redacted]'",
    );
    expect(scrubText("Duplicate entry 'anna@example.com' for key")).not.toContain('anna');
  });

  it('leaves text without personal data alone', () => {
    expect(scrubText('connect ECONNREFUSED 127.0.0.1:3306')).toBe('connect ECONNREFUSED 127.0.0.1:3306');
    expect(scrubText('Cannot return null for non-nullable field Member.tier.')).toBe('Cannot return null for non-nullable field Member.tier.');
  });
});

describe('serializeError', () => {
  it('keeps type, code, errno and a scrubbed message and stack, but never the statement or its values', () => {
    const error = Object.assign(new Error("Duplicate entry 'anna@example.com' for key 'IDX_email'"), {
      code: 'ER_DUP_ENTRY',
      errno: 1062,
      sql: "INSERT INTO members (email) VALUES ('anna@example.com')",
      parameters: ['anna@example.com'],
      query: 'INSERT INTO members (email) VALUES (?)',
    });
    const out = serializeError(error);
    expect(out).toMatchObject({ type: 'Error', code: 'ER_DUP_ENTRY', errno: 1062, message: "Duplicate entry '[redacted]' for key '[redacted]'" });
    expect(Object.keys(out).sort()).toEqual(['code', 'errno', 'message', 'stack', 'type']);
    expect(JSON.stringify(out)).not.toContain('anna');
  });

  it('takes the code and service of a GraphQL error and follows its original error', () => {
    const original = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const error = new GraphQLError('No member anna@example.com', { originalError: original, extensions: { code: 'NOT_FOUND', serviceName: 'members' } });
    expect(serializeError(error)).toMatchObject({
      type: 'GraphQLError',
      message: 'No member [email]',
      code: 'NOT_FOUND',
      serviceName: 'members',
      cause: { type: 'Error', message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' },
    });
  });

  it('a thrown non-Error becomes a scrubbed message', () => {
    expect(serializeError('token Bearer abc.def')).toEqual({ message: 'token Bearer [redacted]' });
    expect(serializeError({ message: 'for bob@example.org', sql: 'SELECT' })).toEqual({ message: 'for [email]' });
    expect(serializeError(null)).toEqual({ message: 'null' });
  });
});

describe('the logger', () => {
  it('names the service and censors personal keys at the top and one and two levels down', () => {
    const { logger, lines } = capturedLogger('members');
    logger.info(
      {
        email: 'anna@example.com',
        member: { name: 'Anna', email: 'anna@example.com', tier: 'GOLD' },
        request: { input: { street: 'Hauptstr. 1', serialNumber: 'SN-1', postalCode: '10115', productId: 7 } },
        variables: { input: {} },
        req: { headers: { authorization: 'Bearer secret', cookie: 'sid=1', 'user-agent': 'test' } },
      },
      'hello',
    );
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line.name).toBe('members');
    expect(line.msg).toBe('hello');
    expect(line.email).toBe('[redacted]');
    expect(line.variables).toBe('[redacted]');
    expect(line.member).toEqual({ name: '[redacted]', email: '[redacted]', tier: 'GOLD' });
    expect(line.request.input).toEqual({ street: '[redacted]', serialNumber: '[redacted]', postalCode: '[redacted]', productId: 7 });
    expect(line.req.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]', 'user-agent': 'test' });
  });

  it('logs errors under err with the error serializer', () => {
    const { logger, lines } = capturedLogger();
    logger.error({ err: Object.assign(new Error('for anna@example.com'), { sql: 'SELECT secret' }) }, 'failed');
    expect(lines[0].err).toMatchObject({ type: 'Error', message: 'for [email]' });
    expect(lines[0].err.sql).toBeUndefined();
  });

  it('respects the level it is made with', () => {
    const { logger, lines } = capturedLogger();
    logger.debug('not shown');
    logger.info('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });
});

describe('requestIdFrom: which client request ids are taken', () => {
  it.each(['abc', 'req-123_XYZ', '550e8400-e29b-41d4-a716-446655440000', 'a'.repeat(100)])('takes %j', (id) => {
    expect(requestIdFrom(id)).toBe(id);
  });

  it.each([['empty', ''], ['101 characters', 'a'.repeat(101)], ['a space', 'a b'], ['a newline', 'a\nb'], ['a dot', 'a.b'], ['a colon', 'x:1'], ['non-ASCII', 'ré']])(
    'refuses one with %s',
    (_what, id) => {
      expect(requestIdFrom(id)).toBeUndefined();
    },
  );

  it('refuses a header sent twice, and none at all', () => {
    expect(requestIdFrom(['a', 'b'])).toBeUndefined();
    expect(requestIdFrom(undefined)).toBeUndefined();
  });
});

describe('requestLogState and attachRequestLog', () => {
  it('there is no state on things the middleware did not see', () => {
    expect(requestLogState(undefined)).toBeUndefined();
    expect(requestLogState({})).toBeUndefined();
    expect(requestLogState('x')).toBeUndefined();
  });
});

describe('the request log of a service', () => {
  const { logger, lines } = capturedLogger('members');
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    const apollo = new ApolloServer({
      typeDefs: `type Query { me: String, bad: String, bug: String, relayed: String, twiceBad: [String] }`,
      resolvers: {
        Query: {
          me: () => 'Anna',
          bad: () => {
            throw domainError('BAD_USER_INPUT', 'No.', 'productId');
          },
          bug: () => {
            throw new Error('broke for anna@example.com');
          },
          relayed: () => {
            throw new GraphQLError("Duplicate entry 'anna@example.com'", { extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'catalogue' } });
          },
          twiceBad: () => [
            new GraphQLError('one', { extensions: { code: 'BAD_USER_INPUT' } }),
            new GraphQLError('two', { extensions: { code: 'BAD_USER_INPUT' } }),
          ],
        },
      },
      plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginUsageReportingDisabled(), requestLogPlugin(logger)],
      stopOnTerminationSignals: false,
    });
    await apollo.start();
    const app = express();
    app.use('/graphql', requestLogMiddleware(logger), express.json(), expressMiddleware(apollo, { context: async ({ req }) => attachRequestLog(req, {}) }));
    app.use('/plain', requestLogMiddleware(logger), express.json(), (req, res) => {
      res.json({ reqId: req.headers[REQUEST_ID_HEADER], seenState: requestLogState(req)?.requestId });
    });
    app.use('/fail', requestLogMiddleware(logger), (_req, res) => {
      res.status(500).json({});
    });
    app.use('/refuse', requestLogMiddleware(logger), (req, res) => {
      const state = requestLogState(req)!;
      state.refused = 'no gateway proof';
      state.suspicious = true;
      res.status(401).json({});
    });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return async () => {
      await apollo.stop();
    };
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** The request's log line, once the response has closed. */
  async function lineFor(requestId: string): Promise<Line> {
    return vi.waitFor(() => {
      const line = lines.find((l) => l.msg === 'request' && l.reqId === requestId);
      if (!line) throw new Error(`no log line for ${requestId} yet`);
      return line;
    });
  }

  const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('a sane client request id is kept, echoed in the response and logged', async () => {
    const res = await post('/plain', {}, { [REQUEST_ID_HEADER]: 'client-id-1' });
    expect(res.headers.get(REQUEST_ID_HEADER)).toBe('client-id-1');
    expect(await res.json()).toEqual({ reqId: 'client-id-1', seenState: 'client-id-1' });
    expect(await lineFor('client-id-1')).toMatchObject({ level: 30, name: 'members', method: 'POST', status: 200 });
  });

  it('an unusable client request id is replaced by a fresh UUID, also for the handlers after it', async () => {
    for (const given of ['has space', 'x'.repeat(101)]) {
      const res = await post('/plain', {}, { [REQUEST_ID_HEADER]: given });
      const id = res.headers.get(REQUEST_ID_HEADER)!;
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(((await res.json()) as { reqId: string }).reqId).toBe(id);
      await lineFor(id);
    }
  });

  it('without a request id, each request gets its own', async () => {
    const a = (await post('/plain', {})).headers.get(REQUEST_ID_HEADER);
    const b = (await post('/plain', {})).headers.get(REQUEST_ID_HEADER);
    expect(a).toBeTruthy();
    expect(a).not.toBe(b);
  });

  it('the line has status and duration, and never the variables or headers', async () => {
    await post('/graphql', { query: 'query Me { me }', operationName: 'Me', variables: { email: 'anna@example.com' } }, {
      [REQUEST_ID_HEADER]: 'gql-ok',
      authorization: 'Bearer secret-token',
    });
    const line = await lineFor('gql-ok');
    expect(line).toMatchObject({ op: 'Me', status: 200, method: 'POST' });
    expect(typeof line.ms).toBe('number');
    expect(line.codes).toBeUndefined();
    expect(JSON.stringify(line)).not.toMatch(/anna|secret-token/);
  });

  it('a plausible operationName from the body is logged when GraphQL did not resolve one; an odd one is not', async () => {
    await post('/plain', { operationName: 'Dashboard' }, { [REQUEST_ID_HEADER]: 'op-given' });
    expect((await lineFor('op-given')).op).toBe('Dashboard');
    await post('/plain', { operationName: 'anna@example.com' }, { [REQUEST_ID_HEADER]: 'op-odd' });
    expect((await lineFor('op-odd')).op).toBeUndefined();
  });

  it('client errors are counted by code, once each, without an error line', async () => {
    await post('/graphql', { query: '{ bad twiceBad }' }, { [REQUEST_ID_HEADER]: 'gql-bad' });
    const line = await lineFor('gql-bad');
    expect(line.codes).toEqual(['BAD_USER_INPUT']);
    expect(lines.filter((l) => l.reqId === 'gql-bad' && l.msg !== 'request')).toEqual([]);
  });

  it('an unexpected error is logged in full with the request id, its message scrubbed', async () => {
    await post('/graphql', { query: 'query Broken { bug }' }, { [REQUEST_ID_HEADER]: 'gql-bug' });
    expect((await lineFor('gql-bug')).codes).toEqual(['INTERNAL_SERVER_ERROR']);
    const error = lines.find((l) => l.reqId === 'gql-bug' && l.msg === 'unexpected error');
    expect(error).toMatchObject({ level: 50, op: 'Broken', path: ['bug'], err: { message: 'broke for [email]' } });
  });

  it('an error relayed from a subgraph is a warning naming that service, its message scrubbed', async () => {
    await post('/graphql', { query: '{ relayed }' }, { [REQUEST_ID_HEADER]: 'gql-relayed' });
    expect((await lineFor('gql-relayed')).codes).toEqual(['DOWNSTREAM_SERVICE_ERROR']);
    const warning = lines.find((l) => l.reqId === 'gql-relayed' && l.msg === 'error from a subgraph');
    expect(warning).toMatchObject({ level: 40, service: 'catalogue', code: 'DOWNSTREAM_SERVICE_ERROR', message: "Duplicate entry '[redacted]'" });
  });

  it('a 5xx answer is logged as an error', async () => {
    await post('/fail', {}, { [REQUEST_ID_HEADER]: 'http-500' });
    expect(await lineFor('http-500')).toMatchObject({ level: 50, status: 500 });
  });

  it('a suspicious refusal is logged as a warning with its reason', async () => {
    await post('/refuse', {}, { [REQUEST_ID_HEADER]: 'refused-1' });
    expect(await lineFor('refused-1')).toMatchObject({ level: 40, status: 401, refused: 'no gateway proof' });
  });
});
