import { randomUUID } from 'node:crypto';
import { propagation, trace, type ProxyTracerProvider } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DASHBOARD_QUERY, databaseKinds, startStack, type Stack } from '../harness';
import { bodySerial, PRODUCTS, REGISTER_EQUIPMENT } from '../lifecycle/workflows';
import { SmtpSink } from '../smtp-sink';
import { OtlpCollector, SPAN_KIND, type ReceivedSpan } from './otlp-collector';

/** A member's request as a frontend sends it, with the request id a user would report. */
async function send(stack: Stack, member: number, requestId: string, body: object, headers: Record<string, string> = {}) {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token({ member })}`, 'x-request-id': requestId, ...headers },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(answer.errors).toBeUndefined();
  return answer.data;
}

async function dashboard(stack: Stack, requestId: string, headers: Record<string, string> = {}) {
  const data = await send(stack, 1, requestId, { query: DASHBOARD_QUERY }, headers);
  expect(data.me.number).toBe('10000001');
}

const registration = (productId: string, serialNumber: string) => ({
  query: REGISTER_EQUIPMENT,
  variables: { input: { productId, serialNumber, purchaseDate: '2024-05-01', purchaseCountryCode: 'DE', dealer: 'private sale' } },
});

const ancestors = (span: ReceivedSpan, byId: Map<string, ReceivedSpan>): ReceivedSpan[] => {
  const chain: ReceivedSpan[] = [];
  for (let parent = byId.get(span.parentSpanId ?? ''); parent; parent = byId.get(parent.parentSpanId ?? '')) chain.push(parent);
  return chain;
};

describe('tracing', () => {
  let collector: OtlpCollector;
  beforeAll(async () => {
    collector = await new OtlpCollector().start();
  });
  afterAll(() => collector.close());
  beforeEach(() => collector.clear()); // every stack is closed, so flushed, by the end of its test

  // First in this file's fresh test process: nothing has registered tracing yet.
  it('is off unless a collector is named: nothing is registered and nothing is sent', async () => {
    const stack = await startStack({ db: 'sqlite' });
    try {
      await dashboard(stack, `off-${randomUUID()}`);
    } finally {
      await stack.close();
    }
    expect(collector.requests).toBe(0);
    // No propagator (no traceparent on any call) and no tracer provider: the API's no-op stand-ins.
    expect(propagation.fields()).toEqual([]);
    expect((trace.getTracerProvider() as ProxyTracerProvider).getDelegate().constructor.name).toBe('NoopTracerProvider');
  });

  describe.each(databaseKinds())('with OTEL_EXPORTER_OTLP_ENDPOINT (%s)', (db) => {
    it('one trace links the gateway, each subgraph the Dashboard asks, its resolvers and SQL, all with the request id', async () => {
      const requestId = `trace-${db}-${randomUUID()}`;
      // A client's own trace context is not continued: the gateway starts each request's trace.
      const clientTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const stack = await startStack({ db, env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url } });
      try {
        await dashboard(stack, requestId, { traceparent: `00-${clientTraceId}-00f067aa0ba902b7-01` });
      } finally {
        await stack.close(); // flushes every service's batch
      }

      const root = collector.spans.find((s) => s.service === 'gateway' && s.kind === SPAN_KIND.SERVER && s.attributes['cps.request_id'] === requestId);
      expect(root, 'the gateway server span of the request').toBeDefined();
      expect(root!.traceId).not.toBe(clientTraceId);
      expect(root!.parentSpanId).toBeUndefined();
      const spans = collector.spans.filter((s) => s.traceId === root!.traceId);
      const byId = new Map(spans.map((s) => [s.spanId, s]));

      // One tree: every span hangs under the gateway's server span, and carries the request id.
      for (const span of spans) {
        if (span !== root) expect(ancestors(span, byId).at(-1), `${span.service} ${span.name} reaches the root`).toBe(root);
        expect(span.attributes['cps.request_id'], `${span.service} ${span.name}`).toBe(requestId);
      }

      // The gateway's own spans, from @apollo/gateway.
      const gatewayNames = spans.filter((s) => s.service === 'gateway').map((s) => s.name);
      expect(gatewayNames).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.execute', 'gateway.fetch']));

      // Each fetch of the plan is continued by that subgraph's server span (traceparent crossed the wire).
      const fetches = spans.filter((s) => s.name === 'gateway.fetch');
      const asked = fetches.map((f) => String(f.attributes.service));
      expect(asked).toContain('members');
      for (const fetch of fetches) {
        const server = spans.find((s) => s.service === fetch.attributes.service && s.kind === SPAN_KIND.SERVER);
        expect(server?.parentSpanId, `${fetch.attributes.service} continues the gateway's fetch`).toBe(fetch.spanId);
        expect(server?.attributes['graphql.operation.name']).toMatch(/^Dashboard__/);
      }

      // Members: the root resolver, and the statements it ran beneath it, on this database.
      const me = spans.find((s) => s.service === 'members' && s.name === 'Query.me');
      expect(me, 'the resolver span of Query.me').toBeDefined();
      const statements = spans.filter((s) => s.service === 'members' && s.attributes['db.system.name'] !== undefined);
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(statement.kind).toBe(SPAN_KIND.CLIENT);
        expect(statement.attributes['db.system.name']).toBe(db);
        expect(String(statement.attributes['db.query.text'])).toMatch(/^\s*\w+/);
      }
      expect(statements.some((s) => ancestors(s, byId).includes(me!)), 'SQL under Query.me').toBe(true);
    });

    it('a second-hand registration: members\' call to the catalogue continues the trace, and the outbox sends its e-mails in spans', async () => {
      const requestId = `register-${db}-${randomUUID()}`;
      const smtp = new SmtpSink();
      const stack = await startStack({ db, env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, SMTP_URL: await smtp.start(), OUTBOX_POLL_MS: '100' } });
      try {
        const serialNumber = bodySerial();
        await send(stack, 1, `seller-${randomUUID()}`, registration(PRODUCTS.eos5DMarkIV, serialNumber));
        const bought = await send(stack, 2, requestId, registration(PRODUCTS.eos5DMarkIV, serialNumber));
        expect(bought.registerEquipment.status).toBe('PENDING_TRANSFER');
        await smtp.waitFor(() => true);
      } finally {
        await stack.close(); // lets the outbox round end, then flushes
        await smtp.stop();
      }

      const root = collector.spans.find((s) => s.service === 'gateway' && s.kind === SPAN_KIND.SERVER && s.attributes['cps.request_id'] === requestId);
      const spans = collector.spans.filter((s) => s.traceId === root?.traceId);
      const call = spans.find((s) => s.service === 'members' && s.kind === SPAN_KIND.CLIENT && s.name === 'POST catalogue');
      expect(call, "members' client span of its call to the catalogue").toBeDefined();
      const catalogue = spans.find((s) => s.service === 'catalogue' && s.kind === SPAN_KIND.SERVER);
      expect(catalogue?.parentSpanId, 'the catalogue continues the call').toBe(call!.spanId);
      expect(catalogue?.attributes['cps.request_id']).toBe(requestId);
      expect(spans.some((s) => s.service === 'members' && s.name === 'Mutation.registerEquipment')).toBe(true);

      // The outbox round is work of its own: a trace with a span per e-mail and the statements beneath.
      const round = collector.spans.find((s) => s.service === 'members' && s.name === 'outbox.dispatch');
      expect(round, 'a span of the outbox round').toBeDefined();
      const sends = collector.spans.filter((s) => s.parentSpanId === round!.spanId && s.name === 'outbox.send');
      expect(sends.length).toBe(round!.attributes['cps.outbox.due']);
      const updates = collector.spans.filter((s) => sends.some((e) => e.spanId === s.parentSpanId) && s.attributes['db.operation.name'] === 'UPDATE');
      expect(updates.length).toBeGreaterThanOrEqual(sends.length * 2); // claimed, then marked sent
      for (const span of [round!, ...sends]) expect(JSON.stringify(span.attributes)).not.toMatch(/@/); // no recipient
    });
  });
});
