import fs from 'node:fs';
import { ApolloServer } from '@apollo/server';
import {
  createLogger,
  formatErrorFor,
  startTraced,
  type ServiceTracing,
  nameTheInputField,
  nameTheUnavailableService,
  openPolicy,
  variableArgumentsPlugin,
  startHttpService,
  type RunningService,
  SUBGRAPHS_READING_IDENTITY,
  type SubgraphName,
  type Logger,
} from '@cps/service-kit';
import { AnonymousRateLimiter, anonymousRateLimit } from './anonymous-rate-limit';
import { readGatewayConfig, type GatewayConfig } from './config';
import { gatewayContext, type GatewayContext } from './context';
import { gatewayHardening, LIMITS } from './hardening';
import { subgraphFetcher } from './subgraph-fetcher';
import { SubgraphDataSource } from './subgraph-data-source';
import { contentLanguagePlugin } from './content-language';
import { watchSubgraphs } from './subgraph-health';
import { gatewayWithoutTelemetry } from './no-telemetry';
import { mountWeb } from './web';
import { PublicResponseCache, publicResponseCache } from './public-response-cache';
import { routingUrls } from './supergraph-urls';
import { sharedOperations } from './shared-operations';
import { withLimitText } from './library-error-texts';

export { readGatewayConfig, type GatewayConfig, LIMITS };

/** The subgraphs' URLs: the supergraph's routing URLs unless the settings override them. */
export function subgraphUrls(supergraphSdl: string, overrides: GatewayConfig['subgraphUrls']): Record<string, string> {
  const urls = routingUrls(supergraphSdl);
  for (const name of Object.keys(urls)) urls[name] = overrides[name as SubgraphName] ?? urls[name];
  return urls;
}

/**
 * Serves the composed supergraph (schema/supergraph.graphql) over the three subgraphs. With
 * tracing on, @apollo/gateway's own spans (request, plan, fetch) go to the gateway's collector.
 */
export async function createGatewayServer(config: GatewayConfig = readGatewayConfig()): Promise<RunningService> {
  return startTraced('gateway', config.tracing, (tracing) => serveGateway(config, tracing));
}

async function serveGateway(config: GatewayConfig, tracing: ServiceTracing | undefined): Promise<RunningService> {
  const logger = createLogger('gateway', config.logLevel);
  // The policy's texts word the gateway's own errors (it reads nothing else of it).
  const policy = await openPolicy(config, logger);
  try {
    return await serveWith(config, tracing, logger, policy);
  } catch (error) {
    policy.close();
    throw error;
  }
}

/** The policy store as service-kit opens it (the gateway depends on the policy package only through service-kit). */
type Policies = Awaited<ReturnType<typeof openPolicy>>;

async function serveWith(config: GatewayConfig, tracing: ServiceTracing | undefined, logger: Logger, policy: Policies): Promise<RunningService> {
  const supergraphSdl = fs.readFileSync(config.supergraphFile, 'utf8');
  const urls = subgraphUrls(supergraphSdl, config.subgraphUrls);
  const subgraphs = watchSubgraphs(urls, config.policyAgreement);
  const fetcher = subgraphFetcher();
  const gateway = gatewayWithoutTelemetry({
    supergraphSdl,
    logger,
    // Query plans name the subgraphs and their operations: development only (the benchmark asks).
    __exposeQueryPlanExperimental: !config.hardening,
    buildService: ({ name }) => {
      const proofSecret = config.gatewaySecrets[name as SubgraphName];
      if (!proofSecret) throw new Error(`The supergraph names a subgraph "${name}" the gateway has no proof secret for`);
      const timeoutMs = config.subgraphTimeoutsMs[name as SubgraphName];
      const readsIdentity = SUBGRAPHS_READING_IDENTITY.has(name as SubgraphName);
      return new SubgraphDataSource({ name, url: urls[name], proofSecret, timeoutMs, logger, fetcher, readsIdentity });
    },
  });
  const { plugins, ...hardening } = gatewayHardening(config.hardening);
  const maskError = formatErrorFor(config.hardening);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !config.hardening,
    stopOnTerminationSignals: false, // runService stops it once (see service-kit's http-service)
    ...hardening,
    formatError: (formatted, error) => maskError(withLimitText(nameTheUnavailableService(nameTheInputField(formatted))), error),
    plugins: [
      ...(plugins ?? []),
      variableArgumentsPlugin,
      contentLanguagePlugin,
      anonymousRateLimit(new AnonymousRateLimiter(config.anonymousMutationsPerMinute)),
      // After contentLanguagePlugin: a stored answer keeps the Content-Language it was sent with.
      publicResponseCache(new PublicResponseCache(config.publicCacheEntries), () => policy.current.languages()),
      // After the cache: a cached answer is cheaper still than waiting for one in flight.
      // A request waits for an identical one in flight at most as long as two calls to the slowest subgraph.
      ...(config.sharedOperations ? [sharedOperations({ maxWaitMs: 2 * Math.max(...Object.values(config.subgraphTimeoutsMs)) })] : []),
    ],
  });
  return startHttpService<GatewayContext>({
    name: 'gateway',
    apollo,
    host: config.host,
    port: config.port,
    hardening: config.hardening,
    tokens: config.tokens,
    logger,
    tracing,
    context: (req, res) => gatewayContext(req, res, config.tokens, () => policy.current),
    // Its own errors in the request's language: Accept-Language among the policy's languages, else English.
    texts: () => policy.current,
    readiness: subgraphs.readiness,
    onClose: async () => {
      subgraphs.stop();
      policy.close();
    },
    routes: mountWeb,
  });
}
