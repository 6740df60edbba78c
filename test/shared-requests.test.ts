/**
 * Identical work done once, as a frontend sees it: dashboards asked at the same moment with the
 * same token reach the members subgraph once, and every request still gets the whole answer, its
 * own request id and its Content-Language. Requests of different members or languages are never
 * answered with each other's data. A slow members subgraph (a proxy that holds each call) makes
 * sure the requests are in flight together.
 */
import http from 'node:http';
import path from 'node:path';
import { createGatewayServer, readGatewayConfig } from '@cps/gateway';
import type { RunningService } from '@cps/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_QUERY, postGraphQL, startStack, type Stack } from './harness';

const HOLD_MS = 400;

/** Forwards every request to `target` after HOLD_MS, counting the GraphQL calls. */
async function holdingProxy(target: string) {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST') calls.push(req.headers['x-request-id'] as string);
      setTimeout(() => {
        const upstream = http.request(new URL(req.url!, target), { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(res);
        });
        upstream.end(Buffer.concat(chunks));
      }, req.method === 'POST' ? HOLD_MS : 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/graphql`, calls, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

describe('identical requests in flight at once', () => {
  let stack: Stack;
  let proxy: Awaited<ReturnType<typeof holdingProxy>>;
  let gateway: RunningService;
  beforeAll(async () => {
    stack = await startStack({ db: 'sqlite' });
    proxy = await holdingProxy(stack.subgraphs.members.url);
    gateway = await createGatewayServer(
      readGatewayConfig({
        ...stack.env,
        GATEWAY_PORT: '0',
        SUPERGRAPH_FILE: path.join(stack.data.dir, 'supergraph.graphql'),
        MEMBERS_URL: proxy.url,
        CATALOGUE_URL: stack.subgraphs.catalogue.url,
        REGIONS_URL: stack.subgraphs.regions.url,
      }),
    );
  });
  afterAll(async () => {
    await gateway?.close();
    await proxy?.close();
    await stack?.close();
  });

  /** The members subgraph's GraphQL calls while `work` runs. */
  const membersCalls = async (work: () => Promise<unknown>) => {
    const before = proxy.calls.length;
    await work();
    return proxy.calls.length - before;
  };

  it('ten dashboards with one token at once: members is asked once; each gets the answer, its own request id and Content-Language', async () => {
    const token = await stack.token({ member: 1 });
    const alone = await postGraphQL(gateway.url, DASHBOARD_QUERY, undefined, token, { 'accept-language': 'de' });
    expect(alone.errors).toBeUndefined();
    let answers: Awaited<ReturnType<typeof postGraphQL<any>>>[] = [];
    const calls = await membersCalls(async () => {
      answers = await Promise.all(Array.from({ length: 10 }, () => postGraphQL(gateway.url, DASHBOARD_QUERY, undefined, token, { 'accept-language': 'de' })));
    });
    expect(calls).toBe(1);
    for (const answer of answers) {
      expect(answer).toEqual(alone);
      expect(answer.headers!.get('content-language')).toBe('de');
    }
    expect(new Set(answers.map((a) => a.headers!.get('x-request-id'))).size).toBe(10);
  });

  it('two members at once each get their own dashboard', async () => {
    const [anna, tom] = [await stack.token({ member: 1 }), await stack.token({ member: 2 })];
    let answers: Awaited<ReturnType<typeof postGraphQL<any>>>[] = [];
    const calls = await membersCalls(async () => {
      answers = await Promise.all([anna, tom, anna, tom].map((token) => postGraphQL(gateway.url, DASHBOARD_QUERY, undefined, token)));
    });
    expect(calls).toBe(2);
    expect(answers.map((a) => a.data.me.name)).toEqual(['Anna Schmidt', 'Tom Baker', 'Anna Schmidt', 'Tom Baker']);
  });

  it('one member in two languages at once gets each answer in its own language', async () => {
    const token = await stack.token({ member: 1 });
    const [german, french] = await Promise.all(['de', 'fr'].map((language) => postGraphQL(gateway.url, DASHBOARD_QUERY, undefined, token, { 'accept-language': language })));
    expect([german.headers!.get('content-language'), french.headers!.get('content-language')]).toEqual(['de', 'fr']);
    expect(german.data.me.country.name).not.toBe(french.data.me.country.name);
  });
});
