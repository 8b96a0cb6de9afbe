import type { Context } from '@opentelemetry/api';
import { NodeTracerProvider, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ATTR } from '../src/platform/telemetry';

/** What happened under one invocation span: its Cosmos DB requests (and their charge) and any other spans. */
interface Children {
  cosmos: number;
  requestCharge: number;
  other: number;
}

/**
 * The local host's view of the spans Azure Monitor receives in Azure: one line per finished invocation span (an HTTP
 * request or a timer run, the root of its trace in this process), e.g. `[trace] GET /api/action-items/{id} 200 12 ms tenant=a30d590b… cosmos=3`.
 * The same spans, so the same attributes: nothing personal to print.
 */
export class CompactTracePrinter implements SpanProcessor {
  /** Children of the invocations still running, by trace id; children that end after their root are not counted. */
  private readonly open = new Map<string, Children>();

  constructor(private readonly log: (line: string) => void) {}

  onStart(span: Span, _parentContext: Context): void {
    if (isInvocation(span)) this.open.set(span.spanContext().traceId, { cosmos: 0, requestCharge: 0, other: 0 });
  }

  onEnd(span: ReadableSpan): void {
    const traceId = span.spanContext().traceId;
    if (isInvocation(span)) {
      const children = this.open.get(traceId) ?? { cosmos: 0, requestCharge: 0, other: 0 };
      this.open.delete(traceId);
      this.log(formatTraceLine(span, children));
      return;
    }
    const children = this.open.get(traceId);
    if (!children) return;
    if (span.attributes['db.system'] === 'cosmosdb') {
      children.cosmos++;
      children.requestCharge += Number(span.attributes['db.cosmosdb.request_charge'] ?? 0);
    } else {
      children.other++;
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.open.clear();
    return Promise.resolve();
  }
}

/** `[trace] <span name> <status> <n> ms [tenant=<first 8>…] [cosmos=<n> [<RU> RU]] [spans=<n>]` */
export function formatTraceLine(span: ReadableSpan, children: Children): string {
  const a = span.attributes;
  const failed = span.status.code === 2; // SpanStatusCode.ERROR
  const outcome = a[ATTR.status] !== undefined ? String(a[ATTR.status]) : failed ? `error(${String(a[ATTR.errorType] ?? 'unknown')})` : 'ok';
  const parts = ['[trace]', span.name, outcome, `${Math.round(span.duration[0] * 1e3 + span.duration[1] / 1e6)} ms`];
  const tenant = a[ATTR.tenant];
  if (typeof tenant === 'string') parts.push(`tenant=${tenant.slice(0, 8)}…`);
  if (children.cosmos > 0) parts.push(`cosmos=${children.cosmos}${children.requestCharge > 0 ? ` (${children.requestCharge.toFixed(1)} RU)` : ''}`);
  if (children.other > 0) parts.push(`spans=${children.other}`);
  return parts.join(' ');
}

/**
 * A function invocation's span: the root of its trace in this process (in Azure its parent is the host's request).
 * Spans outside any invocation (the local host creating containers and seeding demo data) are not printed.
 */
function isInvocation(span: { parentSpanContext?: { isRemote?: boolean }; attributes: Record<string, unknown> }): boolean {
  return (!span.parentSpanContext || span.parentSpanContext.isRemote === true) && span.attributes[ATTR.trigger] !== undefined;
}

/** Registers a tracer provider that prints the compact lines; `npm start` calls it before the host starts. */
export function startLocalTelemetry(log: (line: string) => void): NodeTracerProvider {
  const provider = new NodeTracerProvider({ spanProcessors: [new CompactTracePrinter(log)] });
  provider.register();
  return provider;
}
