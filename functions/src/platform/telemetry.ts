import type { HttpHandler, HttpMethod, InvocationContext, TraceContext } from '@azure/functions';
import { type Attributes, type Context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * One span per function invocation, through the OpenTelemetry API only: whoever registered a tracer provider (Azure
 * Monitor in Azure, the local host's printer, a test's in-memory exporter) receives the spans; with none, this costs
 * next to nothing. What goes into a span is chosen here, and it is never personal data: the route *template* (never the
 * URL, whose query may carry emails, e.g. `/api/users?emails=`), the method, the status code, the tenant id. No user
 * id, name, email, title, note or token; thrown errors are recorded by type only (their messages may quote input).
 *
 * In Azure the Functions host already writes a request record for every invocation (HTTP and timer) to Application
 * Insights, and hands the worker its trace context (`context.traceContext.traceParent`). So this span is INTERNAL, a
 * child of the host's request: it shows up under the host's operation, next to the host's request and logs, instead
 * of a second request record. (A SERVER span would be exported as a request too: every call counted twice.) That is
 * also how Microsoft's .NET isolated worker relates its spans to the host's. Without a trace context (the local host,
 * tests) the span starts a new trace.
 */
export const TRACER_NAME = 'followthrough';

/** Attribute names, from the OpenTelemetry semantic conventions where one exists. */
export const ATTR = {
  method: 'http.request.method',
  route: 'http.route',
  status: 'http.response.status_code',
  errorType: 'error.type',
  trigger: 'faas.trigger',
  invocationId: 'faas.invocation_id',
  cron: 'faas.cron',
  /** The Entra tenant of the verified caller: lets an operator see one customer's traffic. Never the user. */
  tenant: 'tenant.id',
  /** Prefix of what a timer run reports it did (`followthrough.timer.sent`: counts only). */
  timerResult: 'followthrough.timer.',
} as const;

interface TracedHttpRoute {
  methods: HttpMethod[];
  route: string;
  handler: HttpHandler;
}

interface TracedTimerRoute {
  name: string;
  schedule: string;
  run(context: InvocationContext): Promise<Record<string, number>>;
}

/** The route with its handler wrapped in one span named `GET /api/action-items/{id}` (method and route template). */
export function tracedHttpRoute<R extends TracedHttpRoute>(route: R): R {
  const template = `/api/${route.route}`;
  const handler: HttpHandler = (req, context) =>
    inSpan(`${req.method} ${template}`, context, { [ATTR.trigger]: 'http', [ATTR.method]: req.method, [ATTR.route]: template }, async (span) => {
      const response = await route.handler(req, context);
      const status = response.status ?? 200;
      span.setAttribute(ATTR.status, status);
      if (status >= 500) {
        span.setAttribute(ATTR.errorType, String(status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      return response;
    });
  return { ...route, handler };
}

/** The timer with each run in one span named `timer overdue-sweep`, carrying the run's counts. */
export function tracedTimer<T extends TracedTimerRoute>(timer: T): T {
  const run = (context: InvocationContext) =>
    inSpan(`timer ${timer.name}`, context, { [ATTR.trigger]: 'timer', [ATTR.cron]: timer.schedule }, async (span) => {
      const summary = await timer.run(context);
      for (const [key, value] of Object.entries(summary)) span.setAttribute(`${ATTR.timerResult}${key}`, value);
      return summary;
    });
  return { ...timer, run };
}

/** Records the verified caller's tenant on the invocation's span (call it only after the token was verified). */
export function recordTenant(tenantId: string): void {
  trace.getActiveSpan()?.setAttribute(ATTR.tenant, tenantId);
}

function inSpan<T>(name: string, invocation: InvocationContext, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  const tracer = trace.getTracer(TRACER_NAME);
  const parent = hostContext(invocation.traceContext);
  return tracer.startActiveSpan(name, { kind: SpanKind.INTERNAL, attributes: { ...attributes, [ATTR.invocationId]: invocation.invocationId } }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setAttribute(ATTR.errorType, error instanceof Error ? error.name : typeof error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The Functions host's trace context as the parent, or a fresh trace (never whatever happened to be active). */
function hostContext(traceContext: TraceContext | undefined): Context {
  if (!traceContext?.traceParent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent: traceContext.traceParent, ...(traceContext.traceState ? { tracestate: traceContext.traceState } : {}) });
}
