import { ConfigError, type Env } from './config-error';

/**
 * Where every service takes "now" from. In production the system clock; for development and tests
 * `CPS_CLOCK` (an ISO 8601 instant) sets the current time, which then runs on at normal speed.
 * `CPS_CLOCK_SET_AT` (milliseconds of the real clock, set by `npm start` and the test harness for
 * every service they start) is the real moment CPS_CLOCK was true, so all services agree.
 */
export interface Clock {
  now(): Date;
  /** True when CPS_CLOCK set it (logged at start, never in production). */
  readonly set: boolean;
}

export const systemClock: Clock = { now: () => new Date(), set: false };

/** A clock that read `instant` at the real moment `setAt` and runs on from there. */
export function clockFrom(instant: Date, setAt = Date.now()): Clock {
  const offset = instant.getTime() - setAt;
  return { now: () => new Date(Date.now() + offset), set: true };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function readClock(env: Env): Clock {
  const raw = env.CPS_CLOCK?.trim();
  if (!raw) return systemClock;
  if (env.NODE_ENV === 'production') throw new ConfigError('CPS_CLOCK', 'sets the time for development and tests only; it is refused with NODE_ENV=production');
  const instant = new Date(raw);
  if (!ISO_INSTANT.test(raw) || Number.isNaN(instant.getTime())) {
    throw new ConfigError('CPS_CLOCK', `must be an ISO 8601 instant with its zone, e.g. 2026-12-31T23:58:00+01:00, got "${raw}"`);
  }
  const setAtRaw = env.CPS_CLOCK_SET_AT?.trim();
  const setAt = setAtRaw ? Number(setAtRaw) : Date.now();
  if (!Number.isSafeInteger(setAt)) throw new ConfigError('CPS_CLOCK_SET_AT', `must be milliseconds since 1970, got "${setAtRaw}"`);
  return clockFrom(instant, setAt);
}

/**
 * For a launcher or harness that starts several services: pins CPS_CLOCK to the real moment it is
 * read, so every service started from `env` agrees on the time to the millisecond.
 */
export function pinClock(env: Env, now = Date.now()): Env {
  return env.CPS_CLOCK && !env.CPS_CLOCK_SET_AT ? { ...env, CPS_CLOCK_SET_AT: String(now) } : env;
}
