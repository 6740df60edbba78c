import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { identify, type Identity, type TokenRules } from './auth';
import { RequestLanguage } from './languages';

/** What every subgraph resolver may know about the request. */
export interface RequestContext {
  identity: Identity | null;
  requestId: string;
  /** What the request's Accept-Language asks for, and which languages the answer used. */
  language: RequestLanguage;
}

/**
 * One id per client request, made (or taken from the client) by the gateway and passed to every
 * subgraph, so one request can be followed through all services' logs.
 */
export const REQUEST_ID_HEADER = 'x-request-id';

const REQUEST_ID = /^[\w-]{1,100}$/;

/** A request id the caller gave, if it is a sane one (letters, digits, `_`, `-`; at most 100). */
export function requestIdFrom(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : undefined;
}

export async function requestContext(req: Request, tokens: TokenRules): Promise<RequestContext> {
  return {
    identity: await identify(req.headers.authorization, tokens),
    requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]) ?? randomUUID(),
    language: RequestLanguage.of(req.headers),
  };
}
