import { createHash } from 'node:crypto';
import type { ActionItem, Meeting } from '../domain';
import type { MeetingRepository, New } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { queryAll, queryPage, readDocument, upsertBatch } from './documents';

/** Meeting keys (Outlook item ids) may hold characters Cosmos ids cannot: the document id is a hash of the key. */
export function meetingDocumentId(key: string): string {
  return `meeting-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

export class CosmosMeetingRepository implements MeetingRepository {
  constructor(private readonly store: CosmosStore) {}

  async get(tenantId: string, key: string): Promise<Meeting | null> {
    const meeting = await readDocument<Meeting>(await this.store.container('items'), meetingDocumentId(key), tenantId);
    return meeting?.type === 'meeting' && meeting.key === key ? meeting : null;
  }

  async saveCapture(meeting: Omit<New<Meeting>, 'id'>, items: New<ActionItem>[]): Promise<{ meeting: Meeting; items: ActionItem[] }> {
    const docs = [{ ...meeting, id: meetingDocumentId(meeting.key) }, ...items];
    const [saved, ...savedItems] = await upsertBatch<ActionItem | Meeting>(await this.store.container('items'), meeting.tenantId, docs);
    return { meeting: saved as Meeting, items: savedItems as ActionItem[] };
  }

  async listItems(tenantId: string, key: string): Promise<ActionItem[]> {
    return queryAll<ActionItem>(
      await this.store.container('items'),
      {
        query: "SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = 'actionItem' AND c.meetingKey = @key AND c.deleted = false ORDER BY c.createdAt ASC",
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@key', value: key },
        ],
      },
      tenantId,
    );
  }

  async listLinkedToDeals(tenantId: string, createdBy: string[] | undefined, limit: number): Promise<Meeting[]> {
    const page = await queryPage<Meeting>(
      await this.store.container('items'),
      {
        query: `SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = 'meeting' AND IS_STRING(c.dealId)${createdBy ? ' AND ARRAY_CONTAINS(@createdBy, c.createdBy)' : ''} ORDER BY c.start DESC`,
        parameters: [
          { name: '@tenantId', value: tenantId },
          ...(createdBy ? [{ name: '@createdBy', value: createdBy }] : []),
        ],
      },
      tenantId,
      { limit },
    );
    return page.items;
  }
}
