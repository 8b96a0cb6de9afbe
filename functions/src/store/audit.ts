import type { AuditEntry } from '../domain';
import { Conflict, ProblemError } from '../domain';
import type { AuditRepository, New, Page, PageRequest } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { createDocument, queryPage, readDocument, replaceDocument, writeBatch } from './documents';
import { bucketOf, colocate } from './partitions';

/** At most this many operations go in one transactional batch (Cosmos DB's limit). */
const BATCH_LIMIT = 100;

/**
 * The audit trail on the `audit` container. Each entry lives in the bucket of the thing it records (its id is placed
 * there with `colocate`), so one item's history is one logical partition, `[tenantId, bucketOf(itemId)]`, and the
 * entries of one capture or review (whose items share a bucket) are written in one batch.
 */
export class CosmosAuditRepository implements AuditRepository {
  constructor(private readonly store: CosmosStore) {}

  /**
   * Creates each entry once. Entry ids are derived from the change, so an entry that exists already is a retry of a
   * change recorded before: a 409 means done. Entries of one partition go in one batch; a batch refused because one
   * of them exists falls back to creating them one by one — and so does a batch the SDK failed as a whole (it
   * rethrows a throttled or unavailable batch as a plain Error, without its status), so that the failure comes back
   * typed (Unavailable) from the single creates and the audit trail retries it.
   */
  async append(entries: New<AuditEntry>[]): Promise<void> {
    const container = await this.store.container('audit');
    const partitions = new Map<string, New<AuditEntry>[]>();
    for (const entry of entries) {
      const placed = { ...entry, id: colocate(entry.id, bucketOf(entry.entity.id)) };
      const key = `${entry.tenantId}\u0000${bucketOf(placed.id)}`;
      partitions.set(key, [...(partitions.get(key) ?? []), placed]);
    }
    const createOnce = (entry: New<AuditEntry>) =>
      createDocument(container, entry).catch((error: unknown) => {
        if (!(error instanceof Conflict)) throw error;
      });
    const writes: Promise<unknown>[] = [];
    for (const group of partitions.values()) {
      for (let start = 0; start < group.length; start += BATCH_LIMIT) {
        const chunk = group.slice(start, start + BATCH_LIMIT);
        const first = chunk[0] as New<AuditEntry>;
        if (chunk.length === 1) {
          writes.push(createOnce(first));
          continue;
        }
        writes.push(
          writeBatch(container, first.tenantId, chunk.map((doc) => ({ op: 'Create', doc }))).catch(async (error: unknown) => {
            if (error instanceof ProblemError && !(error instanceof Conflict)) throw error;
            await Promise.all(chunk.map(createOnce));
          }),
        );
      }
    }
    await Promise.all(writes);
  }

  async history(tenantId: string, entity: AuditEntry['entity'], page: PageRequest): Promise<Page<AuditEntry>> {
    return queryPage<AuditEntry>(
      await this.store.container('audit'),
      {
        // Ordered by the composite index (entity/id, at): the equality filter's property leads the ORDER BY.
        query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.entity.id = @id AND c.entity.kind = @kind ORDER BY c.entity.id ASC, c.at ASC',
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@id', value: entity.id },
          { name: '@kind', value: entity.kind },
        ],
      },
      tenantId,
      page,
      // The thing's bucket: its whole history is in this one partition.
      { id: entity.id },
    );
  }

  async list(tenantId: string, from: string, to: string, page: PageRequest): Promise<Page<AuditEntry>> {
    return queryPage<AuditEntry>(
      await this.store.container('audit'),
      {
        // Ordered by the composite index (tenantId, at).
        query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.at >= @from AND c.at < @to ORDER BY c.tenantId ASC, c.at ASC',
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@from', value: from },
          { name: '@to', value: to },
        ],
      },
      tenantId,
      page,
    );
  }

  /** One entry, by its id (which names its bucket). */
  async get(tenantId: string, id: string): Promise<AuditEntry | null> {
    return readDocument<AuditEntry>(await this.store.container('audit'), id, tenantId);
  }

  /**
   * Ids of up to `limit` of the tenant's entries that name a buyer contact by this email: as the buyer who acted, or
   * in a change (an item's owner, a meeting's organizer or people). The erasure of a contact (store/erasure.ts)
   * scrubs them; those email paths are indexed (layout.ts).
   */
  async namingContact(tenantId: string, email: string, limit: number): Promise<string[]> {
    const page = await queryPage<{ id: string }>(
      await this.store.container('audit'),
      {
        query:
          'SELECT c.id FROM c WHERE c.tenantId = @tenantId AND (c["by"].contactEmail = @email OR EXISTS(SELECT VALUE ch FROM ch IN c.changes WHERE ch.before.email = @email OR ch.after.email = @email OR ARRAY_CONTAINS(ch.before, {email: @email}, true) OR ARRAY_CONTAINS(ch.after, {email: @email}, true)))',
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@email', value: email },
        ],
      },
      tenantId,
      { limit },
    );
    return page.items.map((e) => e.id);
  }

  /** Entries are never changed, but by an erasure: the entry with a contact removed, if still at `ifMatch`. */
  async replaceErased(entry: AuditEntry, ifMatch: string): Promise<AuditEntry> {
    return replaceDocument(await this.store.container('audit'), entry, ifMatch);
  }
}
