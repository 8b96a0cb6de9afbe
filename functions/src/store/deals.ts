import type { SqlParameter } from '@azure/cosmos';
import type { Deal } from '../domain';
import type { DealQuery, DealRepository, New, Page, PageRequest } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { createDocument, queryAll, queryPage, readDocument, replaceDocument } from './documents';

export class CosmosDealRepository implements DealRepository {
  constructor(private readonly store: CosmosStore) {}

  async get(tenantId: string, id: string): Promise<Deal | null> {
    return readDocument<Deal>(await this.store.container('deals'), id, tenantId);
  }

  async getMany(tenantId: string, ids: string[]): Promise<Deal[]> {
    if (ids.length === 0) return [];
    return queryAll<Deal>(
      await this.store.container('deals'),
      {
        query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND ARRAY_CONTAINS(@ids, c.id)',
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@ids', value: ids },
        ],
      },
      tenantId,
    );
  }

  async create(deal: New<Deal>): Promise<Deal> {
    return createDocument<Deal>(await this.store.container('deals'), deal);
  }

  async replace(deal: Deal, ifMatch: string): Promise<Deal> {
    return replaceDocument(await this.store.container('deals'), deal, ifMatch);
  }

  async list(query: DealQuery, page: PageRequest): Promise<Page<Deal>> {
    const where = ['c.tenantId = @tenantId'];
    const parameters: SqlParameter[] = [{ name: '@tenantId', value: query.tenantId }];
    if (query.visibleTo) {
      where.push('ARRAY_CONTAINS(@visible, c.ownerId)');
      parameters.push({ name: '@visible', value: query.visibleTo });
    }
    if (query.ownerId) {
      where.push('c.ownerId = @ownerId');
      parameters.push({ name: '@ownerId', value: query.ownerId });
    }
    if (query.stage) {
      where.push('c.stage = @stage');
      parameters.push({ name: '@stage', value: query.stage });
    }
    const sql = `SELECT * FROM c WHERE ${where.join(' AND ')} ORDER BY c.name ASC`;
    return queryPage<Deal>(await this.store.container('deals'), { query: sql, parameters }, query.tenantId, page);
  }

  async ownedBy(tenantId: string, ownerIds: string[]): Promise<Deal[]> {
    if (ownerIds.length === 0) return [];
    return queryAll<Deal>(
      await this.store.container('deals'),
      {
        query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND ARRAY_CONTAINS(@owners, c.ownerId)',
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@owners', value: ownerIds },
        ],
      },
      tenantId,
    );
  }
}
