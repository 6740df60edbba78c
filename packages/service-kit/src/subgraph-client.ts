import { SpanKind } from '@opentelemetry/api';
import { GraphQLError } from 'graphql';
import { ConfigError, gatewaySecretVariable, readPeerTimeout, readSubgraphUrl, type Env, type ServiceConfig, type SubgraphName } from './config';
import { REQUEST_ID_HEADER } from './context';
import { serviceUnavailable } from './errors';
import { proofHeaders } from './gateway-proof';
import { injectTraceContext, withSpan } from './tracing';

export interface SubgraphClientOptions {
  /** Extra headers for every call, e.g. the proof that the caller is a trusted service. */
  headers?: (body: string) => Record<string, string>;
  timeoutMs?: number;
}

/**
 * A small GraphQL client for one subgraph asking another (members asks the catalogue about a
 * product): no subgraph reads another's tables. Failures become errors with a code.
 */
export class SubgraphClient {
  constructor(
    readonly name: string,
    readonly url: string,
    private readonly options: SubgraphClientOptions = {},
  ) {}

  query<T>(query: string, variables: Record<string, unknown>, requestId?: string): Promise<T> {
    // A client span, so the peer's server span (it continues the trace) hangs under this call.
    return withSpan(`POST ${this.name}`, { 'peer.service': this.name }, () => this.send<T>(query, variables, requestId), { kind: SpanKind.CLIENT });
  }

  private async send<T>(query: string, variables: Record<string, unknown>, requestId?: string): Promise<T> {
    const body = JSON.stringify({ query, variables });
    const headers = injectTraceContext({ 'content-type': 'application/json', ...this.options.headers?.(body) });
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw this.unavailable(timedOut ? `no answer within ${this.options.timeoutMs ?? 5000} ms` : (error as Error).message);
    }
    const result = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string }[] };
    if (!response.ok || result.errors?.length || !result.data) {
      throw this.unavailable(result.errors?.map((e) => e.message).join('; ') || `HTTP ${response.status}`);
    }
    return result.data;
  }

  private unavailable(reason: string): GraphQLError {
    return serviceUnavailable(this.name, `The ${this.name} service could not answer; nothing was stored. Try again shortly.`, { reason });
  }
}

/**
 * The client one subgraph uses to ask a peer (members asks the catalogue and regions): at the
 * peer's address (`CATALOGUE_URL`, or `CATALOGUE_PORT` on this machine), signed with the peer's
 * gateway-proof secret, with the deadline for peers (`PEER_TIMEOUT_MS`).
 */
export function peerClient(config: ServiceConfig, env: Env, peer: SubgraphName): SubgraphClient {
  const secret = config.gatewaySecrets[peer];
  if (!secret) throw new ConfigError(gatewaySecretVariable(peer), `is needed: ${config.name} asks ${peer}`);
  return new SubgraphClient(peer, readSubgraphUrl(env, peer), { headers: proofHeaders(secret), timeoutMs: readPeerTimeout(env) });
}
