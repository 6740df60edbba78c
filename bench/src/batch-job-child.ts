/**
 * One batch job over the stored members, alone in its own process so its peak memory is its own:
 * `node batch-job-child.js '<json>'` with
 *   { "job": "recalculate", "env": {...}, "asOf"?: "2027-01-01", "batchSize"?: 2000, "outlookFirst"?: true, "runner"?: "p1" }
 *   { "job": "preview", "env": {...}, "candidateDir": "/tmp/..." }
 * Prints one line `RESULT {...}` with the job's answer, its wall time and memory figures.
 */
process.env.LOG_LEVEL ??= 'warn';
import * as members from '@cps/members';
import { defaultRulesDir, loadPolicy, type Policy } from '@cps/policy';
import type { Env } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { openMembersDatabase } from './databases';

type Recalculate = (ds: DataSource, policy: Policy, asOf: string, options?: { batchSize?: number; now?: () => Date; runner?: string }) => Promise<unknown>;
type Preview = (ds: DataSource, current: Policy, candidate: Policy) => Promise<unknown>;
type OutlookCensus = (ds: DataSource, policy: Policy, on: string) => Promise<{ UP: number; DOWN: number; SAME: number }>;

export interface JobRequest {
  job: 'recalculate' | 'preview';
  env: Env;
  asOf?: string;
  batchSize?: number;
  /** Every member's outlook before the run, as members does (default); false: the run alone. */
  outlookFirst?: boolean;
  /** Which runner this process is, when several share one run. */
  runner?: string;
  candidateDir?: string;
}

export interface JobResult {
  available: boolean;
  missing?: string;
  answer?: unknown;
  asOf?: string;
  members?: number;
  seconds?: number;
  /** RSS once the database and policy are open, before the job (the process's baseline). */
  rssBeforeBytes?: number;
  /** V8 heap in use at the same moment (after a full GC): what the process holds before the job starts. */
  heapBeforeBytes?: number;
  /** The process's peak RSS over its whole life (getrusage maxrss). */
  peakRssBytes?: number;
  /** The largest V8 heap in use, sampled every 10 ms during the job. */
  peakHeapUsedBytes?: number;
  /** CPU time this process spent on the job (user + system): the rest of the wall time went to waiting, mostly on the database. */
  cpuSeconds?: number;
}

/** The next 1 January no run has used yet: the run is idempotent per date, the benchmark wants work. */
async function freshAsOf(dataSource: DataSource): Promise<string> {
  const used = new Set(
    ((await dataSource.query('SELECT as_of FROM recalculation_run')) as Array<{ as_of: string }>).map((r) => r.as_of),
  );
  for (let year = new Date().getUTCFullYear() + 1; ; year++) {
    const asOf = `${year}-01-01`;
    if (!used.has(asOf)) return asOf;
  }
}

/**
 * The 1 January run as members will see it: first every member's outlook for that day (what the
 * run will do), then the run itself; the outlook's falls must be the run's downgrades.
 */
async function outlookThenRun(dataSource: DataSource, policy: Policy, asOf: string, request: JobRequest, api: Record<string, unknown>) {
  const outlookStarted = performance.now();
  const wanted = request.outlookFirst !== false && typeof api.outlookCensus === 'function';
  const outlook = wanted ? await (api.outlookCensus as OutlookCensus)(dataSource, policy, asOf) : undefined;
  const outlookSeconds = (performance.now() - outlookStarted) / 1000;
  const run = (await (api.recalculateMemberships as Recalculate)(dataSource, policy, asOf, {
    batchSize: request.batchSize,
    runner: request.runner,
    // The run is for a 1 January that has come: the benchmark runs it as on that day.
    now: () => new Date(`${asOf}T12:00:00Z`),
  })) as Record<string, unknown>;
  return { ...run, outlook, outlookSeconds };
}

async function main(request: JobRequest): Promise<JobResult> {
  const api = members as Record<string, unknown>;
  const fn = request.job === 'recalculate' ? 'recalculateMemberships' : 'previewPolicyChange';
  if (typeof api[fn] !== 'function') return { available: false, missing: `${fn} is not exported by @cps/members` };

  const dataSource = await openMembersDatabase(request.env);
  try {
    const policy = await loadPolicy(defaultRulesDir(request.env));
    const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM member');
    const asOf = request.job === 'recalculate' ? (request.asOf ?? (await freshAsOf(dataSource))) : undefined;
    const candidate = request.job === 'preview' ? await loadPolicy(request.candidateDir!) : undefined;

    global.gc?.();
    const { rss: rssBeforeBytes, heapUsed: heapBeforeBytes } = process.memoryUsage();
    let peakHeapUsedBytes = heapBeforeBytes;
    const sampler = setInterval(() => {
      peakHeapUsedBytes = Math.max(peakHeapUsedBytes, process.memoryUsage().heapUsed);
    }, 10);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    let answer: unknown;
    try {
      // Called by name: the benchmark builds and reports "not available" without these exports.
      answer =
        request.job === 'recalculate'
          ? await outlookThenRun(dataSource, policy, asOf!, request, api)
          : await (api[fn] as Preview)(dataSource, policy, candidate!);
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    peakHeapUsedBytes = Math.max(peakHeapUsedBytes, process.memoryUsage().heapUsed);
    return {
      available: true,
      answer,
      asOf,
      members: Number(n),
      seconds,
      rssBeforeBytes,
      heapBeforeBytes,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      peakHeapUsedBytes,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  } finally {
    await dataSource.destroy();
  }
}

main(JSON.parse(process.argv[2]) as JobRequest).then(
  (result) => {
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
