import { ServiceProcess, type ServiceProcessOptions } from '@cps/service-kit';

export interface SupervisedOptions extends ServiceProcessOptions {
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
  private readonly process: ServiceProcess;
  private supervising = false;
  private backoffMs: number;
  private restartTimer?: NodeJS.Timeout;

  constructor(private readonly options: SupervisedOptions) {
    this.process = new ServiceProcess(options);
    this.backoffMs = options.backoffMs ?? 1000;
  }

  get child() {
    return this.process.child;
  }

  /** Starts the process and waits until it answers its readiness check. */
  async start(): Promise<void> {
    const startedAt = Date.now();
    const starting = this.process.start();
    const child = this.process.child!;
    child.on('exit', (code, signal) => {
      if (child === this.process.child) this.exited(startedAt, code, signal);
    });
    await starting;
  }

  superviseFromNowOn(): void {
    this.supervising = true;
  }

  stopSupervising(): void {
    this.supervising = false;
    clearTimeout(this.restartTimer);
  }

  private exited(startedAt: number, code: number | null, signal: NodeJS.Signals | null): void {
    if (!this.supervising) return;
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
