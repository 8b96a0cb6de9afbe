import type { JSONObject, OperationInput } from '@azure/cosmos';
import { type ActionItem, DAY_MS, DEFAULT_TRAPS, newActionItem, type Team, type User } from '../../functions/src/domain';
import type { CosmosStore } from '../../functions/src/store/cosmos';
import { keyOf, toDocument } from '../../functions/src/store/documents';
import type { ContainerName } from '../../functions/src/store/layout';

/** One item in `DUE_EVERY` is due; the rest cycle through the three other kinds (see `kindOf`). */
export const DUE_EVERY = 100;
const TENANTS = 4;
const REPS_PER_TENANT = 8;
/** Operations per `items.bulk` call: the old bulk API refuses more than 100 per partition in one call. */
const BULK_CHUNK = 100;
/** Bulk calls in flight at once. */
const BULK_CONCURRENCY = 4;

export interface SeedSummary {
  tenants: number;
  usersPerTenant: number;
  teamsPerTenant: number;
  items: number;
  /** Open, `nextNudgeAt` in the past, no ladder step taken yet. */
  due: number;
  /** Open, due in 1–30 days, `nextNudgeAt` = due date. */
  openNotYetDue: number;
  /** Open and overdue, first step already taken, next step in the future. */
  openOverdueWaiting: number;
  /** Done, `nextNudgeAt` null. */
  closed: number;
  seconds: number;
  /** Documents written per second by the bulk upserts, users and teams included. */
  documentsPerSecond: number;
}

interface Tenant {
  tenantId: string;
  managerId: string;
  repIds: string[];
}

function tenantsFor(size: number): Tenant[] {
  return Array.from({ length: TENANTS }, (_, t) => {
    const tenantId = `t${t}-${size}`;
    return { tenantId, managerId: `${tenantId}-m`, repIds: Array.from({ length: REPS_PER_TENANT }, (_, r) => `${tenantId}-r${r}`) };
  });
}

function user(tenantId: string, id: string, displayName: string, roles: User['roles']): Omit<User, 'etag'> {
  return { id, tenantId, type: 'user', displayName, email: `${id}@bench.example`, timeZone: 'Europe/London', roles };
}

function directoryDocuments(tenants: Tenant[], now: Date): { users: Omit<User, 'etag'>[]; teams: Omit<Team, 'etag'>[] } {
  const users = tenants.flatMap((t) => [
    user(t.tenantId, t.managerId, `Manager ${t.tenantId}`, ['manager']),
    ...t.repIds.map((id, r) => user(t.tenantId, id, `Rep ${r}`, ['rep'])),
  ]);
  const teams = tenants.map((t) => ({
    id: `${t.tenantId}-team`,
    tenantId: t.tenantId,
    type: 'team' as const,
    name: 'Sales',
    managerId: t.managerId,
    memberIds: t.repIds,
    traps: DEFAULT_TRAPS,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  }));
  return { users, teams };
}

type ItemKind = 'due' | 'notYetDue' | 'overdueWaiting' | 'closed';

/**
 * What item `i` is. Items go round the tenants (`i % TENANTS`); within a tenant every `DUE_EVERY`-th item is due, so
 * exactly 1 % of each tenant's items are due, owned by all its reps in turn.
 */
export function kindOf(i: number): ItemKind {
  const k = Math.floor(i / TENANTS);
  if (k % DUE_EVERY === 0) return 'due';
  return (['notYetDue', 'overdueWaiting', 'closed'] as const)[k % 3] as ItemKind;
}

/** Item `i`: small (short id and title, no notes, tags, slips), owned by one of its tenant's reps. */
function item(i: number, tenants: Tenant[], now: Date): Omit<ActionItem, 'etag'> {
  const tenant = tenants[i % tenants.length] as Tenant;
  const k = Math.floor(i / tenants.length);
  const repId = tenant.repIds[(k + Math.floor(k / DUE_EVERY)) % tenant.repIds.length] as string;
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const kind = kindOf(i);
  // due: an hour overdue, nothing taken yet. notYetDue: due in 1–30 days. overdueWaiting: a day overdue, step 0 taken,
  // the next step two days after the due date. closed: done.
  const dueAt = kind === 'due' ? at(-3_600_000) : kind === 'notYetDue' ? at((1 + (k % 30)) * DAY_MS) : at(-DAY_MS - (k % 3_600_000));
  const base = newActionItem(
    { title: `Item ${i}`, dueAt, owner: { type: 'user', userId: repId } },
    { id: `i${i}`, tenantId: tenant.tenantId, createdBy: repId, accountableId: repId, source: 'manual', meetingKey: null, dealId: null, now: new Date(Date.parse(dueAt) - 7 * DAY_MS) },
  );
  if (kind === 'overdueWaiting') {
    return { ...base, nudges: [{ step: 0, action: 'remind-owner', at: dueAt, outcome: 'taken' }], nextNudgeAt: new Date(Date.parse(dueAt) + 2 * DAY_MS).toISOString() };
  }
  if (kind === 'closed') return { ...base, status: 'done', completedAt: at(-DAY_MS / 2), nextNudgeAt: null };
  return base;
}

/** Upserts `count` documents through the bulk API, a few calls in flight at once. */
export async function bulkUpsert(store: CosmosStore, name: ContainerName, count: number, documentAt: (i: number) => { tenantId: string }): Promise<void> {
  const container = await store.container(name);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const start = next;
      next = Math.min(count, next + BULK_CHUNK);
      const operations: OperationInput[] = [];
      for (let i = start; i < next; i++) {
        const doc = documentAt(i);
        const body = toDocument(container, doc);
        operations.push({ operationType: 'Upsert', partitionKey: keyOf(container, doc.tenantId, String(body.id)), resourceBody: body as JSONObject });
      }
      const replies = await container.items.bulk(operations);
      const failed = replies.filter((r) => r.statusCode >= 400);
      if (failed.length > 0 || replies.length !== operations.length) {
        throw new Error(`Seeding ${name}: ${failed.length} of ${operations.length} upserts failed (first status ${failed[0]?.statusCode ?? 'none'})`);
      }
    }
  };
  await Promise.all(Array.from({ length: BULK_CONCURRENCY }, worker));
}

/** Seeds `size` items across a few tenants, each with one team (a manager and its reps), through the bulk API. */
export async function seedSweepData(store: CosmosStore, size: number, now: Date): Promise<SeedSummary> {
  const started = performance.now();
  const tenants = tenantsFor(size);
  const { users, teams } = directoryDocuments(tenants, now);
  await bulkUpsert(store, 'users', users.length, (i) => users[i] as Omit<User, 'etag'>);
  await bulkUpsert(store, 'teams', teams.length, (i) => teams[i] as Omit<Team, 'etag'>);
  await bulkUpsert(store, 'items', size, (i) => item(i, tenants, now));
  const seconds = (performance.now() - started) / 1000;
  const kinds: Record<ItemKind, number> = { due: 0, notYetDue: 0, overdueWaiting: 0, closed: 0 };
  for (let i = 0; i < size; i++) kinds[kindOf(i)]++;
  return {
    tenants: tenants.length,
    usersPerTenant: 1 + REPS_PER_TENANT,
    teamsPerTenant: 1,
    items: size,
    due: kinds.due,
    openNotYetDue: kinds.notYetDue,
    openOverdueWaiting: kinds.overdueWaiting,
    closed: kinds.closed,
    seconds: Math.round(seconds * 10) / 10,
    documentsPerSecond: Math.round((size + users.length + teams.length) / seconds),
  };
}
