import path from 'node:path';
import { ConfigError, readMilliseconds, readOnOff, repoRoot, type Env } from '@cps/service-kit';

/** What only the members subgraph reads from its environment, read once at start. */
export interface MembersSettings {
  /** smtp://user:pass@host:port; unset: e-mails wait in the outbox (nothing is lost). */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** How often the outbox looks for e-mails that are due. */
  outboxPollMs: number;
  /** How long an instance holds an e-mail it is sending; another instance takes it over only after that. */
  outboxClaimMs: number;
  /** How often members refreshes its copy of the catalogue's products. */
  catalogueSyncMs: number;
  /** Start the 1 January run by itself (YEARLY_RUN=off leaves it to `npm run recalc`). */
  yearlyRun: boolean;
  /** How often to look whether a 1 January has come that has no completed run. */
  yearlyRunCheckMs: number;
  /** A policy version replaced within this long after going live has the rises it gave withdrawn. */
  withdrawWindowMs: number;
  /** Candidate rule directories a policy owner may preview, one sub-folder each. */
  policyCandidatesDir: string;
  /** Seed the demo members into an empty database (never wanted in production). */
  demoMembers: boolean;
}

export function readMembersSettings(env: Env = process.env): MembersSettings {
  const pollMs = readMilliseconds(env, 'OUTBOX_POLL_MS', 5000, 50);
  const claimMs = readMilliseconds(env, 'OUTBOX_CLAIM_MS', 60_000, 1000, 3_600_000);
  const syncMs = readMilliseconds(env, 'CATALOGUE_SYNC_MS', 60_000, 100, 86_400_000);
  const checkMs = readMilliseconds(env, 'YEARLY_RUN_CHECK_MS', 10_000, 50);
  const windowHours = Number(env.POLICY_WITHDRAW_WINDOW_HOURS ?? 24);
  if (!Number.isFinite(windowHours) || windowHours < 0) throw new ConfigError('POLICY_WITHDRAW_WINDOW_HOURS', 'must be a number of hours ≥ 0');
  if (env.SMTP_URL && !/^smtps?:\/\//.test(env.SMTP_URL)) {
    throw new ConfigError('SMTP_URL', 'must look like smtp://user:password@host:587');
  }
  return {
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'CPS membership <no-reply@cps.example>',
    outboxPollMs: pollMs,
    outboxClaimMs: claimMs,
    catalogueSyncMs: syncMs,
    yearlyRun: readOnOff(env, 'YEARLY_RUN', true),
    yearlyRunCheckMs: checkMs,
    withdrawWindowMs: windowHours * 3_600_000,
    demoMembers: env.DEMO_MEMBERS ? env.DEMO_MEMBERS === 'true' : env.NODE_ENV !== 'production',
    policyCandidatesDir: path.resolve(env.POLICY_CANDIDATES_DIR ?? path.join(repoRoot(), 'data', 'policy-candidates')),
  };
}
