import type { PluginConfig } from '@azure/cosmos';
import { RequestCounter } from '../../functions/src/store/cosmos';

/** Document requests of one kind against one container, e.g. "query items" or "create notifications". */
export interface RequestTally {
  requests: number;
  /** Documents the replies carried back to us: query results, or 1 for a point read that found its document. */
  documents: number;
  /** Replies by HTTP status, e.g. {"200": 9, "409": 1}. */
  statuses: Record<string, number>;
  /** Summed time from sending to the parsed reply (the stand-in's work included). */
  ms: number;
}

export interface DocumentsRead {
  /** Documents returned in query replies (`Documents` of each page). */
  byQueries: number;
  /** Documents returned by point reads (a 404 reads none). */
  byPointReads: number;
  total: number;
}

/**
 * A RequestCounter that also counts the documents the SDK hands back to our code. It wraps the counter's own request
 * plugin, so `data`, `queryPlans` and `metadata` are counted exactly as the application counts them, and reads each
 * reply: the `Documents` of a query page (or its `x-ms-item-count` header), one document for a point read. Writes are
 * tallied separately (their replies echo the written document, which is not a read).
 */
export class DocumentCounter extends RequestCounter {
  /** Document requests by "<operation> <container>". */
  byKind: Record<string, RequestTally> = {};

  /** The application's own counting plugin, set by RequestCounter before this class's fields are defined. */
  private readonly countRequest = (this as RequestCounter).plugin.plugin;

  override readonly plugin: PluginConfig = {
    on: 'request',
    plugin: async (context, node, next) => {
      const isDocumentRequest = context.resourceType === 'docs' && !context.headers?.['x-ms-cosmos-is-query-plan-request'];
      const kind = `${context.operationType ?? 'unknown'} ${containerOf(context.path)}`;
      const started = performance.now();
      try {
        const response = await this.countRequest(context, node, next);
        if (isDocumentRequest) this.tally(kind, response.code ?? 200, documentsIn(context.operationType, response.result, response.headers), started);
        return response;
      } catch (error) {
        if (isDocumentRequest) this.tally(kind, (error as { code?: number }).code ?? 'error', 0, started);
        throw error;
      }
    },
  };

  override reset(): void {
    super.reset();
    this.byKind = {};
  }

  documentsRead(): DocumentsRead {
    let byQueries = 0;
    let byPointReads = 0;
    for (const [kind, tally] of Object.entries(this.byKind)) {
      if (kind.startsWith('query ')) byQueries += tally.documents;
      else if (kind.startsWith('read ')) byPointReads += tally.documents;
    }
    return { byQueries, byPointReads, total: byQueries + byPointReads };
  }

  /** Document writes (create, replace, upsert, patch, delete, batch) sent, whatever their status. */
  writes(): number {
    return Object.entries(this.byKind)
      .filter(([kind]) => !kind.startsWith('query ') && !kind.startsWith('read '))
      .reduce((sum, [, tally]) => sum + tally.requests, 0);
  }

  private tally(kind: string, status: number | string, documents: number, started: number): void {
    const tally = (this.byKind[kind] ??= { requests: 0, documents: 0, statuses: {}, ms: 0 });
    tally.requests++;
    tally.ms = Math.round((tally.ms + performance.now() - started) * 10) / 10;
    tally.documents += documents;
    tally.statuses[String(status)] = (tally.statuses[String(status)] ?? 0) + 1;
  }
}

function containerOf(path: string | undefined): string {
  return /\/colls\/([^/]+)/.exec(path ?? '')?.[1] ?? 'unknown';
}

function documentsIn(operationType: string | undefined, result: unknown, headers: Record<string, unknown>): number {
  if (operationType === 'query') {
    const documents = (result as { Documents?: unknown } | null | undefined)?.Documents;
    if (Array.isArray(documents)) return documents.length;
    const header = Number(headers['x-ms-item-count']);
    return Number.isFinite(header) ? header : 0;
  }
  if (operationType === 'read') return result ? 1 : 0;
  return 0;
}
