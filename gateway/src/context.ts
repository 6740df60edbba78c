import { randomUUID } from 'node:crypto';
import { identify, REQUEST_ID_HEADER, requestIdFrom, type Identity, type TokenRules } from '@cps/service-kit';
import type { Request } from 'express';

export interface GatewayContext {
  identity: Identity | null;
  authorization: string | undefined;
  requestId: string;
  /** The address the request came from (for the anonymous rate limit). */
  clientAddress: string;
}

/** A bad token is refused here already (401), before any subgraph is asked. */
export async function gatewayContext(req: Request, tokens: TokenRules): Promise<GatewayContext> {
  return {
    identity: await identify(req.headers.authorization, tokens),
    authorization: req.headers.authorization,
    requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]) ?? randomUUID(),
    clientAddress: req.socket.remoteAddress ?? 'unknown',
  };
}
