import { randomUUID } from 'node:crypto';
import { identify, REQUEST_ID_HEADER, requestIdFrom, type Identity } from '@cps/service-kit';
import type { Request } from 'express';

export interface GatewayContext {
  identity: Identity | null;
  authorization: string | undefined;
  requestId: string;
}

/** A bad token is refused here already (401), before any subgraph is asked. */
export async function gatewayContext(req: Request, authSecret: string): Promise<GatewayContext> {
  return {
    identity: await identify(req.headers.authorization, authSecret),
    authorization: req.headers.authorization,
    requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]) ?? randomUUID(),
  };
}
