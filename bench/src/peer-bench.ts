import { isDeepStrictEqual } from 'node:util';
import { signToken, type Env } from '@cps/service-kit';
import { formatCount, formatMs } from './format';
import { dataOf, JsonPoster } from './http-client';
import { loadFigures, timedLoop, type LoadFigures, type TimedRun } from './latency';
import { startBareApollo, type BenchChild } from './bare-paths';
import { startPeerGateway, type PeerPlanner } from './peer';
import { distinctTokens } from './tokens';
import { DASHBOARD_QUERY } from './queries';
import type { ReportRow } from './report';
import type { BenchServices } from './services';
import { atLeast, atMost, invalidIfErrors } from './verdict';

/** Distinct tokens cycle through this many (far more than connections: no two in flight are alike). */
const TOKEN_POOL = 1000;
/** The members the distinct tokens are of (the population's first ones, and the 10-item probe). */
const MEMBERS = 20;
/** Each measurement is split into this many rounds per gateway (see peerBench). */
const ROUNDS = 2;

export type TokenMode = 'distinct' | 'shared';

export interface PeerFigures {
  planners: PeerPlanner[];
  members: number[];
  /** `${mode}/${connections}` → gateway → figures. */
  runs: Record<string, Record<string, LoadFigures>>;
  egress: Record<string, string[]>;
}

interface Target {
  name: string;
  url: string;
}

/** One token per request (several members, each token its own string) or one token for all. */
async function tokenPools(secret: string, memberIds: number[], sharedId: number): Promise<Record<TokenMode, string[]>> {
  return { distinct: await distinctTokens(secret, memberIds, TOKEN_POOL), shared: [await signToken(secret, { sub: String(sharedId), roles: ['member'] })] };
}

async function dashboardOf(target: Target, token: string): Promise<unknown> {
  const poster = new JsonPoster(target.url, 1);
  try {
    return dataOf(await poster.post<{ data?: unknown; errors?: unknown[] }>(JSON.stringify({ query: DASHBOARD_QUERY }), { authorization: `Bearer ${token}` }), `${target.name}'s dashboard`);
  } finally {
    poster.close();
  }
}

/**
 * The benchmark's closed-loop client against one gateway, each request with the next token of the
 * pool; every answer must be the dashboard of that token's member (`numbers`, by token), so a
 * gateway that served one caller's data to another would count errors, not speed.
 */
async function load(target: Target, tokens: string[], numbers: Map<string, string>, connections: number, seconds: number, warmupSeconds: number): Promise<TimedRun> {
  const body = JSON.stringify({ query: DASHBOARD_QUERY });
  const poster = new JsonPoster(target.url, connections);
  let next = 0;
  try {
    return await timedLoop(connections, seconds, warmupSeconds, async () => {
      const token = tokens[next++ % tokens.length];
      const data = dataOf(await poster.post<{ data?: { me?: { number?: string } }; errors?: unknown[] }>(body, { authorization: `Bearer ${token}` }), `${target.name}'s dashboard`);
      if (data.me?.number !== numbers.get(token)) throw new Error(`${target.name}: a caller was answered another member's dashboard`);
    });
  } finally {
    poster.close();
  }
}

/**
 * Our gateway beside Hive Gateway (each planner), on the same subgraph processes, in one run: the
 * contract's Dashboard at each connection count, with a token per request and with one shared
 * token, measured by the same client, one gateway after the other. Every peer must give, member for
 * member, the data ours gives, and may open nothing but loopback.
 */
export async function peerBench(
  services: BenchServices,
  options: { env: Env; secret: string; memberIds: number[]; sharedMemberId: number; planners: PeerPlanner[]; connections: number[]; seconds: number; warmupSeconds: number; log: (line: string) => void },
): Promise<PeerFigures> {
  const memberIds = [...options.memberIds.slice(0, MEMBERS - 1), options.sharedMemberId];
  const pools = await tokenPools(options.secret, memberIds, options.sharedMemberId);
  const figures: PeerFigures = { planners: options.planners, members: memberIds, runs: {}, egress: {} };
  const peers = [];
  let apolloAlone: BenchChild<string> | undefined;
  try {
    for (const planner of options.planners) peers.push({ planner, peer: await startPeerGateway(options.env, services.subgraphUrls, planner) });
    // What the stack the design fixes does with nothing of ours (bare-apollo-child.ts), in the same rounds.
    apolloAlone = await startBareApollo(options.env, services.subgraphUrls);
    const ours: Target = { name: 'ours', url: services.gatewayUrl };
    const targets: Target[] = [ours, ...peers.map(({ planner, peer }) => ({ name: `hive-${planner}`, url: peer.url })), { name: APOLLO_ALONE, url: apolloAlone.listening }];
    // The same answer, member by member (distinct tokens of one member give one answer).
    const numberOf = new Map<number, string>();
    for (let i = 0; i < memberIds.length; i++) {
      const expected = (await dashboardOf(ours, pools.distinct[i])) as { me: { number: string } };
      numberOf.set(memberIds[i], expected.me.number);
      for (const t of targets.slice(1)) {
        if (!isDeepStrictEqual(await dashboardOf(t, pools.distinct[i]), expected)) throw new Error(`${t.name} gives member ${memberIds[i]} another dashboard than ours`);
      }
    }
    const numbers = new Map<string, string>([
      ...pools.distinct.map((token, i) => [token, numberOf.get(memberIds[i % memberIds.length])!] as const),
      [pools.shared[0], numberOf.get(options.sharedMemberId)!],
    ]);
    options.log(`  warming up our gateway, ${peers.length} Hive Gateway(s) and Apollo alone`);
    for (const t of targets) await load(t, pools.distinct, numbers, 10, 0, options.warmupSeconds * 2);
    for (const connections of options.connections) {
      for (const mode of ['distinct', 'shared'] as const) {
        // Rounds in alternating order (ours first, then last), so a burst of the machine's other
        // work does not fall on one gateway only; each gateway's figures are of all its rounds.
        const timed = new Map<string, TimedRun[]>(targets.map((t) => [t.name, []]));
        for (let round = 0; round < ROUNDS; round++) {
          for (const t of round % 2 ? [...targets].reverse() : targets) {
            options.log(`  dashboard, ${connections} connection(s), ${mode} tokens → ${t.name} (round ${round + 1} of ${ROUNDS})`);
            timed.get(t.name)!.push(await load(t, pools[mode], numbers, connections, options.seconds / ROUNDS, options.warmupSeconds));
          }
        }
        figures.runs[`${mode}/${connections}`] = Object.fromEntries(
          [...timed].map(([name, runs]) => [name, loadFigures(runs.flatMap((r) => r.latencies), connections, runs.reduce((n, r) => n + r.seconds, 0), runs.reduce((n, r) => n + r.errors, 0), runs.find((r) => r.firstError)?.firstError)]),
        );
      }
    }
  } finally {
    await apolloAlone?.stop();
    for (const { planner, peer } of peers) {
      figures.egress[`hive-${planner}`] = peer.egress();
      await peer.stop();
    }
  }
  return figures;
}

const PLANNER_WORDS: Record<PeerPlanner, string> = { rust: 'Rust planner', js: 'JavaScript planner' };
const APOLLO_ALONE = 'apollo-alone';
const cell = (f: LoadFigures) => `${formatCount(f.requestsPerSecond)} req/s; p50 ${formatMs(f.p50Ms)} / p99 ${formatMs(f.p99Ms)} ms${f.errors ? `; ${f.errors} errors` : ''}`;

/** The table's rows: each gateway's figures, then ours ÷ each peer (target ≥ 1.0, p99 no worse). */
export function peerRows(figures: PeerFigures): ReportRow[] {
  const section = 'Ours beside Hive Gateway 2.12 (the same supergraph, subgraph processes and client; the Dashboard)';
  const rows: ReportRow[] = [];
  for (const [key, run] of Object.entries(figures.runs)) {
    const [mode, connections] = key.split('/');
    // With one token, ours runs identical in-flight operations once; Hive merges identical subgraph calls.
    const words = mode === 'distinct' ? `a token per request (${figures.members.length} members)` : 'one shared token (ours shares whole operations, Hive subgraph calls)';
    rows.push({ section, measure: `ours, ${connections} conn., ${words}`, measured: cell(run.ours), target: '—', verdict: invalidIfErrors(run.ours) });
    for (const planner of figures.planners) {
      const peer = run[`hive-${planner}`];
      rows.push({ section, measure: `Hive Gateway (${PLANNER_WORDS[planner]}), ${connections} conn., ${words}`, measured: cell(peer), target: '—', verdict: invalidIfErrors(peer) });
      const ratio = run.ours.requestsPerSecond / peer.requestsPerSecond;
      const rate = atLeast(ratio, 1);
      const tail = atMost(run.ours.p99Ms, peer.p99Ms);
      rows.push({
        section,
        measure: `ours ÷ Hive Gateway (${PLANNER_WORDS[planner]}), ${connections} conn., ${words}`,
        measured: `${ratio.toFixed(2)}× req/s; p99 ${formatMs(run.ours.p99Ms)} vs ${formatMs(peer.p99Ms)} ms`,
        target: planner === 'rust' ? '≥ 1.0×, p99 no worse' : '—',
        verdict: planner !== 'rust' ? '—' : rate === 'met' && tail === 'met' ? 'met' : [rate === 'met' ? 'req/s met' : `req/s ${rate}`, tail === 'met' ? 'p99 met' : `p99 ${tail}`].join('; '),
      });
    }
    const alone = run[APOLLO_ALONE];
    const rust = run['hive-rust'];
    if (alone && rust) {
      rows.push(
        { section, measure: `Apollo Server + @apollo/gateway alone (nothing of ours, no sharing), ${connections} conn., ${words}`, measured: cell(alone), target: '—', verdict: invalidIfErrors(alone) },
        {
          section,
          measure: `Apollo alone ÷ Hive Gateway (Rust planner), ${connections} conn., ${words}: what the fixed stack reaches before any of our code`,
          measured: `${(alone.requestsPerSecond / rust.requestsPerSecond).toFixed(2)}× req/s; p99 ${formatMs(alone.p99Ms)} vs ${formatMs(rust.p99Ms)} ms`,
          target: '—',
          verdict: '—',
        },
      );
    }
  }
  for (const [name, targets] of Object.entries(figures.egress)) {
    rows.push({
      section,
      measure: `${name}: connections and look-ups to anything but loopback (blocked and counted)`,
      measured: targets.length ? `${targets.length}: ${[...new Set(targets)].join(', ')}` : '0',
      target: '0',
      verdict: targets.length ? 'missed' : 'met',
    });
  }
  return rows;
}

/** The section of the report: the population's first members and its 10-item probe. */
export async function peerSection(
  services: BenchServices,
  main: { env: Env; members: number; probes: Array<{ items: number; memberId: number }> },
  secret: string,
  options: { connections: number[]; seconds: number; warmupSeconds: number; log: (line: string) => void },
): Promise<{ rows: ReportRow[]; figures: PeerFigures }> {
  options.log('Our gateway beside Hive Gateway (Rust and JavaScript planners) ...');
  const sharedMemberId = main.probes.find((p) => p.items === 10)!.memberId;
  const memberIds = Array.from({ length: Math.min(MEMBERS, main.members) }, (_, i) => i + 1);
  const figures = await peerBench(services, { env: main.env, secret, memberIds, sharedMemberId, planners: ['rust', 'js'], ...options });
  return { rows: peerRows(figures), figures };
}
