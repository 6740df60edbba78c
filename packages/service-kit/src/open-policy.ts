import { defaultRulesDir, PolicyStore, type ExtraChecks } from '@cps/policy';
import type { ServiceConfig } from './config';
import type { Logger } from './logger';

/**
 * Every service (the gateway too, for the words of its own errors) opens the policy the same way: the rules folder of its settings, its clock and the
 * programme's time zone (scheduled versions switch at midnight there), every check `validate` runs
 * plus the service's own, and watching for edits.
 */
export async function openPolicy(config: Pick<ServiceConfig, 'rulesDir' | 'clock' | 'timeZone'>, logger: Logger, extraChecks?: ExtraChecks): Promise<PolicyStore> {
  const store = await PolicyStore.open(config.rulesDir ?? defaultRulesDir(), {
    logger,
    extraChecks,
    now: () => config.clock.now(),
    timeZone: config.timeZone,
  });
  store.watch();
  return store;
}
