import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ACCEPT_LANGUAGE_HEADER, CONTENT_LANGUAGE_HEADER, GATEWAY_PROOF_HEADER, injectTraceContext, REQUEST_ID_HEADER, scrubText, serviceUnavailable, signProof, type Logger } from '@cps/service-kit';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context';
import { shareInFlight } from './in-flight';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetchInit = Parameters<Fetcher>[1] & { headers?: Record<string, string>; body?: string };
type FetchResponse = Awaited<ReturnType<Fetcher>>;

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  /** How to fetch (default: Apollo's); the proof header is added on top. */
  fetcher?: Fetcher;
  /** This subgraph's gateway-proof secret. */
  proofSecret: string;
  /** Whether this subgraph's fields depend on who asks: only then does it get the caller's token. */
  readsIdentity: boolean;
  /** The deadline of each call: a subgraph that accepts the connection and never answers costs no more. */
  timeoutMs: number;
  logger: Logger;
}

/**
 * Every subgraph fetch carries the request id, the trace context and the gateway's proof (an HMAC with this
 * subgraph's secret over the exact body and token), and the caller's bearer token only where the
 * subgraph's answers depend on who asks (members). A subgraph that cannot be
 * reached becomes a SERVICE_UNAVAILABLE error naming it, so the rest of the answer still comes.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly serviceName: string;
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private readonly readsIdentity: boolean;

  constructor(options: SubgraphDataSourceOptions) {
    super({ url: options.url, ...(options.fetcher ? { fetcher: options.fetcher } : {}) });
    this.serviceName = options.name;
    this.logger = options.logger;
    this.timeoutMs = options.timeoutMs;
    this.readsIdentity = options.readsIdentity;
    const send = this.fetcher;
    // Outermost: identical in-flight queries are signed and sent once (see in-flight.ts).
    this.fetcher = shareInFlight(((url: string, init: FetchInit) => {
      const body = typeof init.body === 'string' ? init.body : '';
      // traceparent of @apollo/gateway's fetch span (active here), so the subgraph continues the trace.
      const headers = injectTraceContext({ ...init.headers, [GATEWAY_PROOF_HEADER]: signProof(options.proofSecret, body, init.headers?.authorization) });
      return send(url, { ...init, headers, signal: AbortSignal.timeout(options.timeoutMs) } as FetchInit);
    }) as Fetcher);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!('requestId' in context)) return; // health checks and schema loads carry no client context
    if (context.authorization && this.readsIdentity) request.http?.headers.set('authorization', context.authorization);
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    // Every subgraph writes its texts in the client's language: Accept-Language is no secret.
    if (context.language.acceptLanguage) request.http?.headers.set(ACCEPT_LANGUAGE_HEADER, context.language.acceptLanguage);
  }

  /** Which languages this subgraph's answer used: the gateway's Content-Language is made of them. */
  override didReceiveResponse({ response, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0]) {
    const used = response.http?.headers.get(CONTENT_LANGUAGE_HEADER);
    if (used && 'subgraphLanguages' in context) context.subgraphLanguages.push(used);
    return response;
  }

  /** A subgraph answered with an HTTP error and no GraphQL errors: log it, tell the client little. */
  override async errorFromResponse(response: FetchResponse): Promise<GraphQLError> {
    const body = await response.text().catch(() => '');
    const unavailable = response.status >= 500;
    this.logger.error(
      { service: this.serviceName, status: response.status, body: scrubText(body.slice(0, 500)) },
      `${this.serviceName} refused a request`,
    );
    if (unavailable) return serviceUnavailable(this.serviceName, `The ${this.serviceName} service is unavailable; the fields it provides are missing from this answer.`);
    return new GraphQLError(`The ${this.serviceName} service refused the request (HTTP ${response.status}).`, {
      extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: this.serviceName },
    });
  }

  /** Could not reach the subgraph at all (refused, reset), or it did not answer before the deadline. */
  override didEncounterError(error: Error): void {
    if (error instanceof GraphQLError) throw error;
    const why = error.name === 'AbortError' || error.name === 'TimeoutError' ? `did not answer within ${this.timeoutMs} ms` : 'is unavailable';
    throw serviceUnavailable(this.serviceName, `The ${this.serviceName} service ${why}; the fields it provides are missing from this answer.`);
  }
}
