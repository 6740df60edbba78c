import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { identify, type Identity } from './auth';

/** What every subgraph resolver may know about the request. */
export interface RequestContext {
  identity: Identity | null;
  requestId: string;
}

export const REQUEST_ID_HEADER = 'x-request-id';

export async function requestContext(req: Request, authSecret: string): Promise<RequestContext> {
  const header = req.headers[REQUEST_ID_HEADER];
  return {
    identity: await identify(req.headers.authorization, authSecret),
    requestId: typeof header === 'string' && header.length <= 100 ? header : randomUUID(),
  };
}
