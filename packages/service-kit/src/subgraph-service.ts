import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { ConfigError, gatewaySecretVariable, type ServiceConfig, type SubgraphName } from './config';
import { requestContext, type RequestContext } from './context';
import { databaseReachable, openDatabase } from './data-source';
import { startHttpService, type RunningService } from './http-service';
import { createLogger } from './logger';
import { traceQueries } from './query-spans';
import { startTraced, type ServiceTracing } from './tracing';
import { DatabaseNonceLedger } from './used-nonces';
import type { TextSource } from './localised-errors';

export interface SubgraphSpec<TContext extends RequestContext> {
  config: ServiceConfig;
  dataSource: DataSource;
  /** Runs once the schema is migrated: seed an empty database, open the policy. */
  prepare?: (dataSource: DataSource) => Promise<void>;
  schema: () => Promise<GraphQLSchema>;
  /** Adds per-request helpers (e.g. DataLoaders) to the verified request context. */
  context: (base: RequestContext) => TContext;
  /** More readiness facts, e.g. the policy version; `ready: false` makes the service unready. */
  readiness?: () => Record<string, unknown> & { ready?: boolean };
  onClose?: () => Promise<void>;
  /** The policy texts of a request (error messages in its language; Content-Language). */
  texts?: (context: TContext) => TextSource | null;
  /** The caller's own language for error messages when the request names none (members: the signed-in member's). */
  callerLanguage?: (context: TContext) => Promise<string | null>;
}

function ownGatewaySecret(config: ServiceConfig): string {
  const secret = config.gatewaySecrets?.[config.name as SubgraphName];
  if (!secret) throw new ConfigError(gatewaySecretVariable(config.name as SubgraphName), 'is missing from the service config');
  return secret;
}

/**
 * Opens and migrates the subgraph's own database, seeds it, and serves its schema over HTTP.
 * With tracing on, all of it runs as this service's work, so the jobs `prepare` starts trace as
 * this service too.
 */
export async function startSubgraph<TContext extends RequestContext>(
  spec: SubgraphSpec<TContext>,
): Promise<RunningService> {
  const proofSecret = ownGatewaySecret(spec.config);
  return startTraced(spec.config.name, spec.config.tracing, (tracing) => {
    if (tracing) traceQueries(spec.dataSource);
    return serveSubgraph(spec, proofSecret, tracing);
  });
}

async function serveSubgraph<TContext extends RequestContext>(
  spec: SubgraphSpec<TContext>,
  proofSecret: string,
  tracing: ServiceTracing | undefined,
): Promise<RunningService> {
  const { config, dataSource } = spec;
  await openDatabase(dataSource, config.database);
  try {
    await spec.prepare?.(dataSource);
    const schema = await spec.schema();
    return await startHttpService<TContext>({
      name: config.name,
      schema,
      host: config.host,
      port: config.port,
      introspection: !config.hardening,
      hardening: config.hardening,
      tokens: config.tokens,
      // Only the gateway (and peer subgraphs, with this subgraph's secret) may call a subgraph.
      proofSecret,
      nonceLedger: new DatabaseNonceLedger(dataSource),
      // Entity fetches for a long page can be larger than a client's request.
      bodyLimit: '1mb',
      logger: createLogger(config.name, config.logLevel),
      tracing,
      context: async (req) => spec.context(await requestContext(req, config.tokens)),
      ...(spec.texts ? { texts: spec.texts } : {}),
      ...(spec.callerLanguage ? { callerLanguage: spec.callerLanguage } : {}),
      readiness: async () => {
        const database = (await databaseReachable(dataSource)) ? 'up' : 'down';
        const extra = spec.readiness?.() ?? {};
        return { ...extra, database, ready: database === 'up' && extra.ready !== false };
      },
      onClose: async () => {
        await spec.onClose?.();
        await dataSource.destroy();
      },
    });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
