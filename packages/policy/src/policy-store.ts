import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import type { ExtraChecks, Policy, PolicyProblem } from './types';
import { PolicyError, problem } from './problems';
import { loadFromFiles, readRules } from './load-policy';
import type { RuleFileSet } from './rule-files';

export interface PolicyLogger {
  info(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

export interface PolicyStoreOptions {
  extraChecks?: ExtraChecks;
  /** Refuse an edit whose policy-tests cases fail (default false: tests run in validate / CI). */
  runPolicyTests?: boolean;
  /** How often watch() looks at the files; default 500 ms. */
  pollMs?: number;
  logger?: PolicyLogger;
}

export interface PolicyHealth {
  version: string;
  loadedAt: string;
  lastError: { at: string; problems: PolicyProblem[] } | null;
}

const silent: PolicyLogger = { info() {}, error() {} };

/**
 * Holds the current policy and swaps it when the rule files change.
 * Watching is polling of a content hash: it works the same on every platform and file system, and a
 * half-written file is just an invalid snapshot that is rejected until the write is complete.
 * Events: 'reload' (policy), 'rejected' (PolicyError).
 */
export class PolicyStore extends EventEmitter {
  private policy: Policy;
  private loadedAt = new Date();
  private lastError: PolicyHealth['lastError'] = null;
  private lastRejected: string | null = null; // digest of the last refused snapshot: log a bad edit once, not every poll
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<boolean> | null = null;
  private closed = false;
  private readonly logger: PolicyLogger;
  private readonly pollMs: number;

  private constructor(
    readonly dir: string,
    initial: Policy,
    private readonly options: PolicyStoreOptions,
  ) {
    super();
    this.policy = initial;
    this.logger = options.logger ?? silent;
    this.pollMs = options.pollMs ?? 500;
  }

  /** Loads the policy; throws PolicyError when the initial policy is invalid. */
  static async open(dir: string, options: PolicyStoreOptions = {}): Promise<PolicyStore> {
    const absolute = path.resolve(dir);
    const policy = await loadFromFiles(await readRules(absolute), options);
    const store = new PolicyStore(absolute, policy, options);
    store.logger.info({ dir: absolute, version: policy.version }, 'policy loaded');
    return store;
  }

  get current(): Policy {
    return this.policy;
  }

  watch(): void {
    if (this.timer || this.closed) return;
    this.schedule();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Looks at the files now; true when a new policy was loaded. Never throws. */
  reload(): Promise<boolean> {
    // Overlapping calls (a poll and a manual reload) share one check.
    this.inFlight ??= this.check().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  health(): PolicyHealth {
    return { version: this.policy.version, loadedAt: this.loadedAt.toISOString(), lastError: this.lastError };
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.reload().finally(() => {
        if (!this.closed && this.timer) this.schedule();
      });
    }, this.pollMs);
    this.timer.unref(); // watching alone must not keep a process alive
  }

  private async check(): Promise<boolean> {
    let set: RuleFileSet;
    try {
      set = await readRules(this.dir);
    } catch (error) {
      this.reject(`unreadable:${(error as Error).message}`, asPolicyError(error, this.dir));
      return false;
    }
    if (set.digest === this.policy.version) {
      // The files are (again) the loaded ones: e.g. a bad edit was reverted.
      this.lastRejected = null;
      this.lastError = null;
      return false;
    }
    if (set.digest === this.lastRejected) return false;
    try {
      const policy = await loadFromFiles(set, this.options);
      const previous = this.policy.version;
      this.policy = policy;
      this.loadedAt = new Date();
      this.lastError = null;
      this.lastRejected = null;
      this.logger.info({ dir: this.dir, version: policy.version, previous }, 'policy reloaded');
      this.emit('reload', policy);
      return true;
    } catch (error) {
      this.reject(set.digest, asPolicyError(error, this.dir));
      return false;
    }
  }

  private reject(snapshot: string, error: PolicyError): void {
    if (snapshot === this.lastRejected) return;
    this.lastRejected = snapshot;
    this.lastError = { at: new Date().toISOString(), problems: error.problems };
    this.logger.error(
      { dir: this.dir, keptVersion: this.policy.version, problems: error.problems },
      'policy edit rejected; keeping the last good policy',
    );
    this.emit('rejected', error);
  }
}

function asPolicyError(error: unknown, dir: string): PolicyError {
  return error instanceof PolicyError ? error : new PolicyError([problem('', '', `could not load the policy: ${(error as Error).message}`)], dir);
}
