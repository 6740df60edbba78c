import { randomUUID } from 'node:crypto';
import {
  context,
  createContextKey,
  propagation,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerOptions,
  type TracerProvider,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type Span as SdkSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_INSTANCE_ID, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { ConfigError, type Env } from './config-error';
import { scrubText } from './logger';

/** Where spans go: an OTLP/HTTP (JSON) collector the operator names. No setting, no tracing. */
export interface TracingSettings {
  /** The full traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. */
  tracesUrl: string;
}

/** The attribute that carries the request id of the logs (`reqId`) on every span of a request. */
export const REQUEST_ID_ATTRIBUTE = 'cps.request_id';

export type { Span } from '@opentelemetry/api';

function collectorUrl(variable: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(variable, `must be an http:// or https:// URL of an OTLP collector, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(variable, `must be an http:// or https:// URL of an OTLP collector, got "${raw}"`);
  }
  return url;
}

/**
 * The standard OpenTelemetry variables: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (the traces URL as
 * is) or `OTEL_EXPORTER_OTLP_ENDPOINT` (a base URL; traces go to `…/v1/traces`). Neither set, or
 * `OTEL_SDK_DISABLED=true`: tracing is off and nothing is registered.
 */
export function readTracingSettings(env: Env): TracingSettings | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return { tracesUrl: collectorUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', traces).href };
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!base) return undefined;
  const url = collectorUrl('OTEL_EXPORTER_OTLP_ENDPOINT', base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return { tracesUrl: url.href };
}

// Which service's work is running, and for which request: set on the context, so several
// services in one process (the test stack) each trace as themselves.
const SERVICE = createContextKey('cps.tracing.service');
const REQUEST_ID = createContextKey('cps.tracing.requestId');

/** Puts the request id on every span started under a request, whoever starts it (@apollo/gateway too). */
class RequestIdOnSpans implements SpanProcessor {
  onStart(span: SdkSpan, parentContext: Context): void {
    const requestId = parentContext.getValue(REQUEST_ID);
    if (typeof requestId === 'string') span.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
  }
  onEnd(): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** One service's tracing: its own tracer provider (its `service.name`), exporting in batches. */
export class ServiceTracing {
  readonly provider: BasicTracerProvider;
  readonly tracer: Tracer;
  /** The context this service's work runs in (no span yet). */
  readonly context: Context;

  constructor(readonly service: string, settings: TracingSettings) {
    this.provider = new BasicTracerProvider({
      resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: service, [ATTR_SERVICE_INSTANCE_ID]: randomUUID() })),
      spanProcessors: [new RequestIdOnSpans(), new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.tracesUrl }))],
    });
    this.tracer = this.provider.getTracer(`cps/${service}`);
    this.context = ROOT_CONTEXT.setValue(SERVICE, this);
  }

  /** Runs `work` as this service's: what it starts (requests, timers, jobs) traces as this service. */
  run<T>(work: () => T): T {
    return context.with(this.context, work);
  }

  /** Sends what is still buffered and stops (on service close). */
  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}

const NO_TRACER = new ProxyTracerProvider().getTracer('none');

const serviceIn = (ctx: Context): ServiceTracing | undefined => ctx.getValue(SERVICE) as ServiceTracing | undefined;

/**
 * The process-wide provider libraries reach through `@opentelemetry/api` (@apollo/gateway's own
 * spans): each span goes to the provider of the service whose work is running. It is registered
 * once and stays: @apollo/gateway keeps the tracer it got first, so a provider swapped later
 * would never see its spans.
 */
class ServiceRoutedTracer implements Tracer {
  constructor(private readonly name: string, private readonly version?: string, private readonly options?: TracerOptions) {}

  private target(ctx: Context): Tracer {
    return serviceIn(ctx)?.provider.getTracer(this.name, this.version, this.options) ?? NO_TRACER;
  }

  startSpan(name: string, options?: SpanOptions, ctx: Context = context.active()): Span {
    return this.target(ctx).startSpan(name, options, ctx);
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...args: unknown[]): ReturnType<F> {
    const fn = args.pop() as F;
    const [options = {}, ctx = context.active()] = args as [SpanOptions?, Context?];
    return this.target(ctx).startActiveSpan(name, options, ctx, fn) as ReturnType<F>;
  }
}

const routedProvider: TracerProvider = { getTracer: (name, version, options) => new ServiceRoutedTracer(name, version, options) };

let globalsRegistered = false;

/** The context manager (async context), W3C trace-context propagation and the routed provider: once per process. */
function registerGlobals(): void {
  if (globalsRegistered) return;
  globalsRegistered = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(routedProvider);
}

/** A service's tracing when the settings name a collector; `undefined` (and nothing registered) otherwise. */
export function startTracing(service: string, settings: TracingSettings | undefined): ServiceTracing | undefined {
  if (!settings) return undefined;
  registerGlobals();
  return new ServiceTracing(service, settings);
}

/**
 * Starts a service with its tracing (when on): `start` runs as the service's work, so what it
 * starts (requests, timers, jobs) traces as this service; a failed start still sends its spans.
 */
export async function startTraced<T>(service: string, settings: TracingSettings | undefined, start: (tracing?: ServiceTracing) => Promise<T>): Promise<T> {
  const tracing = startTracing(service, settings);
  try {
    return await (tracing ? tracing.run(() => start(tracing)) : start());
  } catch (error) {
    await tracing?.shutdown();
    throw error;
  }
}

/** The tracer of the service whose work is running, if it traces. */
export const activeTracer = (): Tracer | undefined => serviceIn(context.active())?.tracer;

/** Whether a span is active here: spans of statements are made only inside one (no orphan traces of health probes). */
export const insideSpan = (): boolean => trace.getSpan(context.active()) !== undefined;

/** The context of a request: its server span and request id, for everything started under it. */
export const requestTraceContext = (parent: Context, span: Span, requestId: string): Context =>
  trace.setSpan(parent, span).setValue(REQUEST_ID, requestId);

/** Marks a span failed, with the error's type and a scrubbed message (SQL errors quote values). */
export function recordFailure(span: Span, error: unknown): void {
  const message = scrubText(error instanceof Error ? error.message : String(error));
  span.recordException({ name: error instanceof Error ? error.name : 'Error', message });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/**
 * `work` inside a span named `name` (a child of the active one), ended when `work` returns or its
 * promise settles, marked failed when it throws. With tracing off it is `work()` and nothing more;
 * `span` is then undefined.
 */
export function withSpan<T>(name: string, attributes: Attributes, work: (span?: Span) => T, options: SpanOptions = {}): T {
  const tracer = activeTracer();
  if (!tracer) return work();
  return tracer.startActiveSpan(name, { ...options, attributes: { ...options.attributes, ...attributes } }, (span) => {
    let result: T;
    try {
      result = work(span);
    } catch (error) {
      recordFailure(span, error);
      span.end();
      throw error;
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => (span.end(), value),
        (error) => {
          recordFailure(span, error);
          span.end();
          throw error;
        },
      ) as T;
    }
    span.end();
    return result;
  });
}

/** Adds `traceparent` for the active span to headers of an outgoing call (nothing when tracing is off). */
export function injectTraceContext(headers: Record<string, string>): Record<string, string> {
  propagation.inject(context.active(), headers);
  return headers;
}
