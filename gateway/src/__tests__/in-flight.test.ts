import type { Fetcher, FetcherRequestInit } from '@apollo/utils.fetcher';
import { createLogger, GATEWAY_PROOF_HEADER, ProofVerifier, REQUEST_ID_HEADER } from '@cps/service-kit';
import { BufferedResponse } from '../buffered-response';
import { describe, expect, it } from 'vitest';
import { shareInFlight } from '../in-flight';
import { SubgraphDataSource } from '../subgraph-data-source';

const URL = 'http://127.0.0.1:4001/graphql';
const DASHBOARD = JSON.stringify({ query: 'query Dashboard__members__0{me{number name}}', variables: {} });
const SIGN_UP = JSON.stringify({ query: 'mutation SignUp__members__0($i:RegisterMemberInput!){registerMember(input:$i){id}}', variables: { i: { name: 'A' } } });

/** A subgraph that answers only when told to, and records every request it received. */
function slowSubgraph() {
  const received: FetcherRequestInit[] = [];
  const pending: Array<() => void> = [];
  const fetcher: Fetcher = (_url, init) => {
    received.push(init!);
    const n = received.length;
    return new Promise((resolve) => pending.push(() => resolve(new BufferedResponse(JSON.stringify({ data: { n } }), 200, { 'content-type': 'application/json' }))));
  };
  return { fetcher, received, answerAll: () => pending.splice(0).forEach((answer) => answer()) };
}

const post = (body: string, headers: Record<string, string> = {}): FetcherRequestInit => ({ method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

describe('identical subgraph queries in flight at once are sent once', () => {
  it('two dashboards of the same token reach members once, and both get the answer', async () => {
    const subgraph = slowSubgraph();
    const fetch = shareInFlight(subgraph.fetcher);
    const answers = [fetch(URL, post(DASHBOARD, { authorization: 'Bearer a', [REQUEST_ID_HEADER]: 'r1' })), fetch(URL, post(DASHBOARD, { authorization: 'Bearer a', [REQUEST_ID_HEADER]: 'r2' }))];
    subgraph.answerAll();
    const bodies = await Promise.all(answers.map(async (a) => (await a).json()));
    expect(subgraph.received).toHaveLength(1);
    expect(bodies).toEqual([{ data: { n: 1 } }, { data: { n: 1 } }]);
  });

  it('requests with different tokens are never shared, not even of one member', async () => {
    const subgraph = slowSubgraph();
    const fetch = shareInFlight(subgraph.fetcher);
    const answers = [fetch(URL, post(DASHBOARD, { authorization: 'Bearer member-1' })), fetch(URL, post(DASHBOARD, { authorization: 'Bearer member-2' })), fetch(URL, post(DASHBOARD))];
    subgraph.answerAll();
    const bodies = await Promise.all(answers.map(async (a) => (await a).json()));
    expect(subgraph.received.map((r) => r.headers?.authorization)).toEqual(['Bearer member-1', 'Bearer member-2', undefined]);
    expect(bodies).toEqual([{ data: { n: 1 } }, { data: { n: 2 } }, { data: { n: 3 } }]);
  });

  it.each([
    ['another header that may change the answer (a language) keeps requests apart', post(DASHBOARD, { 'accept-language': 'de' }), post(DASHBOARD, { 'accept-language': 'fr' })],
    ['identical mutations both run: two sign-ups are two sign-ups', post(SIGN_UP), post(SIGN_UP)],
  ])('%s', async (_, first, second) => {
    const subgraph = slowSubgraph();
    const fetch = shareInFlight(subgraph.fetcher);
    const answers = [fetch(URL, first), fetch(URL, second)];
    subgraph.answerAll();
    await Promise.all(answers);
    expect(subgraph.received).toHaveLength(2);
  });

  it('a query asked after a mutation was sent is asked anew, not answered from before it', async () => {
    const subgraph = slowSubgraph();
    const fetch = shareInFlight(subgraph.fetcher);
    const before = fetch(URL, post(DASHBOARD, { authorization: 'Bearer a' }));
    const saved = fetch(URL, post(SIGN_UP, { authorization: 'Bearer a' }));
    const after = fetch(URL, post(DASHBOARD, { authorization: 'Bearer a' }));
    subgraph.answerAll();
    await Promise.all([before, saved]);
    expect(subgraph.received).toHaveLength(3);
    expect(await (await after).json()).toEqual({ data: { n: 3 } });
  });

  it('nothing is kept once the answer is in: the next identical query is asked again', async () => {
    const subgraph = slowSubgraph();
    const fetch = shareInFlight(subgraph.fetcher);
    const first = fetch(URL, post(DASHBOARD));
    subgraph.answerAll();
    await first;
    const second = fetch(URL, post(DASHBOARD));
    subgraph.answerAll();
    expect(await (await second).json()).toEqual({ data: { n: 2 } });
  });

  it('the shared request carries one valid gateway proof (one nonce), signed over its token and body', async () => {
    const subgraph = slowSubgraph();
    const source = new SubgraphDataSource({ name: 'members', url: URL, fetcher: subgraph.fetcher, proofSecret: 's'.repeat(32), readsIdentity: true, timeoutMs: 5000, logger: createLogger('gateway', 'silent') });
    const init = post(DASHBOARD, { authorization: 'Bearer a' });
    const answers = [source.fetcher(URL, init), source.fetcher(URL, init)];
    subgraph.answerAll();
    await Promise.all(answers);
    expect(subgraph.received).toHaveLength(1);
    const verifier = new ProofVerifier('s'.repeat(32));
    expect(verifier.verify(subgraph.received[0].headers![GATEWAY_PROOF_HEADER], DASHBOARD, 'Bearer a')).toMatchObject({ ok: true });
  });
});
