import { GraphQLError } from 'graphql';
import { REQUEST_ID_HEADER } from './context';

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

  async query<T>(query: string, variables: Record<string, unknown>, requestId?: string): Promise<T> {
    const body = JSON.stringify({ query, variables });
    const headers: Record<string, string> = { 'content-type': 'application/json', ...this.options.headers?.(body) };
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
      throw this.unavailable((error as Error).message);
    }
    const result = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string }[] };
    if (!response.ok || result.errors?.length || !result.data) {
      throw this.unavailable(result.errors?.map((e) => e.message).join('; ') || `HTTP ${response.status}`);
    }
    return result.data;
  }

  private unavailable(reason: string): GraphQLError {
    return new GraphQLError(`The ${this.name} service could not answer; nothing was stored. Try again shortly.`, {
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: this.name, reason },
    });
  }
}
