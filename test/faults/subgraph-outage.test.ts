import { createServer as createCatalogue } from '@cps/catalogue';
import { createServer as createMembers } from '@cps/members';
import { createServer as createRegions } from '@cps/regions';
import { readServiceConfig, type Env, type RunningService, type SubgraphName } from '@cps/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../harness';
import { HARDENED, sleep } from '../security/helpers';
import { eventually, load, subgraphProcess, type Answer } from './tools';

/**
 * A subgraph stopped mid-load: the gateway keeps answering, with what the other subgraphs give and
 * an error naming the missing service, and recovers by itself when the service is back (the gateway
 * is never restarted). Bounded: each scenario takes a few seconds.
 */
const LOAD_QUERY = 'query Load { me { number tier } de: country(code: "DE") { name } r5: product(id: "4") { model } }';

/** Which part of the load query each subgraph answers. */
const FIELD_OF: Record<SubgraphName, 'me' | 'de' | 'r5'> = { members: 'me', regions: 'de', catalogue: 'r5' };

const creators: Record<SubgraphName, (config: ReturnType<typeof readServiceConfig>, env: Env) => Promise<RunningService>> = {
  members: createMembers as never,
  catalogue: createCatalogue as never,
  regions: createRegions as never,
};

function complete(answer: Answer): boolean {
  const body = answer.response?.body;
  return !!body && !body.errors && !!body.data?.me?.number && !!body.data?.de?.name && !!body.data?.r5?.model;
}

/** While `down` is stopped: its part is null with SERVICE_UNAVAILABLE naming it; the rest is there. */
function partial(answer: Answer, down: SubgraphName): boolean {
  const body = answer.response?.body;
  if (!body || answer.response!.status !== 200) return false;
  const errors: any[] = body.errors ?? [];
  const named = errors.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE' && e.extensions?.serviceName === down && e.message.includes(down));
  const others = (Object.keys(FIELD_OF) as SubgraphName[]).filter((n) => n !== down).every((n) => body.data?.[FIELD_OF[n]] != null);
  return named && body.data[FIELD_OF[down]] === null && others;
}

function neverBroken(answers: Answer[]): void {
  expect(answers.filter((a) => a.failure).map((a) => a.failure)).toEqual([]);
  expect(answers.filter((a) => a.response!.status >= 500).map((a) => a.response!.text.slice(0, 200))).toEqual([]);
  for (const a of answers) for (const e of a.response!.body?.errors ?? []) expect(typeof e.extensions?.code).toBe('string');
}

describe('a subgraph stopped under load', () => {
  let stack: Stack;
  let token: string;
  const restarted: RunningService[] = [];
  beforeAll(async () => {
    stack = await startStack({ db: 'sqlite', env: { ...HARDENED, LOG_LEVEL: 'fatal' } });
    token = await stack.token({ member: 1 });
  });
  afterAll(async () => {
    await Promise.allSettled(restarted.map((s) => s.close()));
    await stack?.close();
  });

  it.each(['regions', 'catalogue', 'members'] as SubgraphName[])(
    '%s stops: partial answers naming it; back on its port: full answers again, by themselves',
    async (name) => {
      const traffic = load(stack.gatewayUrl, () => ({ body: { query: LOAD_QUERY }, headers: { authorization: `Bearer ${token}` } }));
      try {
        expect(await eventually(() => traffic.answers.filter(complete).length >= 10, 5_000)).toBe(true);
        const port = stack.subgraphs[name].port;
        await stack.subgraphs[name].close();
        const down = Date.now();
        await sleep(400);
        const during = traffic.since(down);
        expect(during.length).toBeGreaterThan(5);
        expect(during.filter((a) => !partial(a, name)).map((a) => a.response?.text.slice(0, 300))).toEqual([]);

        const service = await creators[name](readServiceConfig(name, { ...stack.env, [`${name.toUpperCase()}_PORT`]: String(port) }), stack.env);
        restarted.push(service);
        stack.subgraphs[name] = service;
        const back = Date.now();
        expect(await eventually(() => traffic.since(back).some(complete), 5_000)).toBe(true);
        const settled = Date.now();
        await sleep(300);
        expect(traffic.since(settled).filter((a) => !complete(a))).toEqual([]);
      } finally {
        await traffic.stop();
      }
      neverBroken(traffic.answers);
    },
  );

  it('a subgraph process killed with SIGKILL: in-flight requests end as errors with a code, never a 5xx; a new process is used at once', async () => {
    const port = stack.subgraphs.regions.port;
    await stack.subgraphs.regions.close();
    const env = { ...stack.env, NODE_ENV: undefined };
    const process1 = subgraphProcess('regions', port, env);
    await process1.start();
    const traffic = load(stack.gatewayUrl, () => ({ body: { query: LOAD_QUERY }, headers: { authorization: `Bearer ${token}` } }), 6);
    const process2 = subgraphProcess('regions', port, env);
    try {
      expect(await eventually(() => traffic.answers.filter(complete).length >= 10, 5_000)).toBe(true);
      await process1.kill('SIGKILL');
      const killed = Date.now();
      await sleep(300);
      expect(traffic.since(killed + 50).every((a) => partial(a, 'regions'))).toBe(true);
      await process2.start();
      const back = Date.now();
      expect(await eventually(() => traffic.since(back).some(complete), 5_000)).toBe(true);
    } finally {
      await traffic.stop();
      await process1.kill();
      await process2.kill('SIGTERM');
    }
    neverBroken(traffic.answers);
  });
});
