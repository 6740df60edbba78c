import { randomUUID } from 'node:crypto';
import { ACCEPT_LANGUAGE_HEADER, identify, REQUEST_ID_HEADER, requestIdFrom, type Identity, type TokenRules } from '@cps/service-kit';
import type { Request } from 'express';

export interface GatewayContext {
  identity: Identity | null;
  authorization: string | undefined;
  requestId: string;
  /** The address the request came from (for the anonymous rate limit). */
  clientAddress: string;
  /** The client's Accept-Language, passed to every subgraph (it is no secret). */
  acceptLanguage: string | undefined;
  /** The Content-Language of each subgraph answer: the client's Content-Language is made of them. */
  subgraphLanguages: string[];
}

/** A bad token is refused here already (401), before any subgraph is asked. */
export async function gatewayContext(req: Request, tokens: TokenRules): Promise<GatewayContext> {
  return {
    identity: await identify(req.headers.authorization, tokens),
    authorization: req.headers.authorization,
    requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]) ?? randomUUID(),
    clientAddress: req.socket.remoteAddress ?? 'unknown',
    acceptLanguage: typeof req.headers[ACCEPT_LANGUAGE_HEADER] === 'string' ? req.headers[ACCEPT_LANGUAGE_HEADER] : undefined,
    subgraphLanguages: [],
  };
}
