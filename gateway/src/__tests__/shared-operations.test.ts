import { ApolloServer, HeaderMap } from '@apollo/server';
import { RequestLanguage, requestLogState, type RequestLogState } from '@cps/service-kit';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../context';
import { sharedOperations } from '../shared-operations';

/** A server whose fields answer only when told to, counting how often each ran. */
function slowServer(maxWaitMs = 10_000) {
  const runs = { me: 0, ping: 0 };
  const pending: Array<{ field: string; go: () => void }> = [];
  const answer = <T>(value: T, field = 'query') => new Promise<T>((resolve) => pending.push({ field, go: () => resolve(value) }));
  /** Releases the held answers (of one field only, if named). */
  const answerAll = (field?: string) => {
    for (const held of pending.filter((p) => !field || p.field === field)) {
      pending.splice(pending.indexOf(held), 1);
      held.go();
    }
  };
  const server = new ApolloServer<GatewayContext>({
    typeDefs: 'type Query { me(n: Int): String, fails: String } type Mutation { ping: Int }',
    resolvers: {
      Query: {
        me: (_: unknown, args: { n?: number }, context: GatewayContext) =>
          (runs.me++, answer(`${context.authorization ?? 'nobody'} #${runs.me} n=${args.n ?? ''}${context.language.acceptLanguage ? ` ${context.language.acceptLanguage}` : ''}`)),
        fails: () => answer(null).then(() => Promise.reject(new Error('the subgraph is down'))),
      },
      Mutation: { ping: () => answer(++runs.ping, 'ping') },
    },
    plugins: [sharedOperations({ maxWaitMs })],
  });
  return { server, runs, answerAll };
}

/** A request's context with its log line's state (as service-kit's request log attaches it). */
const context = (authorization?: string, acceptLanguage?: string): GatewayContext => {
  const requestId = Math.random().toString(36);
  const log: RequestLogState = { requestId, codes: [] };
  return Object.defineProperty(
    { identity: null, authorization, requestId, clientAddress: '127.0.0.1', language: RequestLanguage.of(acceptLanguage ? { 'accept-language': acceptLanguage } : {}), subgraphLanguages: [] },
    Symbol.for('cps.requestLog'),
    { value: log, enumerable: true },
  );
};

const ask = (server: ApolloServer<GatewayContext>, query: string, options: { token?: string; language?: string; variables?: Record<string, unknown>; contextValue?: GatewayContext } = {}) => {
  const headers = new HeaderMap(options.language ? [['accept-language', options.language]] : []);
  return server.executeOperation(
    { query, variables: options.variables, http: { method: 'POST', headers, search: '', body: {} } },
    { contextValue: options.contextValue ?? context(options.token, options.language) },
  );
};

/** Lets the requests reach their resolvers (or their wait) before the answers are released. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const single = (response: Awaited<ReturnType<typeof ask>>) => (response.body.kind === 'single' ? response.body.singleResult : undefined);

describe('identical queries in flight at once run once', () => {
  it('five identical queries of one caller run once, and all five get the answer', async () => {
    const { server, runs, answerAll } = slowServer();
    await server.start();
    const answers = Array.from({ length: 5 }, () => ask(server, '{ me }', { token: 'Bearer a' }));
    await settle();
    answerAll();
    const results = (await Promise.all(answers)).map(single);
    expect(runs.me).toBe(1);
    expect(results.map((r) => r?.data)).toEqual(Array(5).fill({ me: 'Bearer a #1 n=' }));
    await server.stop();
  });

  it('the log line of a request answered from another names that request (sharedFrom)', async () => {
    const { server, answerAll } = slowServer();
    await server.start();
    const [first, second] = [context('Bearer a'), context('Bearer a')];
    const answers = [ask(server, '{ me }', { contextValue: first }), ask(server, '{ me }', { contextValue: second })];
    await settle();
    answerAll();
    await Promise.all(answers);
    expect(requestLogState(first)?.sharedFrom).toBeUndefined();
    expect(requestLogState(second)?.sharedFrom).toBe(first.requestId);
    await server.stop();
  });

  it.each([
    ['two callers (tokens)', { token: 'Bearer a' }, { token: 'Bearer b' }],
    ['one caller and an anonymous one', { token: 'Bearer a' }, {}],
    ['two languages', { language: 'de' }, { language: 'fr' }],
    ['other variables', { variables: { n: 1 } }, { variables: { n: 2 } }],
  ])('never shared between %s', async (_label, first, second) => {
    const { server, runs, answerAll } = slowServer();
    await server.start();
    const query = 'query Me($n: Int) { me(n: $n) }';
    const answers = [ask(server, query, first), ask(server, query, second)];
    await settle();
    answerAll();
    const [a, b] = (await Promise.all(answers)).map(single);
    expect(runs.me).toBe(2);
    // Each answer is its own caller's, language's and variables'.
    const own = (options: { token?: string; language?: string; variables?: { n?: number } }) =>
      new RegExp(`^${options.token ?? 'nobody'} #[12] n=${options.variables?.n ?? ''}${options.language ? ` ${options.language}` : ''}$`);
    expect(a?.data?.me).toMatch(own(first));
    expect(b?.data?.me).toMatch(own(second));
    await server.stop();
  });

  it('a query asked while a mutation runs never gets the answer of one asked before the mutation', async () => {
    const { server, runs, answerAll } = slowServer();
    await server.start();
    const before = ask(server, '{ me }', { token: 'Bearer a' });
    await settle();
    const saved = ask(server, 'mutation { ping }', { token: 'Bearer a' });
    await settle();
    const after = ask(server, '{ me }', { token: 'Bearer a' });
    await settle();
    answerAll();
    await Promise.all([before, saved, after]);
    expect(runs.me).toBe(2);
    await server.stop();
  });

  it('a query asked after a mutation was answered never gets the answer of one asked while it ran', async () => {
    const { server, runs, answerAll } = slowServer();
    await server.start();
    const saved = ask(server, 'mutation { ping }', { token: 'Bearer a' });
    await settle();
    const during = ask(server, '{ me }', { token: 'Bearer a' });
    await settle();
    answerAll('ping');
    await saved;
    const after = ask(server, '{ me }', { token: 'Bearer a' });
    await settle();
    answerAll();
    await Promise.all([during, after]);
    expect(runs.me).toBe(2);
    await server.stop();
  });

  it('identical mutations both run', async () => {
    const { server, runs, answerAll } = slowServer();
    await server.start();
    const answers = [ask(server, 'mutation { ping }'), ask(server, 'mutation { ping }')];
    await settle();
    answerAll();
    await Promise.all(answers);
    expect(runs.ping).toBe(2);
    await server.stop();
  });

  it('an error is shared as the first request got it', async () => {
    const { server, answerAll } = slowServer();
    await server.start();
    const answers = [ask(server, '{ fails }'), ask(server, '{ fails }')];
    await settle();
    answerAll();
    const [a, b] = (await Promise.all(answers)).map(single);
    expect(a?.errors?.[0].message).toBe('the subgraph is down');
    expect(b).toEqual(a);
    await server.stop();
  });

  it('a request waits no longer than maxWaitMs for an identical one, then runs its own', async () => {
    const { server, runs, answerAll } = slowServer(50);
    await server.start();
    const first = ask(server, '{ me }');
    await settle();
    const second = ask(server, '{ me }');
    await new Promise((resolve) => setTimeout(resolve, 120));
    answerAll();
    const [a, b] = (await Promise.all([first, second])).map(single);
    expect(runs.me).toBe(2);
    expect([a?.data, b?.data]).toEqual([{ me: 'nobody #1 n=' }, { me: 'nobody #2 n=' }]);
    await server.stop();
  });

  it('nothing is kept once the answer is sent: the next identical query runs again', async () => {
    const { server, runs, answerAll } = slowServer();
    await server.start();
    for (const n of [1, 2]) {
      const answer = ask(server, '{ me }');
      await settle();
      answerAll();
      expect(single(await answer)?.data).toEqual({ me: `nobody #${n} n=` });
    }
    expect(runs.me).toBe(2);
    await server.stop();
  });
});
