import { createHash } from 'node:crypto';
import type { PartitionKey } from '@azure/cosmos';
import { type ContainerName, isBucketed } from './layout';

/**
 * Where a document lives: `[tenantId, bucket]` in a container that grows with use, `tenantId` in one bounded by the
 * tenant's size (users, teams).
 *
 * The bucket is a pure function of the document's id, so every point read and write knows the full key from the id
 * alone (the API's ids are all a client holds): 256 buckets per tenant, two hex digits. A UUID-shaped id names its
 * bucket by its first two hex digits; any other id (a meeting's `meeting-<hash>`, a notification's `n-<hash>`, a
 * team's goals) by the first two of its SHA-256. Nothing about a document that can change — its owner, its deal, its
 * due date — decides where it lives, so a reassignment or a reschedule never moves a document.
 *
 * What must be written in one transactional batch shares one full key: a capture places its new items in the
 * meeting's bucket, review commitments share one bucket (`colocate`). Ids that were minted before buckets existed
 * are UUIDs too, so existing data keeps its ids and simply lands in the bucket its id names.
 */
export const BUCKET_DIGITS = 2;
const UUID_SHAPED = /^([0-9a-f]{2})[0-9a-f]{6}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The bucket of a document id. */
export function bucketOf(id: string): string {
  const uuid = UUID_SHAPED.exec(id.toLowerCase());
  if (uuid) return uuid[1] as string;
  return createHash('sha256').update(id).digest('hex').slice(0, BUCKET_DIGITS);
}

/**
 * The same UUID-shaped id, moved into `bucket` (its first two hex digits replaced). Deterministic, so an id derived
 * from an Idempotency-Key stays the same on a retry. Ids of any other shape are returned unchanged (they are not
 * minted for batches).
 */
export function colocate(id: string, bucket: string): string {
  if (!UUID_SHAPED.test(id.toLowerCase()) || !/^[0-9a-f]{2}$/.test(bucket)) return id;
  return `${bucket}${id.slice(BUCKET_DIGITS)}`;
}

/** The full partition key of a document of this container. */
export function partitionKeyFor(container: ContainerName, tenantId: string, id: string): PartitionKey {
  return isBucketed(container) ? [tenantId, bucketOf(id)] : tenantId;
}

/** The partition key prefix that scopes a query to one tenant: every query that serves one tenant gives it. */
export function tenantScope(container: ContainerName, tenantId: string): PartitionKey {
  return isBucketed(container) ? [tenantId] : tenantId;
}

/** The document as stored: with its `bucket` in a bucketed container (the second level of its partition key). */
export function withBucket<T extends { id: string }>(container: ContainerName, doc: T): T & { bucket?: string } {
  return isBucketed(container) ? { ...doc, bucket: bucketOf(doc.id) } : doc;
}
