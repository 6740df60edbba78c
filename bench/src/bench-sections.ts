import path from 'node:path';
import { signToken, type Env } from '@cps/service-kit';
import { runBatchJob } from './batch-job';
import type { JobResult } from './batch-job-child';
import { makeCandidateRules } from './candidate-rules';
import { dashboardBench } from './dashboard-bench';
import type { GatewayProfile } from './gateway-profile';
import { openMembersDatabase, readCatalogue, readDealers } from './databases';
import { formatCount, formatMb, formatMs, formatSeconds, progressLine } from './format';
import type { LoadFigures } from './latency';
import { DASHBOARD_QUERY, memberList, membersIn } from './queries';
import type { ReportRow } from './report';
import { rulesBench, type RulesFigures } from './rules-bench';
import { seedPopulation, type SeedResult } from './seed-population';
import type { BenchServices } from './services';
import { countStatements, type StatementCount } from './statements-bench';
import { allEqual, atLeast, atMost, invalidIfErrors, notAtThisScale } from './verdict';

/** What a section hands back: its rows of the table and its figures for the JSON. */
export interface SectionOutcome<T = unknown> {
  rows: ReportRow[];
  figures: T;
}

export const ONE_MILLION = 1_000_000;
export const PREVIEW_SIZE = 100_000;
export const log = (line: string) => process.stderr.write(`${line}\n`);
const loadCell = (f: { p50Ms: number; p95Ms: number; p99Ms: number }) =>
  `p50 ${formatMs(f.p50Ms)} / p95 ${formatMs(f.p95Ms)} / p99 ${formatMs(f.p99Ms)} ms`;

export interface Population {
  env: Env;
  members: number;
  seed: SeedResult | null;
  probes: Array<{ items: number; memberId: number }>;
}

async function memberCount(env: Env): Promise<number> {
  try {
    const ds = await openMembersDatabase(env);
    try {
      const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM member');
      return Number(n);
    } finally {
      await ds.destroy();
    }
  } catch {
    return 0;
  }
}

/** Seeds (or, with --reuse, finds) a population of `members` plus the probes. */
export async function population(env: Env, members: number, probes: number[], reuse: boolean, label: string): Promise<Population> {
  const expected = members + probes.length;
  if (reuse && (await memberCount(env)) === expected) {
    log(`Reusing the ${label} population (${formatCount(expected)} members): no seed figures this run.`);
    return { env, members, seed: null, probes: probes.map((items, i) => ({ items, memberId: members + i + 1 })) };
  }
  log(`Seeding the ${label} population: ${formatCount(members)} members${probes.length ? ` (+${probes.length} probes)` : ''} ...`);
  const progress = progressLine('members');
  const seed = await seedPopulation({ env, members, reset: true, probes, onProgress: progress.update });
  progress.done();
  log(`  ${formatCount(seed.members)} members, ${formatCount(seed.items)} items in ${formatSeconds(seed.seconds)}`);
  return { env, members, seed, probes: seed.probes };
}

export function seedRows(main: Population, db: string, targetApplies: boolean): ReportRow[] {
  if (!main.seed) return [];
  return [
    {
      section: 'Seeder',
      measure: `${formatCount(main.members)} members, ${formatCount(main.seed.items)} items (${db}, + tier history)`,
      measured: `${formatSeconds(main.seed.seconds)}, ${formatCount(main.seed.membersPerSecond)} members/s`,
      target: '1,000,000 on MariaDB < 5 min',
      verdict: targetApplies ? atMost(main.seed.seconds, 300) : notAtThisScale('1,000,000 members on MariaDB'),
    },
  ];
}

/** Rule evaluation on this one thread, while nothing else runs (before the services start). */
export async function rulesSection(env: Env, rulesDir: string, seconds: number, memoPopulations: number[]): Promise<SectionOutcome<RulesFigures>> {
  log('Rule evaluation: json-rules-engine alone, the plain TypeScript yardstick, the verdict memo on fresh populations ...');
  const [products, dealers] = await Promise.all([readCatalogue(env), readDealers(env)]);
  const rules = await rulesBench({ rulesDir, products, dealers, sampleMembers: 20_000, memoPopulations, seconds });
  const section = 'Rule evaluation (1 core)';
  return {
    figures: rules,
    rows: [
      {
        section,
        measure: `json-rules-engine alone (verdict memo off), ${formatCount(rules.sampleMembers)} generated members (${rules.averageItems.toFixed(1)} items avg.)`,
        measured: `${formatCount(rules.engineAlone.perSecond)} evaluations/s`,
        target: '≥ 40,000/s',
        verdict: atLeast(rules.engineAlone.perSecond, 40_000),
      },
      {
        section,
        measure: "json-rules-engine's own floor: Engine.run on the same rules and members, fact values given (nothing of ours in the run)",
        measured: `${formatCount(rules.engineFloor.perSecond)} evaluations/s`,
        target: '— (the most the engine alone allows here)',
        verdict: '—',
      },
      { section, measure: 'plain TypeScript yardstick, the same members', measured: `${formatCount(rules.yardstick.perSecond)} evaluations/s`, target: '—', verdict: '—' },
      { section, measure: 'yardstick ÷ json-rules-engine alone', measured: `${rules.ratio.toFixed(1)}×`, target: '— (what the engine costs, no cache in front)', verdict: '—' },
      {
        section,
        measure: 'members on which yardstick and json-rules-engine alone disagree',
        measured: String(rules.disagreements),
        target: '0',
        verdict: rules.disagreements === 0 ? 'met' : `missed: ${rules.disagreements} differ`,
      },
      ...rules.memo.map((m) => ({
        section,
        measure: `evaluate with the verdict memo (as the services run it), ${formatCount(m.members)} fresh members, each once`,
        measured:
          `${formatCount(m.rate.perSecond)} evaluations/s; ${formatCount(m.distinctCombinations)} distinct fact combinations; ` +
          `${(m.hitRate * 100).toFixed(1)}% answered by the memo (bound ${formatCount(m.memoLimit)})`,
        target: '—',
        verdict: '—',
      })),
    ],
  };
}

export async function statementsSection(services: BenchServices, main: Population, secret: string): Promise<SectionOutcome<StatementCount[]>> {
  log('Statements per request ...');
  const probe = (items: number) => main.probes.find((p) => p.items === items)!.memberId;
  const memberToken = (id: number) => signToken(secret, { sub: String(id), roles: ['member'] });
  const adminToken = await signToken(secret, { roles: ['admin'] });
  const items = (n: number) => (data: any) => {
    if (data?.me?.equipment?.length !== n) throw new Error(`the probe member should show ${n} items, shows ${data?.me?.equipment?.length}`);
  };
  const ids = Array.from({ length: 100 }, (_, i) => i + 1);
  // Through a development gateway: the production gateway's cost limit (5000) refuses a page of 100
  // members with the dashboard's fields. The subgraphs, and so the statements counted, are the same.
  const counts = await services.withDevelopmentGateway(async (url) => {
    const through = { ...services, gatewayUrl: url };
    const list = await memberList(url, adminToken, ids);
    return [
      await countStatements(through, 'dashboard, 1 item', DASHBOARD_QUERY, await memberToken(probe(1)), items(1)),
      await countStatements(through, 'dashboard, 10 items', DASHBOARD_QUERY, await memberToken(probe(10)), items(10)),
      await countStatements(through, 'dashboard, 50 items', DASHBOARD_QUERY, await memberToken(probe(50)), items(50)),
      await countStatements(through, `100 members, dashboard fields, as ${list.shape}`, list.query, adminToken, (data) => {
        if (membersIn(data).length !== 100) throw new Error('the list did not return 100 members');
      }),
    ];
  });
  const verdict = allEqual(counts.map((c) => c.total));
  return {
    figures: counts,
    rows: counts.map((c) => ({
      section: 'Statements per request (through a development gateway: see the README)',
      measure: c.label,
      measured:
        `${c.total} SQL (${Object.entries(c.perSubgraph).map(([k, v]) => `${k} ${v.statements}`).join(', ')}); ` +
        `${c.fetches} subgraph fetches`,
      target: 'equal for 1, 50 items and 100 members',
      verdict,
    })),
  };
}

export async function dashboardSection(
  services: BenchServices,
  main: Population,
  secret: string,
  options: { connections: number[]; seconds: number; warmupSeconds: number },
): Promise<SectionOutcome> {
  log('Dashboard request under load ...');
  const memberId = main.probes.find((p) => p.items === 10)!.memberId;
  const dashboard = await dashboardBench(services, {
    env: main.env,
    memberId,
    token: await signToken(secret, { sub: String(memberId), roles: ['member'] }),
    ...options,
    log,
  });
  const section = `Dashboard (production hardening on; member with ${dashboard.items} items; plan: ${dashboard.plan})`;
  const rows: ReportRow[] = [];
  for (const c of options.connections) {
    const key = String(c);
    const ac = dashboard.autocannon[key];
    const gw = dashboard.gateway[key];
    const direct = dashboard.direct[key];
    rows.push(
      {
        section,
        measure: `gateway, autocannon, ${c} conn.`,
        measured: `${formatCount(ac.requestsPerSecond)} req/s; ${loadCell(ac)}`,
        target: c === 50 ? '≥ 500 req/s; p99 ≤ 150 ms' : '—',
        verdict: ac.errors ? invalidIfErrors(ac) : c === 50 ? both(atLeast(ac.requestsPerSecond, 500), atMost(ac.p99Ms, 150)) : '—',
      },
      { section, measure: `gateway, bench client, ${c} conn.`, measured: `${formatCount(gw.requestsPerSecond)} req/s; ${loadCell(gw)}`, target: '—', verdict: invalidIfErrors(gw) },
      { section, measure: `direct to the subgraphs (the same plan), ${c} conn.`, measured: `${formatCount(direct.requestsPerSecond)} req/s; ${loadCell(direct)}`, target: '—', verdict: invalidIfErrors(direct) },
      {
        section,
        measure: `federation overhead: gateway ÷ direct, ${c} conn.`,
        measured: `${dashboard.ratio[key].toFixed(2)}×`,
        target: '≤ 1.3',
        verdict: atMost(dashboard.ratio[key], 1.3),
      },
      versusDirect(section, `a bare HTTP hop (a Node process that forwards the bytes) ÷ direct, ${c} conn.`, dashboard.bareHop[key], direct),
      versusDirect(section, `Apollo Server + @apollo/gateway alone (no plugin, no Express, nothing of ours) ÷ direct, ${c} conn.`, dashboard.bareApollo[key], direct),
      ...profileRows(section, dashboard.profiles[key]),
    );
  }
  return { rows, figures: dashboard };
}

/** A path beside the direct one, as time per dashboard ÷ direct (= direct req/s ÷ its req/s), with its own figures. */
function versusDirect(section: string, measure: string, path: LoadFigures, direct: LoadFigures): ReportRow {
  const ratio = direct.requestsPerSecond / path.requestsPerSecond;
  return { section, measure, measured: `${ratio.toFixed(2)}× (${formatCount(path.requestsPerSecond)} req/s; ${loadCell(path)})`, target: '—', verdict: invalidIfErrors(path) };
}

/** Where a profiled gateway's own CPU went, by package and by function. */
function profileRows(section: string, profile: GatewayProfile | undefined): ReportRow[] {
  if (!profile) return [];
  const shares = (list: Array<{ owner: string; share: number }>) => list.map((o) => `${o.owner} ${Math.round(o.share * 100)}%`).join(', ');
  const where = `gateway's CPU profile, ${profile.load.connections} conn. (${formatCount(profile.load.requestsPerSecond)} req/s; busy ${Math.round(profile.busyShare * 100)}% of one core)`;
  return [
    { section, measure: `${where}: by package`, measured: shares(profile.owners), target: '—', verdict: '—' },
    { section, measure: `${where}: by function (self time)`, measured: shares(profile.functions), target: '—', verdict: '—' },
  ];
}

/** Two verdicts of one row (throughput and tail latency) in one cell. */
function both(throughput: string, latency: string): string {
  if (throughput === 'met' && latency === 'met') return 'met';
  return [throughput === 'met' ? 'req/s met' : `req/s ${throughput}`, latency === 'met' ? 'p99 met' : `p99 ${latency}`].join('; ');
}

/** The 1 January run over both populations, each in its own process (peak memory is per process). */
export async function recalcSection(small: Population, main: Population, db: string): Promise<SectionOutcome> {
  const jobs: Array<{ size: number; result: JobResult }> = [];
  for (const population of [small, main]) {
    log(`1 January run over ${formatCount(population.members)} members ...`);
    jobs.push({ size: population.members, result: await runBatchJob({ job: 'recalculate', env: population.env }) });
  }
  const section = `1 January run (${db})`;
  const figures = jobs.map((j) => ({ size: j.size, ...j.result }));
  if (jobs.some((j) => !j.result.available)) {
    return { figures, rows: [{ section, measure: 'recalculateMemberships', measured: `not available yet (${jobs[0].result.missing})`, target: '—', verdict: 'not measured' }] };
  }
  const rows: ReportRow[] = jobs.flatMap(({ result }) => {
    const n = result.members!;
    const answer = result.answer as { upgraded: number; downgraded: number; unchanged: number; outlook?: { DOWN: number }; outlookSeconds?: number };
    const run: ReportRow = {
      section,
      measure: `${formatCount(n)} members as of ${result.asOf} (${formatCount(answer.downgraded)} down, ${formatCount(answer.upgraded)} up), the outlook of every member first`,
      measured: `${formatSeconds(result.seconds!)}, ${formatCount(n / result.seconds!)} members/s, peak RSS ${formatMb(result.peakRssBytes!)} (heap ${formatMb(result.peakHeapUsedBytes!)})`,
      target: n >= ONE_MILLION ? '1,000,000 in ≤ 2 min' : '—',
      verdict: n < ONE_MILLION ? '—' : db === 'mysql' ? atMost(result.seconds!, 120) : notAtThisScale('MariaDB'),
    };
    if (!answer.outlook) return [run];
    // The outlook says what the run will do: its falls must be the run's downgrades, member for member in count.
    const outlook: ReportRow = {
      section,
      measure: `of which the outlook, ${formatCount(n)} members (${formatCount(answer.outlook.DOWN)} would fall)`,
      measured: `${formatSeconds(answer.outlookSeconds!)}; falls foreseen ${answer.outlook.DOWN === answer.downgraded ? '=' : '≠'} downgrades`,
      target: 'falls foreseen = downgrades',
      verdict: answer.outlook.DOWN === answer.downgraded ? 'met' : `missed (${answer.outlook.DOWN} vs ${answer.downgraded})`,
    };
    return [run, outlook];
  });
  rows.push(...memoryRatioRows(section, jobs));
  return { rows, figures };
}

/**
 * How the run's memory grows with the members it decides, larger ÷ smaller population: the raw
 * peak RSS (the process's start-up memory, the same in both, flattens it), then peak heap, then
 * both net of what the process held before the job began (what the run itself added).
 */
function memoryRatioRows(section: string, jobs: Array<{ size: number; result: JobResult }>): ReportRow[] {
  const [small, large] = jobs.map((j) => j.result);
  const of = `${formatCount(jobs[1].size)} ÷ ${formatCount(jobs[0].size)} members`;
  // Net of start-up, a figure can be 0 or below (the GC freed more than the job added): no ratio then.
  const ratio = (figure: (r: JobResult) => number) => (figure(small) > 0 && figure(large) > 0 ? figure(large) / figure(small) : Number.NaN);
  const rows: Array<{ measure: string; figure: (r: JobResult) => number; target?: number }> = [
    { measure: `peak RSS, raw`, figure: (r) => r.peakRssBytes!, target: 1.2 },
    { measure: `peak heap, raw`, figure: (r) => r.peakHeapUsedBytes! },
    { measure: `peak RSS net of start-up`, figure: (r) => r.peakRssBytes! - r.rssBeforeBytes! },
    { measure: `peak heap net of start-up`, figure: (r) => r.peakHeapUsedBytes! - r.heapBeforeBytes!, target: 1.2 },
  ];
  return rows.map(({ measure, figure, target }) => ({
    section,
    measure: `${measure}, ${of} (${formatMb(figure(large))} ÷ ${formatMb(figure(small))})`,
    measured: `${ratio(figure).toFixed(2)}×`,
    target: target ? `≤ ${target} (1M ÷ 100k)` : '—',
    verdict: target ? atMost(ratio(figure), target) : '—',
  }));
}

/** The policy preview of a candidate rules directory over the population closest to 100,000. */
export async function previewSection(populations: Population[], rulesDir: string, candidateDir: string | undefined, db: string): Promise<SectionOutcome> {
  const target = populations.reduce((a, b) => (Math.abs(a.members - PREVIEW_SIZE) <= Math.abs(b.members - PREVIEW_SIZE) ? a : b));
  const made = candidateDir ? null : makeCandidateRules(rulesDir);
  try {
    const changes = made ? made.changes : [`rules in ${candidateDir}`];
    log(`Policy preview over ${formatCount(target.members)} members ...`);
    const result = await runBatchJob({ job: 'preview', env: target.env, candidateDir: path.resolve(candidateDir ?? made!.dir) });
    const section = `Policy preview (${db})`;
    if (!result.available) {
      return { figures: result, rows: [{ section, measure: 'previewPolicyChange', measured: `not available yet (${result.missing})`, target: '—', verdict: 'not measured' }] };
    }
    const answer = result.answer as { total: number; moved: Array<{ count: number }> };
    const moved = answer.moved.reduce((n, m) => n + m.count, 0);
    return {
      figures: { candidate: changes, ...result },
      rows: [
        {
          section,
          measure: `${formatCount(result.members!)} members; candidate: ${changes.join(', ')} (${formatCount(moved)} would move)`,
          measured: formatSeconds(result.seconds!),
          target: '≤ 10 s at 100,000',
          verdict: result.members! >= PREVIEW_SIZE ? atMost(result.seconds!, 10) : notAtThisScale('100,000 members'),
        },
      ],
    };
  } finally {
    made?.remove();
  }
}
