import { Presets, SingleBar } from 'cli-progress';

export interface ProgressReporter {
  update(done: number): void;
  stop(): void;
}

/**
 * A progress bar for long command-line runs (e.g. previewChanges over every member): pass
 * `reporter.update` as onProgress. With no known total it counts; off a terminal it prints
 * a line every few seconds instead of redrawing.
 */
export function progressReporter(label: string, total?: number, stream: NodeJS.WritableStream = process.stderr): ProgressReporter {
  const format = total ? `${label} [{bar}] {value}/{total} ({percentage}%)` : `${label}: {value}`;
  const bar = new SingleBar({ format, stream, hideCursor: null, noTTYOutput: true, notTTYSchedule: 5000 }, Presets.shades_classic);
  bar.start(total ?? 0, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}
