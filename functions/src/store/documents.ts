import type { Container, ErrorResponse, FeedOptions, JSONObject, OperationInput, SqlQuerySpec } from '@azure/cosmos';
import { Conflict, InvalidInput, PreconditionFailed, ProblemError, Unavailable } from '../domain';
import type { Page, PageRequest } from '../services/ports';

const SYSTEM_FIELDS = ['_rid', '_self', '_ts', '_attachments', '_lsn'];

/** A stored document as the domain sees it: Cosmos system fields dropped, `_etag` surfaced as `etag`. */
export function fromDocument<T>(resource: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (key === '_etag') out.etag = value;
    else if (!SYSTEM_FIELDS.includes(key)) out[key] = value;
  }
  return out as T;
}

export function toDocument(value: object): Record<string, unknown> {
  const { etag: _etag, ...doc } = value as Record<string, unknown>;
  return doc;
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
    const { resource } = await container.item(id, tenantId).read<Record<string, unknown>>();
    if (!resource || resource.tenantId !== tenantId) return null;
    return fromDocument<T>(resource);
  } catch (error) {
    if ((error as ErrorResponse)?.code === 404) return null;
    throw translateCosmosError(error);
  }
}

export async function createDocument<T extends object>(container: Container, value: object): Promise<T> {
  const { resource } = await cosmos(() => container.items.create(toDocument(value)));
  return fromDocument<T>(resource as unknown as Record<string, unknown>);
}

export async function replaceDocument<T extends { id: string; tenantId: string }>(container: Container, value: T, ifMatch: string): Promise<T> {
  const { resource } = await cosmos(() =>
    container.item(value.id, value.tenantId).replace(toDocument(value), { accessCondition: { type: 'IfMatch', condition: ifMatch } }),
  );
  return fromDocument<T>(resource as unknown as Record<string, unknown>);
}

/** One page of a query scoped to a tenant's partition (the WHERE clause must filter the tenant too). */
export async function queryPage<T>(container: Container, spec: SqlQuerySpec, tenantId: string, page: PageRequest): Promise<Page<T>> {
  const options: FeedOptions = { maxItemCount: page.limit, partitionKey: tenantId };
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
  const response = await cosmos(() => container.items.query<Record<string, unknown>>(spec, { partitionKey: tenantId }).fetchAll());
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
  doc: object;
  ifMatch?: string;
}

/**
 * Writes documents of one partition in one request: a transactional batch on Cosmos (all or nothing; at most 100),
 * a plain batch on the local stand-in. Answers the stored documents in order. The first failing operation decides
 * the error: Conflict for a create whose id exists, PreconditionFailed for a stale `ifMatch`.
 */
export async function writeBatch<T>(container: Container, partitionKey: string, writes: BatchWrite[]): Promise<T[]> {
  if (writes.length === 0) return [];
  const operations: OperationInput[] = writes.map((w) =>
    w.op === 'Create'
      ? { operationType: 'Create', partitionKey, resourceBody: toDocument(w.doc) as JSONObject }
      : { operationType: 'Upsert', partitionKey, resourceBody: toDocument(w.doc) as JSONObject, ...(w.ifMatch ? { ifMatch: w.ifMatch } : {}) },
  );
  const response = await cosmos(() => container.items.batch(operations, partitionKey));
  const results = response.result ?? [];
  // In a failed transactional batch the other operations answer 424; the first real failure says why.
  const failed = results.find((r) => r.statusCode >= 400 && r.statusCode !== 424);
  if (failed || results.length !== operations.length) throw translateCosmosError({ code: failed?.statusCode ?? 503 });
  return results.map((r) => fromDocument<T>(r.resourceBody as Record<string, unknown>));
}

/** Upserts documents of one partition in one request (see writeBatch). */
export function upsertBatch<T>(container: Container, partitionKey: string, docs: object[]): Promise<T[]> {
  return writeBatch<T>(container, partitionKey, docs.map((doc) => ({ op: 'Upsert', doc })));
}
