import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-node';
import { CompactTracePrinter } from '../../functions/local/telemetry';

// The local host's one line per invocation, from real SDK spans with fixed start and end times (no wall clock).
function printer() {
  const lines: string[] = [];
  const provider = new BasicTracerProvider({ spanProcessors: [new CompactTracePrinter((line) => lines.push(line))] });
  return { lines, tracer: provider.getTracer('test') };
}

const at = (ms: number): [number, number] => [1_700_000_000 + Math.floor(ms / 1000), (ms % 1000) * 1_000_000];

describe("the local host's trace line", () => {
  it('prints a request: method and route template, status, duration, tenant, Cosmos requests and their charge', () => {
    const { lines, tracer } = printer();
    const root = tracer.startSpan('GET /api/action-items/{id}', {
      kind: SpanKind.INTERNAL,
      startTime: at(0),
      attributes: { 'faas.trigger': 'http', 'http.request.method': 'GET', 'http.route': '/api/action-items/{id}' },
    });
    root.setAttribute('tenant.id', 'a30d590b-8112-45a4-a437-cb8246f0d905');
    root.setAttribute('http.response.status_code', 200);
    const parent = trace.setSpan(ROOT_CONTEXT, root);
    for (const charge of [1, 2.5, 1]) {
      const child = tracer.startSpan('read items', { kind: SpanKind.CLIENT, startTime: at(1), attributes: { 'db.system': 'cosmosdb', 'db.cosmosdb.request_charge': charge } }, parent);
      child.end(at(3));
    }
    root.end(at(12));
    expect(lines).toEqual(['[trace] GET /api/action-items/{id} 200 12 ms tenant=a30d590b… cosmos=3 (4.5 RU)']);
  });

  it('prints a refused request without a tenant, and a timer run by name, ok or failed with the error type', () => {
    const { lines, tracer } = printer();
    const refused = tracer.startSpan('GET /api/me', { startTime: at(0), attributes: { 'faas.trigger': 'http', 'http.response.status_code': 401 } });
    refused.end(at(0.4));
    const sweep = tracer.startSpan('timer overdue-sweep', { startTime: at(0), attributes: { 'faas.trigger': 'timer', 'followthrough.timer.notificationsCreated': 2 } });
    sweep.end(at(35));
    const failed = tracer.startSpan('timer stale-deals', { startTime: at(0), attributes: { 'faas.trigger': 'timer' } });
    failed.setAttribute('error.type', 'TypeError');
    failed.setStatus({ code: SpanStatusCode.ERROR });
    failed.end(at(1500));
    expect(lines).toEqual(['[trace] GET /api/me 401 0 ms', '[trace] timer overdue-sweep ok 35 ms', '[trace] timer stale-deals error(TypeError) 1500 ms']);
  });

  it('prints nothing for spans outside an invocation (creating containers, seeding)', () => {
    const { lines, tracer } = printer();
    tracer.startSpan('create colls', { startTime: at(0), attributes: { 'db.system': 'cosmosdb' } }).end(at(2));
    expect(lines).toEqual([]);
  });
});
