import type { ErrorResponse } from '@azure/cosmos';
import type { IdempotencyRecord, IdempotencyRepository, New } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { deleteDocument, fromDocument, readDocument, replaceDocument, toDocument } from './documents';

export class CosmosIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly store: CosmosStore) {}

  async claim(record: New<IdempotencyRecord>): ReturnType<IdempotencyRepository['claim']> {
    const container = await this.store.container('idempotency');
    try {
      const { resource } = await container.items.create(toDocument(container, record));
      return { claimed: true as const, record: fromDocument<IdempotencyRecord>(resource as unknown as Record<string, unknown>) };
    } catch (error) {
      if ((error as ErrorResponse)?.code !== 409) throw error;
    }
    const existing = await readDocument<IdempotencyRecord>(container, record.id, record.tenantId);
    if (!existing) return this.claim(record); // released between our create and read: try again
    return { claimed: false as const, record: existing };
  }

  async complete(record: IdempotencyRecord, response: { status: number; body: unknown }): Promise<void> {
    await replaceDocument(await this.store.container('idempotency'), { ...record, state: 'done', response }, record.etag);
  }

  async release(record: IdempotencyRecord): Promise<void> {
    const container = await this.store.container('idempotency');
    await deleteDocument(container, record.tenantId, record.id, record.etag);
  }

  async takeOver(record: IdempotencyRecord, now: string): Promise<IdempotencyRecord | null> {
    try {
      return await replaceDocument(await this.store.container('idempotency'), { ...record, createdAt: now }, record.etag);
    } catch {
      return null;
    }
  }
}
