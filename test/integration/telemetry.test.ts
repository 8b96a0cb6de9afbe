import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { CONTAINERS } from '../../functions/src/store/layout';
import { inDays, TestApi } from '../support/harness';

// The spans the real handlers and timers make, caught by an in-memory exporter in place of Azure Monitor.
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let api: TestApi;

const NORTHWIND = 'a30d590b-8112-45a4-a437-cb8246f0d905';
/** What must never reach a span: demo users' emails and names, and what a user typed. */
const PERSONAL = ['priya.shah@northwind.example', 'morgan.lee@northwind.example', 'Priya Shah', 'Morgan Lee', 'Send pricing to Dana', 'Dana wants the enterprise tier'];

beforeAll(async () => {
  provider.register();
  api = await TestApi.start();
});
afterAll(async () => {
  await api.stop();
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});
beforeEach(() => exporter.reset());

const roots = () => exporter.getFinishedSpans().filter((s) => !s.parentSpanContext);
const childrenOf = (root: ReadableSpan) => exporter.getFinishedSpans().filter((s) => s.parentSpanContext?.spanId === root.spanContext().spanId);

/** Every string a span carries: names, attribute keys and values, events, status messages, of every span. */
function everythingSpansSay(): string {
  return JSON.stringify(
    exporter.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })), status: s.status })),
  );
}

describe('telemetry', () => {
  it('makes one span per request, named by method and route template, with the status and the tenant; Cosmos requests are its children', async () => {
    const created = await api.call('POST', '/api/action-items', {
      as: 'priya',
      body: { title: 'Send pricing to Dana', notes: 'Dana wants the enterprise tier', dueAt: inDays(api, 3), owner: { type: 'user', userId: api.user('priya').userId } },
    });
    expect(created.status).toBe(201);
    exporter.reset();

    const read = await api.call('GET', `/api/action-items/${created.body.id}`, { as: 'priya' });
    expect(read.status).toBe(200);

    const [root, ...others] = roots();
    expect(others).toEqual([]);
    expect(root?.name).toBe('GET /api/action-items/{id}');
    expect(root?.attributes).toEqual({
      'faas.trigger': 'http',
      'faas.invocation_id': expect.any(String),
      'http.request.method': 'GET',
      'http.route': '/api/action-items/{id}',
      'http.response.status_code': 200,
      'tenant.id': NORTHWIND,
    });
    expect(root?.kind).toBe(0); // INTERNAL: in Azure a child of the host's request record, not a second request
    const cosmos = childrenOf(root as ReadableSpan);
    expect(cosmos.length).toBeGreaterThan(0);
    for (const span of cosmos) {
      expect(span.kind).toBe(2); // CLIENT
      expect(span.attributes).toMatchObject({ 'db.system': 'cosmosdb', 'db.name': 'followthrough', 'db.operation': expect.any(String), 'db.cosmosdb.status_code': expect.any(Number) });
    }
    expect(cosmos.map((s) => s.attributes['db.cosmosdb.container'])).toContain(CONTAINERS.items.id);
  });

  it('records the route template, never the URL or its query, and no personal data on any span', async () => {
    const users = await api.call('GET', `/api/users?emails=${encodeURIComponent('morgan.lee@northwind.example,priya.shah@northwind.example')}`, { as: 'priya' });
    expect(users.status).toBe(200);
    const me = await api.call('GET', '/api/me', { as: 'priya' });
    expect(me.body.displayName).toBe('Priya Shah');
    const created = await api.call('POST', '/api/action-items', {
      as: 'priya',
      body: { title: 'Send pricing to Dana', notes: 'Dana wants the enterprise tier', dueAt: inDays(api, 4), owner: { type: 'user', userId: api.user('priya').userId } },
    });
    expect(created.status).toBe(201);

    expect(roots().map((s) => [s.name, s.attributes['http.response.status_code'], s.attributes['tenant.id']])).toEqual([
      ['GET /api/users', 200, NORTHWIND],
      ['GET /api/me', 200, NORTHWIND],
      ['POST /api/action-items', 201, NORTHWIND],
    ]);
    const said = everythingSpansSay();
    const encoded = PERSONAL.map(encodeURIComponent);
    for (const personal of [...PERSONAL, ...encoded, api.user('priya').userId, api.user('morgan').userId, 'emails=']) expect(said).not.toContain(personal);
  });

  it('records no tenant for a call whose token was not verified', async () => {
    const reply = await api.call('GET', '/api/me', { as: { token: 'not-a-token' } });
    expect(reply.status).toBe(401);
    const [root, ...others] = roots();
    expect(others).toEqual([]);
    expect(root?.name).toBe('GET /api/me');
    expect(root?.attributes['http.response.status_code']).toBe(401);
    expect(root?.attributes).not.toHaveProperty('tenant.id');
  });

  it('makes one span per timer run, with what the run did, and no personal data', async () => {
    const run = await api.host.scheduler.runNow('overdue-sweep');
    expect(run.error).toBeUndefined();

    const [root, ...others] = roots();
    expect(others).toEqual([]);
    expect(root?.name).toBe('timer overdue-sweep');
    expect(root?.attributes).toMatchObject({ 'faas.trigger': 'timer', 'faas.cron': '0 */5 * * * *', 'faas.invocation_id': expect.any(String) });
    for (const [key, value] of Object.entries(run.summary ?? {})) expect(root?.attributes[`followthrough.timer.${key}`]).toBe(value);
    expect(run.summary?.notificationsCreated).toBeGreaterThan(0);
    expect(childrenOf(root as ReadableSpan).length).toBeGreaterThan(0);
    expect(exporter.getFinishedSpans().every((s) => s.spanContext().traceId === root?.spanContext().traceId)).toBe(true);
    const said = everythingSpansSay();
    for (const personal of PERSONAL) expect(said).not.toContain(personal);
  });

  it('continues the trace the Functions host hands the worker', async () => {
    const route = api.host.routes.find((r) => r.name === 'health-get');
    const { HttpRequest, InvocationContext } = await import('@azure/functions');
    const traceParent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await route?.handler(
      new HttpRequest({ method: 'GET', url: 'http://localhost/api/health' }),
      new InvocationContext({ functionName: 'health-get', invocationId: 'e2a3b5c1-0000-4000-8000-000000000001', traceContext: { traceParent } }),
    );
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span?.parentSpanContext).toMatchObject({ spanId: 'b7ad6b7169203331', isRemote: true });
    expect(span?.attributes['faas.invocation_id']).toBe('e2a3b5c1-0000-4000-8000-000000000001');
  });
});
