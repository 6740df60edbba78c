import { context, propagation, SpanKind, SpanStatusCode, type Context } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import type { Request, RequestHandler } from 'express';
import { REQUEST_ID_HEADER } from './context';
import { requestLogState } from './request-log';
import { REQUEST_ID_ATTRIBUTE, requestTraceContext, type ServiceTracing } from './tracing';

const TRACE_CONTEXT = Symbol.for('cps.traceContext');
type WithTraceContext = Request & { [TRACE_CONTEXT]?: Context };

export interface RequestSpanOptions {
  /**
   * Continue the caller's trace (`traceparent`): subgraphs, whose callers are the gateway and
   * their peers. The gateway starts a trace of its own for each client request.
   */
  continueTrace: boolean;
}

/**
 * A server span per GraphQL request, from the first byte to the last, with the request id of its
 * log line and, when it ends, the operation and error codes that line has. Two handlers: `start`
 * right after the request log (it needs the request id) and `enter` right before what runs the
 * request, since the body parser's stream callbacks lose the async context set before them.
 */
export function requestSpans(tracing: ServiceTracing, { continueTrace }: RequestSpanOptions): { start: RequestHandler; enter: RequestHandler } {
  const start: RequestHandler = (req, res, next) => {
    const parent = continueTrace ? propagation.extract(tracing.context, req.headers) : tracing.context;
    const requestId = req.headers[REQUEST_ID_HEADER] as string;
    const span = tracing.tracer.startSpan(
      `${req.method} /graphql`,
      { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: req.method, [ATTR_HTTP_ROUTE]: '/graphql', [REQUEST_ID_ATTRIBUTE]: requestId } },
      parent,
    );
    (req as WithTraceContext)[TRACE_CONTEXT] = requestTraceContext(parent, span, requestId);
    res.once('close', () => {
      const state = requestLogState(req);
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
      if (state?.operationName) span.setAttribute('graphql.operation.name', state.operationName);
      if (state?.codes.length) span.setAttribute('cps.error_codes', [...new Set(state.codes)]);
      if (state?.refused) span.setAttribute('cps.refused', state.refused);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with((req as WithTraceContext)[TRACE_CONTEXT]!, next);
  };
  const enter: RequestHandler = (req, _res, next) => {
    const ctx = (req as WithTraceContext)[TRACE_CONTEXT];
    if (ctx) context.with(ctx, next);
    else next();
  };
  return { start, enter };
}
