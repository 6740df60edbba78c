import path from 'node:path';
import { readAnonymousRateLimit } from './anonymous-rate-limit';
import { readPolicyAgreementSettings, type PolicyAgreementSettings } from './policy-agreement';
import {
  readTokenRules,
  type TokenRules,
  readGatewaySecrets,
  readHardening,
  readLogLevel,
  readPort,
  readSubgraphTimeout,
  readSubgraphUrl,
  readTracingSettings,
  readWholeNumber,
  readOnOff,
  readClock,
  readProgrammeTimeZone,
  type Clock,
  type TracingSettings,
  repoRoot,
  SERVICE_PORTS,
  SUBGRAPH_NAMES,
  type Env,
  type SubgraphName,
} from '@cps/service-kit';

export interface GatewayConfig {
  host: string;
  port: number;
  supergraphFile: string;
  /** Where each subgraph is; overrides the routing URLs written into the supergraph. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  tokens: TokenRules;
  /** The deadline of each call to each subgraph. */
  subgraphTimeoutsMs: Record<SubgraphName, number>;
  /** One proof secret per subgraph (`MEMBERS_GATEWAY_SECRET`, …): each request to it is signed. */
  gatewaySecrets: Record<SubgraphName, string>;
  production: boolean;
  /** Introspection off, masked errors, no schema hints, depth/alias/cost limits (see hardening.ts). */
  hardening: boolean;
  logLevel: string;
  /** RATE_LIMIT_ANONYMOUS_PER_MINUTE: mutations per client address and minute without a token (0 = no limit). */
  anonymousMutationsPerMinute: number;
  /** Where spans go (OTEL_EXPORTER_OTLP_ENDPOINT); undefined: tracing is off. */
  tracing?: TracingSettings;
  /** When instances of one subgraph serving different policies shows in the health report. */
  policyAgreement: PolicyAgreementSettings;
  /** PUBLIC_CACHE_ENTRIES: anonymous public answers the gateway keeps (0 = no response cache). */
  publicCacheEntries: number;
  /** SHARED_OPERATIONS: identical queries in flight run once (see shared-operations.ts). */
  sharedOperations: boolean;
  /** RULES_DIR: the policy, whose texts word the gateway's own errors (a refused token, a document over a limit). */
  rulesDir: string | undefined;
  /** CPS_CLOCK and the programme's time zone: a scheduled policy's texts serve from its midnight, as in the subgraphs. */
  clock: Clock;
  timeZone: string;
}

export function readGatewayConfig(env: Env = process.env): GatewayConfig {
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const upper = name.toUpperCase();
    // MEMBERS_URL, or MEMBERS_PORT alone (on this machine): otherwise the supergraph's routing URL.
    if (env[`${upper}_URL`] || env[`${upper}_PORT`]) subgraphUrls[name] = readSubgraphUrl(env, name);
  }
  return {
    host: env.GATEWAY_HOST ?? '127.0.0.1',
    port: readPort(env, 'GATEWAY_PORT', SERVICE_PORTS.gateway),
    supergraphFile: env.SUPERGRAPH_FILE
      ? path.resolve(env.SUPERGRAPH_FILE)
      : path.join(repoRoot(), 'schema', 'supergraph.graphql'),
    subgraphUrls,
    subgraphTimeoutsMs: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, readSubgraphTimeout(env, name)])) as Record<SubgraphName, number>,
    tokens: readTokenRules(env),
    gatewaySecrets: readGatewaySecrets(env),
    production: env.NODE_ENV === 'production',
    hardening: readHardening(env),
    logLevel: readLogLevel(env),
    anonymousMutationsPerMinute: readAnonymousRateLimit(env),
    tracing: readTracingSettings(env),
    policyAgreement: readPolicyAgreementSettings(env),
    publicCacheEntries: readWholeNumber(env, 'PUBLIC_CACHE_ENTRIES', 1000, { min: 0, max: 1_000_000, must: 'be a whole number of entries from 0 (no cache) to 1000000' }),
    sharedOperations: readOnOff(env, 'SHARED_OPERATIONS', true),
    rulesDir: env.RULES_DIR ? path.resolve(env.RULES_DIR) : undefined,
    clock: readClock(env),
    timeZone: readProgrammeTimeZone(env),
  };
}
