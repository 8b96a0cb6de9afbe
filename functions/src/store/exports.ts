import type { ExportJob, ExportKind } from '../domain';
import type { ExportJobQueue, ExportSource, Page, PageRequest } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { queryAcrossTenants, queryPage } from './documents';
import type { ContainerName } from './layout';

/** Where each kind of an export lives: its container and document type. */
const SOURCES: Record<ExportKind, { container: ContainerName; type: string }> = {
  items: { container: 'items', type: 'actionItem' },
  meetings: { container: 'items', type: 'meeting' },
  deals: { container: 'deals', type: 'deal' },
  reviews: { container: 'reviews', type: 'review' },
  audit: { container: 'audit', type: 'audit' },
};

/** The worker's queries across tenants (named, like the sweeps', for the partition-key test). */
export const ACTIVE_EXPORTS = "SELECT * FROM c WHERE c.type = 'exportJob' AND (c.status = 'queued' OR c.status = 'running') ORDER BY c.createdAt ASC";
export const EXPIRED_EXPORTS = "SELECT * FROM c WHERE c.type = 'exportJob' AND IS_STRING(c.expiresAt) AND c.expiresAt < @now";
/** One page of a tenant's documents of a type (the benchmark counts these). */
export const EXPORT_PAGE = 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = @type';

/**
 * An export's reads: a tenant's documents of one kind, page by page in store order (no ORDER BY: the cheapest scan,
 * and a continuation token resumes exactly where the last page ended). Soft-deleted items are included: the export is
 * what is stored.
 */
export class CosmosExportSource implements ExportSource {
  constructor(private readonly store: CosmosStore) {}

  async page(tenantId: string, kind: ExportKind, page: PageRequest): Promise<Page<Record<string, unknown>>> {
    const source = SOURCES[kind];
    return queryPage<Record<string, unknown>>(
      await this.store.container(source.container),
      {
        query: EXPORT_PAGE,
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@type', value: source.type },
        ],
      },
      tenantId,
      page,
    );
  }
}

export class CosmosExportJobQueue implements ExportJobQueue {
  constructor(private readonly store: CosmosStore) {}

  async active(limit: number): Promise<ExportJob[]> {
    return (await queryAcrossTenants<ExportJob>(await this.store.container('jobs'), { query: ACTIVE_EXPORTS }, { limit })).items;
  }

  async expired(now: string, limit: number): Promise<ExportJob[]> {
    return (await queryAcrossTenants<ExportJob>(await this.store.container('jobs'), { query: EXPIRED_EXPORTS, parameters: [{ name: '@now', value: now }] }, { limit })).items;
  }
}
