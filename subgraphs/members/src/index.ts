import type { Policy, PolicyChangeCause, PolicyStore } from '@cps/policy';
import {
  catalogueModelsCheck,
  createLogger,
  INSTANCE_ID,
  openPolicy,
  allChecks,
  peerClient,
  readServiceConfig,
  startSubgraph,
  type Env,
  type ServiceConfig,
} from '@cps/service-kit';
import { ProductMirror } from './catalogue/product-mirror';
import { catalogueOver } from './clients/catalogue.client';
import type { MembersContext } from './context';
import { createMembersDataSource } from './data-source';
import { memberLanguage } from './domain/member-language';
import { countriesInUseCheck } from './domain/countries-in-use';
import { recordPolicyVersion, type WentLive } from './domain/policy-history';
import { HeldTierSweep } from './jobs/held-tier-sweep';
import { YearlyRun } from './jobs/yearly-run';
import { createLoaders } from './loaders';
import { OutboxDispatcher } from './mail/outbox-dispatcher';
import { buildMembersSchema } from './schema';
import { seedDemoMembers } from './seed/seed-demo-members';
import { readMembersSettings } from './settings';

export { buildMembersSchema, createMembersDataSource, readMembersSettings };
export { recalculateMemberships, RUN_LEASE_MS, type RecalculationReport } from './domain/recalculation';
export { previewPolicyChange } from './domain/policy-preview';
export { outlookCensus } from './domain/outlook-census';
export { memberNumber } from './domain/member-number';
export { activeKey, keysFor, openKey } from './domain/equipment-keys';
export { OutboxDispatcher } from './mail/outbox-dispatcher';
export { enqueueEmail } from './mail/outbox';

/** Starts the members subgraph: accounts, equipment, tiers, cards and their history. */
export async function createServer(config: ServiceConfig = readServiceConfig('members'), env: Env = process.env) {
  const settings = readMembersSettings(env);
  const logger = createLogger('members', config.logLevel);
  const dataSource = createMembersDataSource(config.database);
  // Members asks the catalogue and regions directly, with their proofs as the gateway would.
  const catalogueClient = peerClient(config, env, 'catalogue');
  const catalogue = catalogueOver(catalogueClient);
  const mail = settings.smtpUrl
    ? new OutboxDispatcher(dataSource, settings.smtpUrl, settings.mailFrom, logger, settings.outboxPollMs, settings.outboxClaimMs)
    : undefined;
  if (!mail) logger.warn('SMTP_URL is not set: e-mails wait in the outbox until it is');
  const products = new ProductMirror(dataSource, catalogue, logger, settings.catalogueSyncMs);
  const clock = config.clock;
  const sweep = new HeldTierSweep(dataSource, logger, { now: () => clock.now(), withdrawWindowMs: settings.withdrawWindowMs, runner: INSTANCE_ID });
  if (clock.set) logger.warn({ now: clock.now().toISOString() }, 'CPS_CLOCK sets the time of this service');
  let policy: PolicyStore | undefined;
  let yearlyRun: YearlyRun | undefined;
  let recording: Promise<void> = Promise.resolve();
  return startSubgraph<MembersContext>({
    config,
    dataSource,
    prepare: async () => {
      // Nothing in use disappears: a country where members live stays in the rules.
      policy = await openPolicy(config, logger, allChecks(catalogueModelsCheck(catalogueClient, logger), countriesInUseCheck(dataSource)));
      // Every version that goes live is kept (with its files); a replaced one may have its rises withdrawn.
      const keep = (version: Policy, how: WentLive) =>
        (recording = recording
          .then(() => recordPolicyVersion(dataSource, version, how, clock.now()))
          .catch((error: Error) => logger.error({ err: error }, 'the policy version was not recorded')));
      await keep(policy.current, 'start');
      policy.on('reload', (next: Policy, change: { cause: PolicyChangeCause; previous: Policy }) => {
        void keep(next, change.cause).then(() => sweep.request(next, change.previous.version));
      });
      if (settings.demoMembers) await seedDemoMembers(dataSource, policy.current);
      // A policy changed while this service was down raises held tiers now.
      sweep.request(policy.current);
      await products.start();
      mail?.start();
      if (settings.yearlyRun) {
        const store = policy;
        // The store looks at the clock first: at midnight the day's version serves only once it passed its checks.
        yearlyRun = new YearlyRun({ dataSource, policyAt: async (instant) => (await store.reload(), store.at(instant)), clock, timeZone: config.timeZone, logger, checkMs: settings.yearlyRunCheckMs });
        yearlyRun.start();
      }
    },
    schema: buildMembersSchema,
    // Error messages in the request's language, from the texts of the policy that served it.
    texts: (ctx) => ctx.policy,
    callerLanguage: async (ctx) => {
      const id = Number(ctx.identity?.memberId);
      const member = Number.isSafeInteger(id) && id > 0 ? await ctx.loaders.memberById.load(id) : null;
      return member && !member.deletedAt ? memberLanguage(member, ctx.policy) : null;
    },
    context: (base) => {
      const current = policy!.current;
      return {
        ...base,
        dataSource,
        policy: current,
        loaders: createLoaders(dataSource, current, products),
        membership: {
          dataSource,
          policy: current,
          catalogue,
          requestId: base.requestId,
          now: () => clock.now(),
        },
        settings,
        policyHealth: () => policy!.health(),
        policyAt: (instant: Date) => policy!.at(instant),
        clock,
        timeZone: config.timeZone,
        rulesDir: policy!.dir,
      };
    },
    readiness: () => ({ policy: policy?.health() }),
    onClose: async () => {
      // No new policy work once closing: stop watching, then let what is under way finish.
      policy?.close();
      await recording;
      await yearlyRun?.stop();
      await sweep.stop();
      products.stop();
      await mail?.stop();
    },
  });
}
