import { spawn, type ChildProcess } from 'node:child_process';
import { waitUntilReady } from './child-processes';

export interface SupervisedOptions {
  name: string;
  /** The compiled entry point, run with this Node. */
  script: string;
  env: NodeJS.ProcessEnv;
  readyUrl: string;
  /** First wait before a restart; it doubles after each quick failure, up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  log?: (line: string) => void;
}

/** A run at least this long counts as healthy: the next failure starts again from the first wait. */
const STABLE_AFTER_MS = 30_000;
/** Ctrl-C reaches every process of the terminal's group: a clean exit this close to one is the same stop. */
const STOP_GRACE_MS = 500;

/**
 * One service process under `npm start`: started and awaited until ready, then, once supervised,
 * started again whenever it stops unexpectedly, after a wait that grows with each quick failure.
 */
export class Supervised {
  child?: ChildProcess;
  private supervising = false;
  private backoffMs: number;
  private restartTimer?: NodeJS.Timeout;

  constructor(private readonly options: SupervisedOptions) {
    this.backoffMs = options.backoffMs ?? 1000;
  }

  /** Starts the process and waits until it answers its readiness check. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, [this.options.script], { stdio: 'inherit', env: this.options.env });
    const startedAt = Date.now();
    this.child = child;
    child.on('exit', (code, signal) => this.exited(child, startedAt, code, signal));
    await waitUntilReady(this.options.name, child, this.options.readyUrl);
  }

  superviseFromNowOn(): void {
    this.supervising = true;
  }

  stopSupervising(): void {
    this.supervising = false;
    clearTimeout(this.restartTimer);
  }

  private exited(child: ChildProcess, startedAt: number, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child || !this.supervising) return;
    const how = signal ?? `exit code ${code}`;
    const clean = code === 0 || signal === 'SIGINT' || signal === 'SIGTERM';
    if (Date.now() - startedAt >= STABLE_AFTER_MS) this.backoffMs = this.options.backoffMs ?? 1000;
    const wait = clean ? STOP_GRACE_MS : this.backoffMs;
    if (!clean) {
      this.log(`${this.options.name} stopped unexpectedly (${how}); starting it again in ${(wait / 1000).toFixed(1)} s`);
      this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 30_000);
    }
    this.restartTimer = setTimeout(() => {
      if (!this.supervising) return; // a clean exit that was part of a stop after all
      if (clean) this.log(`${this.options.name} stopped by itself (${how}); starting it again`);
      this.start().catch((error: Error) => this.log(`${this.options.name} did not come back: ${error.message}`));
    }, wait);
  }

  private log(line: string): void {
    (this.options.log ?? ((text: string) => console.error(`[npm start] ${text}`)))(line);
  }
}
