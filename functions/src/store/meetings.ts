import { createHash } from 'node:crypto';
import type { ActionItem, Meeting } from '../domain';
import type { MeetingRepository, MeetingWrite, New } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { type BatchWrite, queryAll, queryPage, readDocument, writeBatch } from './documents';
import { bucketOf, colocate } from './partitions';

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

  async saveCapture(write: MeetingWrite, items: New<ActionItem>[]): Promise<{ meeting: Meeting; items: ActionItem[] }> {
    const container = await this.store.container('items');
    const tenantId = write.meeting.tenantId;
    // The capture's items live in the meeting's bucket, so the meeting and its items are written in one batch.
    const bucket = bucketOf(meetingDocumentId(write.meeting.key));
    const itemWrites: BatchWrite[] = items.map((doc) => ({ op: 'Upsert', doc: { ...doc, id: colocate(doc.id, bucket) } }));
    if (write.kind === 'keep') {
      return { meeting: write.meeting, items: await writeBatch<ActionItem>(container, tenantId, itemWrites) };
    }
    const meetingWrite: BatchWrite =
      write.kind === 'create'
        ? { op: 'Create', doc: { ...write.meeting, id: meetingDocumentId(write.meeting.key) } }
        : { op: 'Upsert', doc: write.meeting, ifMatch: write.meeting.etag };
    const [saved, ...savedItems] = await writeBatch<ActionItem | Meeting>(container, tenantId, [meetingWrite, ...itemWrites]);
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
