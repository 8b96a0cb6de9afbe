import type { Container, ErrorResponse, FeedOptions, JSONObject, OperationInput, SqlQuerySpec } from '@azure/cosmos';
import { Conflict, InvalidInput, PreconditionFailed, ProblemError, Unavailable } from '../domain';
import type { Page, PageRequest } from '../services/ports';
import { containerNameOf } from './layout';
import { partitionKeyFor, tenantScope, withBucket } from './partitions';

/** Cosmos system fields, and `bucket` (where the document lives, not part of the domain). */
const SYSTEM_FIELDS = ['_rid', '_self', '_ts', '_attachments', '_lsn', 'bucket'];

/** A stored document as the domain sees it: Cosmos system fields dropped, `_etag` surfaced as `etag`. */
export function fromDocument<T>(resource: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (key === '_etag') out.etag = value;
    else if (!SYSTEM_FIELDS.includes(key)) out[key] = value;
  }
  return out as T;
}

/** The document as written to this container: without the domain's `etag`, with its `bucket` where it has one. */
export function toDocument(container: Container, value: object): Record<string, unknown> {
  const { etag: _etag, ...doc } = value as Record<string, unknown> & { id: string };
  return withBucket(containerNameOf(container.id), doc as { id: string });
}

/** The full partition key of document `id` of `tenantId` in this container. */
export function keyOf(container: Container, tenantId: string, id: string) {
  return partitionKeyFor(containerNameOf(container.id), tenantId, id);
}

/** Cosmos failures the API knows how to answer; anything else stays an unexpected error. */
export function translateCosmosError(error: unknown): unknown {
  const e = error as ErrorResponse;
  switch (e?.code) {
    case 409:
      return new Conflict('A document with this id already exists.');
    case 412:
      return new PreconditionFailed();
    case 429: {
      const ms = Number(e.retryAfterInMs ?? e.headers?.['x-ms-retry-after-ms'] ?? 1000);
      return new Unavailable('The database is busy. Retry shortly.', Math.max(1, Math.ceil(ms / 1000)));
    }
    case 408:
    case 503:
      return new Unavailable('The database is briefly unavailable. Retry shortly.');
    default:
      return error;
  }
}

/** Runs a Cosmos call, answering typed errors for the failures the API maps. */
export async function cosmos<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateCosmosError(error);
  }
}

export async function readDocument<T>(container: Container, id: string, tenantId: string): Promise<T | null> {
  try {
    const { resource } = await container.item(id, keyOf(container, tenantId, id)).read<Record<string, unknown>>();
    if (!resource || resource.tenantId !== tenantId) return null;
    return fromDocument<T>(resource);
  } catch (error) {
    if ((error as ErrorResponse)?.code === 404) return null;
    throw translateCosmosError(error);
  }
}

export async function createDocument<T extends object>(container: Container, value: object): Promise<T> {
  const { resource } = await cosmos(() => container.items.create(toDocument(container, value)));
  return fromDocument<T>(resource as unknown as Record<string, unknown>);
}

export async function replaceDocument<T extends { id: string; tenantId: string }>(container: Container, value: T, ifMatch: string): Promise<T> {
  const { resource } = await cosmos(() =>
    container.item(value.id, keyOf(container, value.tenantId, value.id)).replace(toDocument(container, value), { accessCondition: { type: 'IfMatch', condition: ifMatch } }),
  );
  return fromDocument<T>(resource as unknown as Record<string, unknown>);
}

/** Creates or replaces a document; with `ifMatch`, only while it is still at that version (412 otherwise). */
export async function upsertDocument<T extends object>(container: Container, value: object, ifMatch?: string): Promise<T> {
  const { resource } = await cosmos(() =>
    container.items.upsert(toDocument(container, value), ifMatch ? { accessCondition: { type: 'IfMatch', condition: ifMatch } } : {}),
  );
  return fromDocument<T>(resource as unknown as Record<string, unknown>);
}

/** Deletes a document (with `ifMatch`: only at that version); false when it was not there. */
export async function deleteDocument(container: Container, tenantId: string, id: string, ifMatch?: string): Promise<boolean> {
  try {
    await container.item(id, keyOf(container, tenantId, id)).delete(ifMatch ? { accessCondition: { type: 'IfMatch', condition: ifMatch } } : {});
    return true;
  } catch (error) {
    if ((error as ErrorResponse)?.code === 404) return false;
    throw translateCosmosError(error);
  }
}

/**
 * One page of a query scoped to one tenant: its partition, or in a bucketed container the prefix of its partitions
 * (the WHERE clause must filter the tenant too: the local stand-in ignores the partition key of a query). `within`
 * narrows it to one logical partition: the one the document with that id lives in (e.g. an item's audit history).
 */
export async function queryPage<T>(container: Container, spec: SqlQuerySpec, tenantId: string, page: PageRequest, within?: { id: string }): Promise<Page<T>> {
  const partitionKey = within ? keyOf(container, tenantId, within.id) : tenantScope(containerNameOf(container.id), tenantId);
  const options: FeedOptions = { maxItemCount: page.limit, partitionKey };
  if (page.continuationToken) options.continuationToken = page.continuationToken;
  let response;
  try {
    response = await container.items.query<Record<string, unknown>>(spec, options).fetchNext();
  } catch (error) {
    const translated = translateCosmosError(error);
    // A continuation token the store cannot resume from is the caller's bad cursor, not our failure.
    if (page.continuationToken && !(translated instanceof ProblemError)) {
      throw new InvalidInput([{ path: 'cursor', message: 'This cursor can no longer be used; start again without it' }]);
    }
    throw translated;
  }
  return {
    items: response.resources.map((r) => fromDocument<T>(r)),
    continuationToken: response.hasMoreResults && response.continuationToken ? response.continuationToken : null,
  };
}

export async function queryAll<T>(container: Container, spec: SqlQuerySpec, tenantId: string): Promise<T[]> {
  const response = await cosmos(() => container.items.query<Record<string, unknown>>(spec, { partitionKey: tenantScope(containerNameOf(container.id), tenantId) }).fetchAll());
  return response.resources.map((r) => fromDocument<T>(r));
}

/**
 * One page of a query across every tenant's partition, for the follow-up engine's system-wide sweeps. Only timers
 * use it; API requests always stay inside the caller's tenant.
 */
export async function queryAcrossTenants<T>(container: Container, spec: SqlQuerySpec, page: PageRequest): Promise<Page<T>> {
  const options: FeedOptions = { maxItemCount: page.limit };
  if (page.continuationToken) options.continuationToken = page.continuationToken;
  const response = await cosmos(() => container.items.query<Record<string, unknown>>(spec, options).fetchNext());
  return {
    items: response.resources.map((r) => fromDocument<T>(r)),
    continuationToken: response.hasMoreResults && response.continuationToken ? response.continuationToken : null,
  };
}

/** One write of a batch: create (409 if the id exists), upsert, or upsert only while still at `ifMatch`. */
export interface BatchWrite {
  op: 'Create' | 'Upsert';
  doc: { id: string };
  ifMatch?: string;
}

/**
 * Writes documents of one tenant that share one full partition key in one request: a transactional batch on Cosmos
 * (all or nothing; at most 100), a plain batch on the local stand-in. Answers the stored documents in order. The
 * first failing operation decides the error: Conflict for a create whose id exists, PreconditionFailed for a stale
 * `ifMatch`. Documents of different buckets cannot share a batch: that is a programming error, thrown as such.
 */
export async function writeBatch<T>(container: Container, tenantId: string, writes: BatchWrite[]): Promise<T[]> {
  const first = writes[0];
  if (!first) return [];
  const partitionKey = keyOf(container, tenantId, first.doc.id);
  const same = JSON.stringify(partitionKey);
  const stray = writes.find((w) => JSON.stringify(keyOf(container, tenantId, w.doc.id)) !== same);
  if (stray) throw new Error(`A batch writes one partition: ${stray.doc.id} is not in the partition of ${first.doc.id}`);
  const operations: OperationInput[] = writes.map((w) => {
    const resourceBody = toDocument(container, w.doc) as JSONObject;
    return w.op === 'Create'
      ? { operationType: 'Create', partitionKey, resourceBody }
      : { operationType: 'Upsert', partitionKey, resourceBody, ...(w.ifMatch ? { ifMatch: w.ifMatch } : {}) };
  });
  const response = await cosmos(() => container.items.batch(operations, partitionKey)).catch((error: unknown) => {
    // @azure/cosmos rethrows a failed batch request (a 429 after its own retries, a timeout) as a plain Error that
    // has lost its status: not the caller's fault, so a 503 to retry, never a 500.
    if (error instanceof Error && !(error instanceof ProblemError) && error.message.startsWith('Batch request error')) {
      throw new Unavailable('The database could not take these changes just now. Retry shortly.');
    }
    throw error;
  });
  const results = response.result ?? [];
  // In a failed transactional batch the other operations answer 424; the first real failure says why.
  const failed = results.find((r) => r.statusCode >= 400 && r.statusCode !== 424);
  if (failed || results.length !== operations.length) throw translateCosmosError({ code: failed?.statusCode ?? 503 });
  return results.map((r) => fromDocument<T>(r.resourceBody as Record<string, unknown>));
}

/** Upserts documents of one tenant and one partition in one request (see writeBatch). */
export function upsertBatch<T>(container: Container, tenantId: string, docs: { id: string }[]): Promise<T[]> {
  return writeBatch<T>(container, tenantId, docs.map((doc) => ({ op: 'Upsert', doc })));
}
