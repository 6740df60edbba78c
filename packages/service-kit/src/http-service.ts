import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler, type Response } from 'express';
import type { GraphQLSchema } from 'graphql';
import { INSTANCE_ID } from './instance';
import { identify, type TokenRules } from './auth';
import { errorBody, formatErrorFor } from './error-masking';
import { GATEWAY_PROOF_HEADER, ProofVerifier, type ProofCheck } from './gateway-proof';
import type { NonceLedger } from './used-nonces';
import { nameTheInputField } from './input-errors';
import { createLogger, type Logger } from './logger';
import { attachRequestLog, requestLogMiddleware, requestLogPlugin, requestLogState } from './request-log';
import { requestSpans } from './request-spans';
import { traceRootFields } from './resolver-spans';
import type { ServiceTracing } from './tracing';
import { inRequestLanguage, languagePlugin, type TextSource } from './localised-errors';
import { RequestLanguage } from './languages';

export interface Readiness {
  ready: boolean;
  /** Serving, but a dependency is not (the gateway: a subgraph is down). */
  degraded?: boolean;
  [detail: string]: unknown;
}

export interface ServiceSpec<TContext extends BaseContext> {
  name: string;
  schema?: GraphQLSchema;
  /**
   * For the gateway, which brings its own executor instead of a schema. It should use
   * `formatErrorFor(hardening)`; the request log plugin is added here.
   */
  apollo?: ApolloServer<TContext>;
  host: string;
  port: number;
  /** The request's context; `res` takes headers an error made here must carry (a refusal's Content-Language). */
  context: (req: Request, res: Response) => Promise<TContext>;
  readiness: () => Promise<Readiness>;
  introspection?: boolean;
  plugins?: ApolloServerPlugin<TContext>[];
  /** More routes on the same server (the gateway serves its web pages). */
  routes?: (app: Express) => void;
  onClose?: () => Promise<void>;
  /** Production hardening: masked errors, no stack traces, no schema hints. */
  hardening?: boolean;
  /** Subgraphs: answer GraphQL only when the request carries a gateway proof made with this secret. */
  proofSecret?: string;
  /** Where accepted proof nonces are kept beyond this process (the subgraph's database). */
  nonceLedger?: NonceLedger;
  /**
   * Hardened services show their full health report (URLs, policy errors) only to a bearer token
   * with the admin role, checked with this secret; everyone else gets `publicReadiness`.
   */
  tokens?: TokenRules;
  /** The largest request body accepted (413 above it); default 100kb. */
  bodyLimit?: string;
  logger?: Logger;
  /** With tracing on: a server span per request, spans of root resolvers; flushed at close. */
  tracing?: ServiceTracing;
  /** Subgraphs: the policy texts a request's error messages are written from; its answer says its languages in Content-Language. */
  texts?: (context: TContext) => TextSource | null;
  /** With `texts`: the caller's own language for error messages when the request names none. */
  callerLanguage?: (context: TContext) => Promise<string | null>;
}

export interface RunningService {
  name: string;
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Apollo Server reports usage and schemas to Apollo when it finds an APOLLO_KEY, and its
 * development landing page loads Apollo Sandbox from a CDN into the browser: all three are off
 * for every service, whatever the environment says.
 */
function nothingLeavesTheMachine(): ApolloServerPlugin<any>[] {
  return [ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled(), ApolloServerPluginLandingPageDisabled()];
}

/**
 * What anybody may read of a hardened service's health: up or not, degraded or not, the policy
 * version, each subgraph's state and whether its instances agree on the policy; no internal URLs,
 * no policy errors, no messages.
 */
export function publicReadiness(readiness: Readiness): Readiness {
  const { ready, degraded, database, policy, subgraphs, policies } = readiness as Readiness & {
    database?: string;
    policy?: { version?: string };
    subgraphs?: Record<string, { ready: boolean }>;
    policies?: Record<string, { agree: boolean; degraded: boolean }>;
  };
  return {
    ready,
    ...(degraded === undefined ? {} : { degraded }),
    ...(database === undefined ? {} : { database }),
    ...(policy?.version ? { policy: { version: policy.version } } : {}),
    ...(subgraphs ? { subgraphs: Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, { ready: s.ready }])) } : {}),
    // Whether a subgraph's instances serve one policy, without which instances or versions.
    ...(policies ? { policies: Object.fromEntries(Object.entries(policies).map(([name, p]) => [name, { agree: p.agree, degraded: p.degraded }])) } : {}),
  };
}

async function isAdmin(authorization: string | undefined, tokens: TokenRules | undefined): Promise<boolean> {
  if (!tokens || !authorization) return false;
  const identity = await identify(authorization, tokens).catch(() => null);
  return Boolean(identity?.roles.has('admin'));
}

type RawBodyRequest = Request & { rawBody?: string };

/**
 * Requests Node refuses before any handler runs (a header block over its limit, a malformed
 * request line) get a JSON error with a code, as everything else does, instead of a bare status.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) return void socket.destroy();
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const [status, reason] = tooLarge ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
  const body = JSON.stringify(
    tooLarge
      ? errorBody('HEADERS_TOO_LARGE', 'The request headers are too large (a bearer token is a few hundred characters).')
      : errorBody('BAD_REQUEST', 'The HTTP request could not be read.'),
  );
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

function refuse(res: express.Response, req: Request, check: Extract<ProofCheck, { ok: false }>): void {
  const state = requestLogState(req);
  if (state) {
    state.refused = check.reason;
    state.suspicious = true;
  }
  res
    .status(check.status)
    .json(errorBody(check.code, `This service answers only the gateway: ${check.reason}. Send requests to the gateway.`));
}

/** Subgraphs: POST only, and a fresh, well-formed proof header before the body is even read. */
function proofPrecheck(verifier: ProofVerifier): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST') {
      const state = requestLogState(req);
      if (state) {
        state.refused = `method ${req.method}`;
        state.suspicious = true;
      }
      res.status(405).setHeader('allow', 'POST').json(errorBody('BAD_REQUEST', 'This service answers POST requests from the gateway only.'));
      return;
    }
    const check = verifier.precheck(req.headers[GATEWAY_PROOF_HEADER]);
    if (!check.ok) return refuse(res, req, check);
    next();
  };
}

/**
 * Subgraphs: the proof matches the exact body and Authorization header, and is used once: in this
 * process, and (with a ledger) on every instance of the subgraph and across restarts.
 */
function proofVerify(verifier: ProofVerifier, ledger: NonceLedger | undefined): RequestHandler {
  return (req, res, next) => {
    const check = verifier.verify(req.headers[GATEWAY_PROOF_HEADER], (req as RawBodyRequest).rawBody ?? '', req.headers.authorization);
    if (!check.ok) return refuse(res, req, check);
    if (!ledger || !check.nonce) return next();
    ledger.claim(check.nonce, check.expiresAt!).then(
      (fresh) => (fresh ? next() : refuse(res, req, { ok: false, status: 403, code: 'GATEWAY_PROOF_INVALID', reason: 'gateway proof used twice' })),
      () => res.status(503).json(errorBody('SERVICE_UNAVAILABLE', 'This service cannot check the request now (its database is unavailable); nothing was done.')),
    );
  };
}

/** Errors before GraphQL runs (body too large, not JSON) answer as GraphQL errors with a code, never as HTML. */
function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const status = Number(error?.status ?? error?.statusCode);
    const state = requestLogState(req);
    if (res.headersSent) return;
    if (status === 413) {
      if (state) state.refused = 'body too large';
      res.status(413).json(errorBody('PAYLOAD_TOO_LARGE', 'The request body is too large.'));
    } else if (status >= 400 && status < 500) {
      if (state) state.refused = String(error?.type ?? 'bad request');
      const message =
        error?.type === 'entity.parse.failed'
          ? 'The request body is not valid JSON (an object with "query", and optionally "variables" and "operationName").'
          : 'The request could not be read.';
      res.status(status).json(errorBody('BAD_REQUEST', message));
    } else {
      logger.error({ reqId: state?.requestId, err: error }, 'unexpected error before GraphQL');
      res.status(500).json(errorBody('INTERNAL_SERVER_ERROR', 'Something went wrong on our side.'));
    }
  };
}

/**
 * One HTTP service: GraphQL on /graphql, liveness on /health/live and readiness (database and
 * dependencies reachable) on /health/ready. Closing drains requests, then runs onClose.
 */
export async function startHttpService<TContext extends BaseContext>(
  spec: ServiceSpec<TContext>,
): Promise<RunningService> {
  const hardening = spec.hardening ?? false;
  const logger = spec.logger ?? createLogger(spec.name);
  const maskError = formatErrorFor(hardening, spec.name);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  httpServer.on('clientError', answerClientError);
  const apollo =
    spec.apollo ??
    new ApolloServer<TContext>({
      schema: spec.tracing ? traceRootFields(spec.schema!) : spec.schema!,
      introspection: spec.introspection ?? !hardening,
      formatError: (formatted, error) => maskError(nameTheInputField(formatted), error),
      ...(hardening ? { includeStacktraceInErrorResponses: false } : {}),
      hideSchemaDetailsFromClientErrors: hardening,
      // runService owns SIGINT/SIGTERM: Apollo's own handler would call stop() a second time,
      // which never settles (Apollo Server 5.5), so the database would never be closed.
      stopOnTerminationSignals: false,
      // Inline tracing is on by default in subgraphs and costs throughput; nobody reads it here.
      plugins: [
        ApolloServerPluginInlineTraceDisabled(),
        ...(spec.plugins ?? []),
      ],
    });
  for (const plugin of nothingLeavesTheMachine()) apollo.addPlugin(plugin);
  apollo.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer }));
  apollo.addPlugin(requestLogPlugin<TContext>(logger));
  // Every service: an error's text never reaches a client; where there are texts, it becomes the message.
  apollo.addPlugin(languagePlugin<TContext>({ texts: spec.texts ?? (() => null), ...(spec.callerLanguage ? { callerLanguage: spec.callerLanguage } : {}) }));
  await apollo.start();

  app.get('/health/live', (_req, res) => {
    res.json({ service: spec.name, live: true });
  });
  app.get('/health/ready', async (req, res) => {
    const readiness: Readiness = await spec.readiness().catch((error: Error) => ({ ready: false, error: error.message }));
    const full = !hardening || (await isAdmin(req.headers.authorization, spec.tokens));
    res.status(readiness.ready ? 200 : 503).json({ service: spec.name, instance: INSTANCE_ID, ...(full ? readiness : publicReadiness(readiness)) });
  });

  spec.routes?.(app);
  const verifier = spec.proofSecret ? new ProofVerifier(spec.proofSecret) : undefined;
  // Only a subgraph's callers (the gateway, its peers: they sign) may continue their trace in it.
  const spans = spec.tracing ? requestSpans(spec.tracing, { continueTrace: Boolean(verifier) }) : undefined;
  app.use(
    '/graphql',
    requestLogMiddleware(logger),
    ...(spans ? [spans.start] : []),
    ...(verifier ? [proofPrecheck(verifier)] : []),
    express.json({
      limit: spec.bodyLimit ?? '100kb',
      // The gateway proof is over the exact bytes sent.
      verify: verifier ? (req, _res, buf) => void ((req as RawBodyRequest).rawBody = buf.toString('utf8')) : undefined,
    }),
    ...(spans ? [spans.enter] : []),
    ...(verifier ? [proofVerify(verifier, spec.nonceLedger)] : []),
    expressMiddleware(apollo, {
      // No plugin sees an error made here (a refused token): a text it still carries is not sent (the gateway words its own).
      context: async ({ req, res }) => attachRequestLog(req, await spec.context(req, res).catch((error: unknown) => Promise.reject(inRequestLanguage(error, null, RequestLanguage.of(req.headers))))),
    }),
  );
  app.use((_req, res) => {
    res.status(404).json(errorBody('NOT_FOUND', 'Nothing here: GraphQL is on /graphql.'));
  });
  app.use(jsonErrors(logger));

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
        await spec.tracing?.shutdown();
      })()),
  };
}
