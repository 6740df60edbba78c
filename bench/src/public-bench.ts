import { isDeepStrictEqual } from 'node:util';
import { formatCount, formatMs } from './format';
import { dataOf, JsonPoster } from './http-client';
import { closedLoop, type LoadFigures } from './latency';
import type { ReportRow } from './report';
import type { BenchServices } from './services';
import { atLeast, invalidIfErrors } from './verdict';

/** The registration form's one request for its lists (gateway/web/js/public-data.js), anonymous. */
export const REGISTER_FORM_QUERY = `query RegisterForm {
  products { id model kind tierCap supported serialPattern serialHint }
  countries { code name maxTier }
}`;

/** What a CDN or a browser must send for Apollo's CSRF prevention to answer a GET. */
const GET_HEADERS = { 'apollo-require-preflight': 'true' };

export interface PublicFigures {
  connections: number;
  /** A production gateway as before the response cache and shared operations (PUBLIC_CACHE_ENTRIES=0, SHARED_OPERATIONS=off), POST. */
  withoutCache: LoadFigures;
  /** The gateway under test (the response cache on, as deployed), POST and GET. */
  cachedPost: LoadFigures;
  cachedGet: LoadFigures;
  cacheControl: string | null;
  ratio: number;
}

async function lists(poster: JsonPoster, method: 'POST' | 'GET'): Promise<unknown> {
  const answer =
    method === 'POST'
      ? await poster.post<{ data?: unknown; errors?: unknown[] }>(JSON.stringify({ query: REGISTER_FORM_QUERY }))
      : await poster.get<{ data?: unknown; errors?: unknown[] }>(`?query=${encodeURIComponent(REGISTER_FORM_QUERY)}`, GET_HEADERS);
  return dataOf(answer, "the registration form's lists");
}

async function load(url: string, method: 'POST' | 'GET', expected: unknown, connections: number, seconds: number, warmupSeconds: number): Promise<LoadFigures> {
  const poster = new JsonPoster(url, connections);
  try {
    return await closedLoop(connections, seconds, warmupSeconds, async () => {
      // Deep equality would cost the client more than the cached gateway spends; the size says enough.
      const data = (await lists(poster, method)) as { products: unknown[]; countries: unknown[] };
      if (data.products.length !== (expected as typeof data).products.length) throw new Error('the lists differ from the first answer');
    });
  } finally {
    poster.close();
  }
}

/**
 * The registration form's lists at `connections`, anonymous: through a gateway without the
 * response cache (what every request cost before it), then through the deployed gateway by POST
 * and by GET. The answers must be the same in all three.
 */
export async function publicBench(services: BenchServices, options: { connections: number; seconds: number; warmupSeconds: number; log: (line: string) => void }): Promise<PublicFigures> {
  const { connections, seconds, warmupSeconds } = options;
  const probe = new JsonPoster(services.gatewayUrl, 1);
  let expected: unknown;
  let cacheControl: string | null = null;
  try {
    expected = await lists(probe, 'POST');
    if (!isDeepStrictEqual(await lists(probe, 'GET'), expected)) throw new Error('GET and POST give different lists');
    const head = await fetch(`${services.gatewayUrl}?query=${encodeURIComponent(REGISTER_FORM_QUERY)}`, { headers: GET_HEADERS });
    cacheControl = head.headers.get('cache-control');
    await head.arrayBuffer();
  } finally {
    probe.close();
  }
  options.log(`  registration form's lists, ${connections} connections: a gateway without the response cache`);
  const withoutCache = await services.withGateway({ PUBLIC_CACHE_ENTRIES: '0', SHARED_OPERATIONS: 'off' }, async (url) => {
    const uncached = new JsonPoster(url, 1);
    try {
      if (!isDeepStrictEqual(await lists(uncached, 'POST'), expected)) throw new Error('the gateway without the cache gives different lists');
    } finally {
      uncached.close();
    }
    return load(url, 'POST', expected, connections, seconds, warmupSeconds);
  });
  options.log(`  registration form's lists, ${connections} connections: the deployed gateway (cache on), POST then GET`);
  const cachedPost = await load(services.gatewayUrl, 'POST', expected, connections, seconds, warmupSeconds);
  const cachedGet = await load(services.gatewayUrl, 'GET', expected, connections, seconds, warmupSeconds);
  return { connections, withoutCache, cachedPost, cachedGet, cacheControl, ratio: cachedPost.requestsPerSecond / withoutCache.requestsPerSecond };
}

export function publicRows(f: PublicFigures): ReportRow[] {
  const section = `Public data: the registration form's lists (products and countries), anonymous, ${f.connections} conn.`;
  const cell = (l: LoadFigures) => `${formatCount(l.requestsPerSecond)} req/s; p50 ${formatMs(l.p50Ms)} / p99 ${formatMs(l.p99Ms)} ms${l.errors ? `; ${l.errors} errors` : ''}`;
  return [
    { section, measure: 'without the response cache nor shared operations (PUBLIC_CACHE_ENTRIES=0, SHARED_OPERATIONS=off; subgraph calls still shared), POST', measured: cell(f.withoutCache), target: '—', verdict: invalidIfErrors(f.withoutCache) },
    { section, measure: 'the gateway as deployed (response cache on), POST', measured: cell(f.cachedPost), target: '—', verdict: invalidIfErrors(f.cachedPost) },
    { section, measure: 'the gateway as deployed, GET (as a CDN would ask)', measured: `${cell(f.cachedGet)}; Cache-Control: ${f.cacheControl ?? '(none)'}`, target: 'max-age=…, public', verdict: /^max-age=\d+, public$/.test(f.cacheControl ?? '') ? 'met' : 'missed' },
    { section, measure: 'cached ÷ without the cache (POST)', measured: `${f.ratio.toFixed(1)}×`, target: '≥ 3×', verdict: atLeast(f.ratio, 3) },
  ];
}

/** The section of the report, at the run's highest connection count. */
export async function publicSection(services: BenchServices, options: { connections: number[]; seconds: number; warmupSeconds: number; log: (line: string) => void }) {
  options.log('Public data (the registration form) with and without the response cache ...');
  const figures = await publicBench(services, { ...options, connections: Math.max(...options.connections) });
  return { rows: publicRows(figures), figures };
}
