import type { PluginConfig } from '@azure/cosmos';
import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * A child span for every request the Cosmos DB SDK sends (retries included), through the SDK's request plugin hook:
 * it works the same bundled or not, in Azure, on the local host and in tests. It records what an operator needs —
 * operation, container, status, request charge — and nothing from the request itself: no URL or document id, no
 * query text or parameters, no partition key.
 */
export const cosmosTracingPlugin: PluginConfig = {
  on: 'request',
  plugin: async (context, _node, next) => {
    const operation = context.headers?.['x-ms-cosmos-is-query-plan-request'] ? 'queryplan' : String(context.operationType ?? 'request');
    const container = /(?:^|\/)colls\/([^/]+)/.exec(context.path ?? '')?.[1];
    const database = /(?:^|\/)dbs\/([^/]+)/.exec(context.path ?? '')?.[1];
    const tracer = trace.getTracer('followthrough.cosmos');
    return tracer.startActiveSpan(
      `${operation} ${container ?? context.resourceType ?? 'account'}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system': 'cosmosdb',
          'db.operation': operation,
          ...(database ? { 'db.name': database } : {}),
          ...(container ? { 'db.cosmosdb.container': container } : {}),
          ...(context.resourceType ? { 'db.cosmosdb.resource_type': String(context.resourceType) } : {}),
        },
      },
      async (span) => {
        try {
          const response = await next(context);
          finish(span, response.code ?? 200, response.headers);
          return response;
        } catch (error) {
          const failed = error as { code?: unknown; headers?: Record<string, unknown> };
          finish(span, typeof failed.code === 'number' ? failed.code : undefined, failed.headers);
          throw error;
        } finally {
          span.end();
        }
      },
    );
  },
};

/** Outcomes the app expects and handles (not found, a conflict on a derived id, a stale If-Match) are not errors. */
const EXPECTED = new Set([304, 404, 409, 412]);

function finish(span: Span, code: number | undefined, headers: Record<string, unknown> | undefined): void {
  if (code !== undefined) span.setAttribute('db.cosmosdb.status_code', code);
  const charge = Number(headers?.['x-ms-request-charge']);
  if (Number.isFinite(charge) && charge > 0) span.setAttribute('db.cosmosdb.request_charge', charge);
  if (code === undefined || (code >= 400 && !EXPECTED.has(code))) {
    span.setAttribute('error.type', code === undefined ? 'network' : String(code));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}
