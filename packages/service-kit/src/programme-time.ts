import { ConfigError, type Env } from './config-error';

import { DEFAULT_PROGRAMME_TIME_ZONE } from '@cps/policy';

export { DEFAULT_PROGRAMME_TIME_ZONE, dayIn, lastFirstOfJanuary, midnightIn, nextFirstOfJanuary } from '@cps/policy';

/**
 * The programme's time zone (`PROGRAMME_TIME_ZONE`, default Europe/Amsterdam): "1 January" and
 * policy dates are midnight there, whatever zone a server runs in.
 */
export function readProgrammeTimeZone(env: Env): string {
  const zone = env.PROGRAMME_TIME_ZONE?.trim() || DEFAULT_PROGRAMME_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
  } catch {
    throw new ConfigError('PROGRAMME_TIME_ZONE', `must be an IANA time zone such as Europe/Amsterdam, got "${zone}"`);
  }
  return zone;
}

