/** Throughput and latency percentiles of one load run, from every measured request. */
export interface LoadFigures {
  connections: number;
  seconds: number;
  requests: number;
  errors: number;
  /** What the first failed request said, to tell a timeout from a refusal. */
  firstError?: string;
  requestsPerSecond: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function loadFigures(latenciesMs: number[], connections: number, seconds: number, errors: number, firstError?: string): LoadFigures {
  const sorted = Float64Array.from(latenciesMs).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    connections,
    seconds,
    requests: sorted.length,
    errors,
    ...(firstError ? { firstError } : {}),
    requestsPerSecond: sorted.length / seconds,
    meanMs: sorted.length ? sum / sorted.length : NaN,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/**
 * A closed loop: `connections` workers each run `task` again and again for `seconds` (after an
 * unmeasured warm-up), timing every completed task.
 */
export async function closedLoop(
  connections: number,
  seconds: number,
  warmupSeconds: number,
  task: () => Promise<unknown>,
): Promise<LoadFigures> {
  const run = await timedLoop(connections, seconds, warmupSeconds, task);
  return loadFigures(run.latencies, connections, run.seconds, run.errors, run.firstError);
}

/** One closed-loop run's raw timings, to merge several runs (rounds) into one set of figures. */
export interface TimedRun {
  latencies: number[];
  seconds: number;
  errors: number;
  firstError?: string;
}

export async function timedLoop(
  connections: number,
  seconds: number,
  warmupSeconds: number,
  task: () => Promise<unknown>,
): Promise<TimedRun> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: unknown;
  const warmupEnd = performance.now() + warmupSeconds * 1000;
  const end = warmupEnd + seconds * 1000;
  const worker = async () => {
    for (;;) {
      const started = performance.now();
      if (started >= end) return;
      try {
        await task();
        if (started >= warmupEnd) latencies.push(performance.now() - started);
      } catch (error) {
        errors++;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  // Tasks started before the warm-up ended are not timed; the window ends when the last task does.
  const measuredSeconds = (performance.now() - warmupEnd) / 1000;
  if (errors > 0 && latencies.length === 0) throw firstError;
  return { latencies, seconds: measuredSeconds, errors, ...(firstError ? { firstError: describeError(firstError) } : {}) };
}

function describeError(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
