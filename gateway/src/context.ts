import { randomUUID } from 'node:crypto';
import {
  CONTENT_LANGUAGE_HEADER,
  identify,
  inRequestLanguage,
  REQUEST_ID_HEADER,
  RequestLanguage,
  requestIdFrom,
  type Identity,
  type TextSource,
  type TokenRules,
} from '@cps/service-kit';
import type { Request, Response } from 'express';

export interface GatewayContext {
  identity: Identity | null;
  authorization: string | undefined;
  requestId: string;
  /** The address the request came from (for the anonymous rate limit). */
  clientAddress: string;
  /**
   * The client's Accept-Language (`language.acceptLanguage`, passed to every subgraph: it is no
   * secret), negotiated for the gateway's own error messages (no member is looked up: Accept-Language, else English).
   */
  language: RequestLanguage;
  /** The Content-Language of each subgraph answer: the client's Content-Language is made of them. */
  subgraphLanguages: string[];
}

/**
 * A bad token is refused here already (401, in the request's language, which Content-Language
 * names: no plugin sees this answer), before any subgraph is asked.
 */
export async function gatewayContext(req: Request, res: Response, tokens: TokenRules, texts: () => TextSource): Promise<GatewayContext> {
  const language = RequestLanguage.of(req.headers);
  const refuse = (error: unknown) => {
    const refusal = inRequestLanguage(error, texts(), language);
    const used = language.languagesUsed();
    if (used.length) res.setHeader(CONTENT_LANGUAGE_HEADER, used.join(', '));
    return Promise.reject(refusal);
  };
  return {
    identity: await identify(req.headers.authorization, tokens).catch(refuse),
    authorization: req.headers.authorization,
    requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]) ?? randomUUID(),
    clientAddress: req.socket.remoteAddress ?? 'unknown',
    language,
    subgraphLanguages: [],
  };
}
