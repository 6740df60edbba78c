import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import type { ExtraChecks, LoadOptions, Policy, PolicyProblem } from './types';
import { PolicyError, problem } from './problems';
import { checkRuleFiles, readRules, refusalsOf, runExtraChecks } from './load-policy';
import { listScheduledFolders, RuleFolderReader, SCHEDULED_FOLDER, type RuleFileSet } from './rule-files';
import { DEFAULT_PROGRAMME_TIME_ZONE, midnightIn } from './programme-calendar';

export interface PolicyLogger {
  info(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

export interface PolicyStoreOptions {
  /**
   * The service's checks of the world beside the files (members living in a country the policy
   * drops, models the catalogue lacks): run when a version is loaded, again when a scheduled
   * version's day comes, and every `recheckMs` for a version they refused.
   */
  extraChecks?: ExtraChecks;
  /** How long a version refused by the extra checks waits before they are run again; default 30 s. */
  recheckMs?: number;
  /**
   * Refuse a policy whose own policy-tests cases fail (default true: only a policy that passes every
   * check `validate` runs goes live, at start, on a reload and at a scheduled switch).
   */
  runPolicyTests?: boolean;
  /** How often watch() looks at the files and the clock; default 500 ms. */
  pollMs?: number;
  logger?: PolicyLogger;
  /** "Now", for the scheduled versions (CPS_CLOCK in tests); default the system clock. */
  now?: () => Date;
  /** Scheduled versions take effect at midnight of their day here; default Europe/Amsterdam. */
  timeZone?: string;
}

/**
 * Why the policy in force changed: `reload`, the version in force was edited or withdrawn (it is
 * no longer loaded); `schedule`, a scheduled version's day came (the previous one still exists).
 */
export type PolicyChangeCause = 'reload' | 'schedule';

export interface ScheduledVersion {
  version: string;
  /** Midnight of its day, programme time. */
  effectiveFrom: string;
  day: string;
}

export interface PolicyHealth {
  version: string;
  /** When the version in force took effect: null for the live rules (in force since loaded). */
  effectiveFrom: string | null;
  loadedAt: string;
  /** The next scheduled version, if one is prepared. */
  next: ScheduledVersion | null;
  /** Every scheduled version that passed its checks, in date order. */
  scheduled: ScheduledVersion[];
  /** Problems of the last refused edit, each naming its folder (`scheduled/<day>/…` or the live rules). */
  lastError: { at: string; problems: PolicyProblem[] } | null;
  /** The version serves although an extra check could not look yet (a peer that was not up at start). */
  unchecked: { since: string; reasons: string[] } | null;
}

interface LoadedVersion {
  /** null: the live rules; else the scheduled day. */
  day: string | null;
  effectiveFrom: Date | null;
  policy: Policy;
  loadedAt: Date;
  /**
   * The extra checks passed at or after its day. A version loaded before its day passed them
   * then, but the world may change by the day (members move into a country it drops): it serves
   * only once they pass again (see inForceAfterChecks).
   */
  checkedOnItsDay: boolean;
}

const silent: PolicyLogger = { info() {}, error() {} };

/** Where a folder's problems are: the live rules' file names as they are, scheduled ones under their folder. */
const inFolder = (day: string | null, problems: PolicyProblem[]): PolicyProblem[] =>
  day === null ? problems : problems.map((p) => ({ ...p, file: [SCHEDULED_FOLDER, day, p.file].filter(Boolean).join('/') }));

/**
 * Holds the policy in force and swaps it when the rule files change or a scheduled version's day
 * comes. The live rules are `dir` (without `scheduled/`); each `scheduled/<YYYY-MM-DD>/` folder is a
 * full copy of the policy with its edits, in force from midnight of that day in the programme's
 * time zone. Every version is loaded with every check `validate` runs; one that fails keeps the last
 * good version of that folder (or none, for a new folder) and is reported.
 * Watching is polling of the files (read again when their sizes, times or inodes change, see
 * RuleFolderReader; the version is the hash of their contents) and the clock: it works the same on
 * every platform, and a half-written file is just an invalid snapshot that is refused until the
 * write is complete.
 * Events: 'reload' (the policy in force changed), 'rejected' (PolicyError).
 */
export class PolicyStore extends EventEmitter {
  private live: LoadedVersion;
  private scheduled = new Map<string, LoadedVersion>();
  /** The policy last announced with a "reload" event (the one in force when the clock last was looked at). */
  private announced: Policy;
  /**
   * What is refused now, per folder (`live`, a day, a misnamed folder): each bad snapshot logged
   * once, not every poll. `recheckAt`: refused by the extra checks, which look at a world that
   * changes (members move away, a peer comes back): tried again from then on.
   */
  private rejected = new Map<string, { snapshot: string; at: string; problems: PolicyProblem[]; recheckAt?: number }>();
  private timer: NodeJS.Timeout | null = null;
  /** Polls read a folder again only when its files changed. */
  private readonly reader = new RuleFolderReader();
  /** The check running now; `full`: an explicit reload's, which reads every folder whole. */
  private inFlight: { full: boolean; done: Promise<boolean> } | null = null;
  private closed = false;
  private readonly logger: PolicyLogger;
  private readonly pollMs: number;
  private readonly now: () => Date;
  private readonly timeZone: string;
  private readonly loadOptions: LoadOptions;
  private readonly recheckMs: number;
  /** The live version serves although an extra check could not look (a peer down at start): looked at again every recheckMs. */
  private unchecked: { since: string; reasons: string[]; recheckAt: number } | null = null;

  private constructor(
    readonly dir: string,
    live: LoadedVersion,
    options: PolicyStoreOptions,
  ) {
    super();
    this.live = live;
    this.announced = live.policy;
    this.logger = options.logger ?? silent;
    this.pollMs = options.pollMs ?? 500;
    this.now = options.now ?? (() => new Date());
    this.timeZone = options.timeZone ?? DEFAULT_PROGRAMME_TIME_ZONE;
    this.loadOptions = loadOptionsOf(options);
    this.recheckMs = options.recheckMs ?? 30_000;
  }

  /** Loads the live policy and every scheduled version; throws PolicyError when the live policy is invalid. */
  static async open(dir: string, options: PolicyStoreOptions = {}): Promise<PolicyStore> {
    const absolute = path.resolve(dir);
    const { policy, problems, world } = await checkRuleFiles(await readRules(absolute), loadOptionsOf(options));
    if (!policy || problems.length || world.problems.length) throw new PolicyError([...world.problems, ...problems], absolute);
    const store = new PolicyStore(absolute, { day: null, effectiveFrom: null, policy, loadedAt: new Date(), checkedOnItsDay: true }, options);
    // A peer that is not up yet (services start in any order): serve, and look again soon.
    if (world.unchecked.length) store.markUnchecked(world.unchecked);
    await store.loadScheduled();
    store.announced = store.current;
    store.logger.info({ dir: absolute, version: store.announced.version, next: store.next()?.version }, 'policy loaded');
    return store;
  }

  /** The policy in force now: by the clock, so a scheduled version serves from its first instant. */
  get current(): Policy {
    return this.at(this.now());
  }

  /** The policy in force at `instant` (e.g. midnight of the next 1 January): the latest version whose day has begun. */
  at(instant: Date): Policy {
    let found = this.live.policy;
    for (const version of this.versionsInOrder()) if (this.serves(version, instant)) found = version.policy;
    return found;
  }

  /** A version serves from its day on, once the extra checks passed on its day; ahead of its day (an outlook) as prepared. */
  private serves(version: LoadedVersion, instant: Date): boolean {
    const from = version.effectiveFrom!.getTime();
    if (from > instant.getTime()) return false;
    return version.checkedOnItsDay || from > this.now().getTime();
  }

  /** The next scheduled version after now. */
  next(): ScheduledVersion | null {
    const now = this.now().getTime();
    const next = this.versionsInOrder().find((v) => v.effectiveFrom!.getTime() > now);
    return next ? scheduledVersionOf(next) : null;
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

  /**
   * Looks at the files and the clock now, reading every file (a poll reads only folders that
   * changed); true when the policy in force changed. Never throws.
   */
  reload(): Promise<boolean> {
    return this.look(true);
  }

  /** Overlapping looks share one check; a full one asked while a poll's check runs follows it. */
  private look(full: boolean): Promise<boolean> {
    if (this.inFlight && (this.inFlight.full || !full)) return this.inFlight.done;
    const before = this.inFlight?.done ?? Promise.resolve(false);
    const done = before.then(async (changed) => {
      if (full) this.reader.forget(); // every folder of this check is read whole
      return (await this.check()) || changed;
    });
    const look: NonNullable<typeof this.inFlight> = { full, done: done.finally(() => this.inFlight === look && (this.inFlight = null)) };
    this.inFlight = look;
    return look.done;
  }

  health(): PolicyHealth {
    const now = this.now().getTime();
    const inForce = [...this.versionsInOrder()].reverse().find((v) => this.serves(v, new Date(now)));
    return {
      version: this.current.version,
      effectiveFrom: inForce ? inForce.effectiveFrom!.toISOString() : null,
      loadedAt: (inForce ?? this.live).loadedAt.toISOString(),
      next: this.next(),
      scheduled: this.versionsInOrder().map(scheduledVersionOf),
      lastError: this.lastError(),
      unchecked: this.unchecked && { since: this.unchecked.since, reasons: this.unchecked.reasons },
    };
  }

  private markUnchecked(reasons: string[]): void {
    this.unchecked ??= { since: new Date().toISOString(), reasons, recheckAt: 0 };
    this.unchecked.reasons = reasons;
    this.unchecked.recheckAt = Date.now() + this.recheckMs;
    this.logger.info({ dir: this.dir, version: this.live.policy.version, reasons }, 'policy serves; an extra check could not look yet and is tried again');
  }

  /** Once the peer answers: the live version passes (nothing to do) or its problems are reported (there is no older one to serve). */
  private async recheckLive(): Promise<void> {
    if (!this.unchecked || Date.now() < this.unchecked.recheckAt) return;
    const world = await runExtraChecks(this.loadOptions.extraChecks, this.live.policy);
    if (world.unchecked.length) return this.markUnchecked(world.unchecked);
    this.unchecked = null;
    if (world.problems.length) this.reject('live', this.live.policy.version, new PolicyError(world.problems, this.dir));
  }

  /** Every problem still refused, each naming its folder; null when nothing is. */
  private lastError(): PolicyHealth['lastError'] {
    const entries = [...this.rejected.values()];
    if (entries.length === 0) return null;
    return { at: entries.map((e) => e.at).sort().at(-1)!, problems: entries.flatMap((e) => e.problems) };
  }

  private accept(label: string): void {
    this.rejected.delete(label);
  }

  private versionsInOrder(): LoadedVersion[] {
    return [...this.scheduled.values()].sort((a, b) => a.day!.localeCompare(b.day!));
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.look(false).finally(() => {
        if (!this.closed && this.timer) this.schedule();
      });
    }, this.pollMs);
    this.timer.unref(); // watching alone must not keep a process alive
  }

  private async check(): Promise<boolean> {
    await this.recheckLive();
    await this.loadFolder(null, this.dir);
    await this.loadScheduled();
    const next = await this.inForceAfterChecks();
    if (next === this.announced) return false;
    const previous = this.announced;
    this.announced = next;
    // The same files elsewhere (a scheduled folder moved into the live rules): nothing changed.
    if (next.version === previous.version) return false;
    // Still loaded: superseded by a scheduled version whose day came. Gone: edited or withdrawn.
    const stillLoaded = previous === this.live.policy || [...this.scheduled.values()].some((v) => v.policy === previous);
    const cause: PolicyChangeCause = stillLoaded ? 'schedule' : 'reload';
    this.logger.info({ dir: this.dir, version: next.version, previous: previous.version, cause }, 'policy in force changed');
    this.emit('reload', next, { cause, previous });
    return true;
  }

  /**
   * The version in force now, once a scheduled one whose day has come passed the extra checks
   * again: the world may have changed since it was loaded (members moved into a country it drops).
   * One that fails is refused (and retried later); the one before it serves on.
   */
  private async inForceAfterChecks(): Promise<Policy> {
    const now = this.now().getTime();
    for (const version of this.versionsInOrder()) {
      if (version.checkedOnItsDay || version.effectiveFrom!.getTime() > now) continue;
      const refusals = refusalsOf(await runExtraChecks(this.loadOptions.extraChecks, version.policy));
      if (refusals.length === 0) {
        version.checkedOnItsDay = true;
        continue;
      }
      // Refused on its day: the version before it serves on; tried again every recheckMs.
      this.scheduled.delete(version.day!);
      this.reject(version.day!, version.policy.version, new PolicyError(refusals, this.dir), version.day, true);
    }
    return this.at(this.now());
  }

  /** Loads every scheduled folder that is new or changed; drops the ones that are gone. */
  private async loadScheduled(): Promise<void> {
    let listing: Awaited<ReturnType<typeof listScheduledFolders>>;
    try {
      listing = await listScheduledFolders(this.dir);
    } catch (error) {
      this.reject('scheduled', 'unreadable', asPolicyError(error, this.dir));
      return;
    }
    // Refusals of folders that are gone (a deleted or renamed folder) no longer stand.
    const present = new Set(['live', ...listing.folders.map((f) => f.day), ...listing.misnamed]);
    for (const label of [...this.rejected.keys()]) if (!present.has(label)) this.rejected.delete(label);
    for (const name of listing.misnamed) {
      this.reject(name, 'misnamed', new PolicyError([problem(name, '', 'a scheduled version is a folder named after its day, YYYY-MM-DD')], this.dir));
    }
    this.reader.keepOnly([this.dir, ...listing.folders.map((f) => f.dir)]);
    const days = new Set(listing.folders.map((f) => f.day));
    for (const day of [...this.scheduled.keys()]) if (!days.has(day)) this.scheduled.delete(day);
    for (const folder of listing.folders) await this.loadFolder(folder.day, folder.dir);
  }

  private async loadFolder(day: string | null, dir: string): Promise<void> {
    const label = day === null ? 'live' : day;
    const loaded = day === null ? this.live : this.scheduled.get(day);
    let set: RuleFileSet;
    try {
      set = await readRules(dir, (folder) => this.reader.read(folder));
    } catch (error) {
      this.reject(label, `unreadable:${(error as Error).message}`, asPolicyError(error, dir), day);
      return;
    }
    if (loaded && set.digest === loaded.policy.version) {
      // The files are (again) the loaded ones: e.g. a bad edit was reverted.
      this.accept(label);
      return;
    }
    const refused = this.rejected.get(label);
    if (set.digest === refused?.snapshot && !(refused.recheckAt !== undefined && Date.now() >= refused.recheckAt)) return;
    try {
      const { policy, problems, world } = await checkRuleFiles(set, this.loadOptions);
      const refusals = refusalsOf(world);
      if (!policy || problems.length || refusals.length) {
        // Refused by the world (members in a country, a peer down): looked at again later.
        return this.reject(label, set.digest, new PolicyError([...refusals, ...problems], dir), day, refusals.length > 0);
      }
      const effectiveFrom = day === null ? null : midnightIn(day, this.timeZone);
      // Checked on or after its day already (a service started on 3 January): it may serve at once.
      const checkedOnItsDay = effectiveFrom === null || effectiveFrom.getTime() <= this.now().getTime();
      const version: LoadedVersion = { day, effectiveFrom, policy, loadedAt: new Date(), checkedOnItsDay };
      if (day === null) this.live = version;
      else this.scheduled.set(day, version);
      this.accept(label);
      this.logger.info({ dir, version: policy.version, previous: loaded?.policy.version, effectiveFrom: version.effectiveFrom }, day === null ? 'policy reloaded' : 'scheduled policy loaded');
    } catch (error) {
      this.reject(label, set.digest, asPolicyError(error, dir), day);
    }
  }

  private reject(label: string, snapshot: string, error: PolicyError, day: string | null = null, recheck = false): void {
    const problems = inFolder(day, error.problems);
    const earlier = this.rejected.get(label);
    const recheckAt = recheck ? Date.now() + this.recheckMs : undefined;
    if (snapshot === earlier?.snapshot && (!recheck || JSON.stringify(problems) === JSON.stringify(earlier.problems))) {
      // Refused again for the same reasons: said once already.
      earlier.recheckAt = recheckAt;
      return;
    }
    this.rejected.set(label, { snapshot, at: new Date().toISOString(), problems, recheckAt });
    this.logger.error(
      { dir: this.dir, folder: label, keptVersion: this.current.version, problems },
      'policy edit rejected; keeping the last good policy',
    );
    this.emit('rejected', error);
  }
}

/** Every version is loaded with the owners' own test cases unless told otherwise. */
const loadOptionsOf = (options: PolicyStoreOptions): LoadOptions => ({ extraChecks: options.extraChecks, runPolicyTests: options.runPolicyTests ?? true });

const scheduledVersionOf = (version: LoadedVersion): ScheduledVersion => ({
  version: version.policy.version,
  effectiveFrom: version.effectiveFrom!.toISOString(),
  day: version.day!,
});

function asPolicyError(error: unknown, dir: string): PolicyError {
  return error instanceof PolicyError ? error : new PolicyError([problem('', '', `could not load the policy: ${(error as Error).message}`)], dir);
}
