import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Request, RequestHandler } from 'express';
import { REQUEST_ID_HEADER, requestIdFrom } from './context';
import { isClientErrorCode } from './error-masking';
import { scrubText, type Logger } from './logger';

/** What one request's log line says; filled in as the request goes through Apollo. */
export interface RequestLogState {
  requestId: string;
  operationName?: string;
  codes: string[];
  /** Why the request was refused before GraphQL ran (no gateway proof, bad JSON, …). */
  refused?: string;
  /** Refused for a reason a well-behaved client never gives (no gateway proof): logged as a warning. */
  suspicious?: boolean;
  /** Answered with the answer of this request, identical and in flight at once (its subgraph calls carry that id). */
  sharedFrom?: string;
}

const STATE = Symbol.for('cps.requestLog');
type WithState = { [STATE]?: RequestLogState };

export const requestLogState = (holder: unknown): RequestLogState | undefined =>
  holder && typeof holder === 'object' ? (holder as WithState)[STATE] : undefined;

/** Links the Apollo context of a request to its log line (a symbol key survives `{ ...base }`). */
export function attachRequestLog<T extends object>(req: Request, context: T): T {
  const state = requestLogState(req);
  if (state) Object.defineProperty(context, STATE, { value: state, enumerable: true, configurable: true });
  return context;
}

const OPERATION_NAME = /^\w{1,100}$/;

/**
 * One JSON line per request when it ends: request id (taken from the gateway or the client, or
 * made here, and echoed in the `x-request-id` response header), operation, status, duration and
 * the error codes. Never the variables, never the headers.
 */
export function requestLogMiddleware(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]) ?? randomUUID();
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const state: RequestLogState = { requestId, codes: [] };
    (req as WithState)[STATE] = state;
    const started = performance.now();
    res.once('close', () => {
      const given = (req.body as { operationName?: unknown } | undefined)?.operationName;
      const op = state.operationName ?? (typeof given === 'string' && OPERATION_NAME.test(given) ? given : undefined);
      const line = {
        reqId: requestId,
        method: req.method,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(op ? { op } : {}),
        ...(state.codes.length ? { codes: [...new Set(state.codes)] } : {}),
        ...(state.refused ? { refused: state.refused } : {}),
        ...(state.sharedFrom ? { sharedFrom: state.sharedFrom } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (res.statusCode >= 500) logger.error(line, 'request');
      else if (state.suspicious) logger.warn(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}

/**
 * Fills the request's log line from Apollo (operation name, error codes) and logs every error that
 * is not a client error in full, with the request id: clients see only a masked message.
 */
export function requestLogPlugin<TContext extends BaseContext>(logger: Logger): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const state = requestLogState(contextValue);
      return {
        async didResolveOperation({ operationName }) {
          if (state && operationName) state.operationName = operationName;
        },
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            state?.codes.push(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
            if (isClientErrorCode(code)) continue;
            const where = { reqId: state?.requestId, op: operationName ?? undefined, path: error.path };
            const service = error.extensions?.serviceName;
            if (service) {
              // The subgraph logged it in full under the same request id.
              logger.warn({ ...where, service, code, message: scrubText(error.message) }, 'error from a subgraph');
            } else {
              logger.error({ ...where, err: error }, 'unexpected error');
            }
          }
        },
      };
    },
  };
}
