import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express, type Request } from 'express';
import type { GraphQLSchema } from 'graphql';
import { nameTheInputField } from './input-errors';

export interface Readiness {
  ready: boolean;
  [detail: string]: unknown;
}

export interface ServiceSpec<TContext extends BaseContext> {
  name: string;
  schema?: GraphQLSchema;
  /** For the gateway, which brings its own executor instead of a schema. */
  apollo?: ApolloServer<TContext>;
  host: string;
  port: number;
  context: (req: Request) => Promise<TContext>;
  readiness: () => Promise<Readiness>;
  introspection?: boolean;
  plugins?: ApolloServerPlugin<TContext>[];
  /** More routes on the same server (the gateway serves its web pages). */
  routes?: (app: Express) => void;
  onClose?: () => Promise<void>;
}

export interface RunningService {
  name: string;
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * One HTTP service: GraphQL on /graphql, liveness on /health/live and readiness (database and
 * dependencies reachable) on /health/ready. Closing drains requests, then runs onClose.
 */
export async function startHttpService<TContext extends BaseContext>(
  spec: ServiceSpec<TContext>,
): Promise<RunningService> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const apollo =
    spec.apollo ??
    new ApolloServer<TContext>({
      schema: spec.schema!,
      introspection: spec.introspection ?? true,
      formatError: (formatted) => nameTheInputField(formatted),
      // Inline tracing is on by default in subgraphs and costs throughput; nobody reads it here.
      plugins: [ApolloServerPluginInlineTraceDisabled(), ...(spec.plugins ?? [])],
    });
  apollo.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer }));
  await apollo.start();

  app.get('/health/live', (_req, res) => {
    res.json({ service: spec.name, live: true });
  });
  app.get('/health/ready', async (_req, res) => {
    const readiness = await spec.readiness().catch((error: Error) => ({ ready: false, error: error.message }));
    res.status(readiness.ready ? 200 : 503).json({ service: spec.name, ...readiness });
  });
  spec.routes?.(app);
  app.use(
    '/graphql',
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, { context: ({ req }) => spec.context(req) }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(spec.port, spec.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = spec.host.includes(':') ? `[${spec.host}]` : spec.host;
  let closing: Promise<void> | undefined;
  return {
    name: spec.name,
    port,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/graphql`,
    close: () =>
      (closing ??= (async () => {
        await apollo.stop();
        await spec.onClose?.();
      })()),
  };
}
