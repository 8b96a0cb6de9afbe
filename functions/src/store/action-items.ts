import type { SqlParameter } from '@azure/cosmos';
import type { ActionItem } from '../domain';
import type { ActionItemRepository, ItemQuery, New, Page, PageRequest } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { createDocument, queryAll, queryPage, readDocument, replaceDocument, upsertBatch } from './documents';
import { bucketOf, colocate } from './partitions';

export class CosmosActionItemRepository implements ActionItemRepository {
  constructor(private readonly store: CosmosStore) {}

  async get(tenantId: string, id: string): Promise<ActionItem | null> {
    const item = await readDocument<ActionItem>(await this.store.container('items'), id, tenantId);
    return item?.type === 'actionItem' ? item : null;
  }

  async create(item: New<ActionItem>): Promise<ActionItem> {
    return createDocument<ActionItem>(await this.store.container('items'), item);
  }

  async replace(item: ActionItem, ifMatch: string): Promise<ActionItem> {
    return replaceDocument(await this.store.container('items'), item, ifMatch);
  }

  async list(query: ItemQuery, page: PageRequest): Promise<Page<ActionItem>> {
    const where = ["c.tenantId = @tenantId", "c.type = 'actionItem'", 'c.deleted = false'];
    const parameters: SqlParameter[] = [{ name: '@tenantId', value: query.tenantId }];
    const add = (clause: string, name: string, value: string | string[]) => {
      where.push(clause);
      parameters.push({ name, value });
    };
    if (query.visibleTo) add('(ARRAY_CONTAINS(@visible, c.accountableId) OR ARRAY_CONTAINS(@visible, c.createdBy))', '@visible', query.visibleTo);
    if (query.accountableId) add('c.accountableId = @accountableId', '@accountableId', query.accountableId);
    if (query.dealId) add('c.dealId = @dealId', '@dealId', query.dealId);
    if (query.meetingKey) add('c.meetingKey = @meetingKey', '@meetingKey', query.meetingKey);
    if (query.status === 'overdue') add("c.status = 'open' AND c.dueAt < @now", '@now', query.now);
    else if (query.status) add('c.status = @status', '@status', query.status);
    if (query.dueBefore) add('c.dueAt < @dueBefore', '@dueBefore', query.dueBefore);
    const sql = `SELECT * FROM c WHERE ${where.join(' AND ')} ORDER BY c.dueAt ASC`;
    return queryPage<ActionItem>(await this.store.container('items'), { query: sql, parameters }, query.tenantId, page);
  }

  /** In one batch: the items are placed in the first one's bucket (their ids change accordingly, deterministically). */
  async createMany(items: New<ActionItem>[]): Promise<ActionItem[]> {
    const first = items[0];
    if (!first) return [];
    const bucket = bucketOf(first.id);
    return upsertBatch<ActionItem>(await this.store.container('items'), first.tenantId, items.map((item) => ({ ...item, id: colocate(item.id, bucket) })));
  }

  async forAgenda(tenantId: string, accountableIds: string[], since: string): Promise<ActionItem[]> {
    return queryAll<ActionItem>(
      await this.store.container('items'),
      {
        query:
          "SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = 'actionItem' AND c.deleted = false AND ARRAY_CONTAINS(@reps, c.accountableId) AND (c.status = 'open' OR c.updatedAt >= @since)",
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@reps', value: accountableIds },
          { name: '@since', value: since },
        ],
      },
      tenantId,
    );
  }
}
