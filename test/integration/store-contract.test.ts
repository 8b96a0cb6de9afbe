/**
 * The repository contract: what services rely on from store/. Runs against the embedded Cosmos stand-in, or against a
 * real account when COSMOS_ENDPOINT (and COSMOS_KEY, or a signed-in Azure identity) are set.
 */
import { randomUUID } from 'node:crypto';
import { type ActionItem, Conflict, newActionItem, PreconditionFailed } from '../../functions/src/domain';
import { CosmosActionItemRepository } from '../../functions/src/store/action-items';
import { CosmosAuditRepository } from '../../functions/src/store/audit';
import { createCosmosClient, CosmosStore, RequestCounter } from '../../functions/src/store/cosmos';
import { CosmosDealRepository } from '../../functions/src/store/deals';
import { CosmosUserRepository } from '../../functions/src/store/directory';
import { CosmosIdempotencyRepository } from '../../functions/src/store/idempotency';
import { CosmosMeetingRepository, meetingDocumentId } from '../../functions/src/store/meetings';
import { bucketOf } from '../../functions/src/store/partitions';
import { type CosmosStandIn, startCosmosStandIn } from '../../functions/local/cosmos-standin';

const realEndpoint = process.env.COSMOS_ENDPOINT;
let standIn: CosmosStandIn | undefined;
let store: CosmosStore;
const counter = new RequestCounter();
const T1 = randomUUID();
const T2 = randomUUID();
const NOW = new Date('2026-11-22T10:00:00Z');

beforeAll(async () => {
  if (!realEndpoint) standIn = await startCosmosStandIn();
  const databaseId = `contract-${randomUUID().slice(0, 8)}`;
  const client = createCosmosClient({
    endpoint: realEndpoint ?? (standIn as CosmosStandIn).endpoint,
    key: realEndpoint ? process.env.COSMOS_KEY : standIn?.key,
    databaseId,
    agent: standIn?.agent,
    counter,
  });
  store = new CosmosStore(client, databaseId);
  await store.ensureSchema();
});

afterAll(async () => {
  await store.client.database(store.databaseId).delete().catch(() => undefined);
  store.client.dispose();
  await standIn?.close();
});

const item = (tenantId: string, id: string, dueAt: string, overrides: Partial<ActionItem> = {}) => ({
  ...newActionItem({ title: `Item ${id}`, owner: { type: 'user', userId: 'u1' }, dueAt }, { id, tenantId, createdBy: 'u1', accountableId: 'u1', source: 'manual', meetingKey: null, dealId: null, now: NOW }),
  ...overrides,
});

describe('action item repository', () => {
  const repo = () => new CosmosActionItemRepository(store);

  it('creates, reads and replaces with optimistic concurrency', async () => {
    const created = await repo().create(item(T1, 'a1', '2026-11-25T17:00:00.000Z'));
    expect(created.etag).toEqual(expect.any(String));
    expect(await repo().get(T1, 'a1')).toEqual(created);
    const replaced = await repo().replace({ ...created, title: 'Renamed' }, created.etag);
    expect(replaced.etag).not.toBe(created.etag);
    await expect(repo().replace({ ...created, title: 'Lost update' }, created.etag)).rejects.toThrow(PreconditionFailed);
    expect((await repo().get(T1, 'a1'))?.title).toBe('Renamed');
    await expect(repo().create(item(T1, 'a1', '2026-11-25T17:00:00.000Z'))).rejects.toThrow(Conflict);
  });

  it("never returns another tenant's documents, even with the same id", async () => {
    await repo().create(item(T2, 'a1', '2026-11-25T17:00:00.000Z', { title: 'Tenant two' }));
    expect((await repo().get(T1, 'a1'))?.title).toBe('Renamed');
    expect((await repo().get(T2, 'a1'))?.title).toBe('Tenant two');
    const page = await repo().list({ tenantId: T2, now: NOW.toISOString() }, { limit: 50 });
    expect(page.items.map((i) => i.tenantId)).toEqual([T2]);
  });

  it('pages through a filtered list in due order with continuation tokens, one request a page', async () => {
    for (let n = 0; n < 7; n++) await repo().create(item(T1, `p${n}`, `2026-11-${String(10 + n).padStart(2, '0')}T17:00:00.000Z`));
    await repo().create(item(T1, 'gone', '2026-11-09T17:00:00.000Z', { deleted: true }));
    await repo().create(item(T1, 'closed', '2026-11-09T17:00:00.000Z', { status: 'done', nextNudgeAt: null }));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      counter.reset();
      const page = await repo().list({ tenantId: T1, status: 'overdue', now: '2026-11-20T00:00:00.000Z' }, { limit: 3, continuationToken: token });
      expect(counter.data).toBe(1);
      seen.push(...page.items.map((i) => i.id));
      token = page.continuationToken ?? undefined;
      pages++;
    } while (token && pages < 10);
    expect(seen).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
  });
});

describe('deal, meeting, user and idempotency repositories', () => {
  it('reads many deals of one tenant in one request', async () => {
    const deals = new CosmosDealRepository(store);
    const base = { type: 'deal' as const, name: 'D', account: 'A', stage: 'prospect' as const, amount: 1, currency: 'USD', closeDate: null, ownerId: 'u1', createdBy: 'u1', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), lastActivityAt: NOW.toISOString() };
    await deals.create({ ...base, id: 'd1', tenantId: T1 });
    await deals.create({ ...base, id: 'd2', tenantId: T2 });
    counter.reset();
    const found = await deals.getMany(T1, ['d1', 'd2', 'nope']);
    expect(counter.data).toBe(1);
    expect(found.map((d) => d.id)).toEqual(['d1']);
  });

  it('saves a capture in one batch and finds its items by meeting key', async () => {
    const meetings = new CosmosMeetingRepository(store);
    const key = 'AAMkAD/+=weird key';
    const meeting = { tenantId: T1, type: 'meeting' as const, key, subject: 'S', start: NOW.toISOString(), end: NOW.toISOString(), organizer: null, attendees: [], dealId: null, createdBy: 'u1', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() };
    counter.reset();
    const [m1, m2] = ['0a0b0c0d-0000-4000-8000-000000000001', '0a0b0c0d-0000-4000-8000-000000000002'];
    const saved = await meetings.saveCapture({ kind: 'create', meeting }, [item(T1, m1, '2026-11-25T17:00:00.000Z', { meetingKey: key }), item(T1, m2, '2026-11-26T17:00:00.000Z', { meetingKey: key })]);
    expect(counter.data).toBe(1);
    // One batch, one partition: the items were moved into the meeting's bucket (their first two hex digits).
    const bucket = bucketOf(meetingDocumentId(key));
    expect(saved.items.map((i) => i.id)).toEqual([`${bucket}0b0c0d-0000-4000-8000-000000000001`, `${bucket}0b0c0d-0000-4000-8000-000000000002`]);
    expect((await meetings.get(T1, key))?.subject).toBe('S');
    expect(await meetings.get(T2, key)).toBeNull();
    expect((await meetings.listItems(T1, key)).map((i) => i.id)).toEqual(saved.items.map((i) => i.id));
  });

  it('creates a meeting once, replaces it only at its version, and keeps it while adding items', async () => {
    const meetings = new CosmosMeetingRepository(store);
    const key = 'contract-meeting-versions';
    const meeting = { tenantId: T1, type: 'meeting' as const, key, subject: 'First', start: NOW.toISOString(), end: NOW.toISOString(), organizer: null, attendees: [], dealId: null, createdBy: 'u1', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() };
    const first = await meetings.saveCapture({ kind: 'create', meeting }, []);
    await expect(meetings.saveCapture({ kind: 'create', meeting: { ...meeting, subject: 'Second' } }, [])).rejects.toThrow(Conflict);

    const renamed = await meetings.saveCapture({ kind: 'replace', meeting: { ...first.meeting, subject: 'Renamed' } }, []);
    await expect(meetings.saveCapture({ kind: 'replace', meeting: { ...first.meeting, subject: 'Stale' } }, [])).rejects.toThrow(PreconditionFailed);

    const kept = await meetings.saveCapture({ kind: 'keep', meeting: renamed.meeting }, [item(T1, 'ffffffff-0000-4000-8000-000000000001', '2026-11-25T17:00:00.000Z', { meetingKey: key })]);
    expect(kept.items.map((i) => i.id)).toEqual([`${bucketOf(meetingDocumentId(key))}ffffff-0000-4000-8000-000000000001`]);
    expect((await meetings.get(T1, key))?.subject).toBe('Renamed');
    expect((await meetings.listItems(T1, key)).map((i) => i.id)).toEqual(kept.items.map((i) => i.id));
  });

  it('refuses a second user with the same id', async () => {
    const users = new CosmosUserRepository(store);
    const user = { id: 'u1', tenantId: T1, type: 'user' as const, displayName: 'U', email: 'u@x.example', timeZone: 'UTC', roles: ['rep' as const] };
    await users.create(user);
    await expect(users.create(user)).rejects.toThrow(Conflict);
    expect((await users.getMany(T1, ['u1', 'u2'])).map((u) => u.id)).toEqual(['u1']);
  });

  it('claims an idempotency key once', async () => {
    const records = new CosmosIdempotencyRepository(store);
    const record = { id: 'k1', tenantId: T1, fingerprint: 'f', state: 'pending' as const, createdAt: NOW.toISOString(), response: null };
    const first = await records.claim(record);
    const second = await records.claim(record);
    expect([first.claimed, second.claimed]).toEqual([true, false]);
    await records.complete(first.record, { status: 201, body: { ok: true } });
    const third = await records.claim(record);
    expect(third.record).toMatchObject({ state: 'done', response: { status: 201, body: { ok: true } } });
    await records.release(third.record);
    expect((await records.claim(record)).claimed).toBe(true);
  });
});

describe('audit repository', () => {
  const entry = (tenantId: string, id: string, entityId: string, at: string, kind: 'actionItem' | 'team' | 'traps' = 'actionItem') => ({
    id,
    tenantId,
    type: 'audit' as const,
    entity: { kind, id: entityId },
    at,
    by: { kind: 'user' as const, userId: 'u1' },
    via: 'api' as const,
    action: 'update' as const,
    changes: [{ field: 'title', before: 'a', after: `b ${id}` }],
  });
  const ITEM = '3c000000-0000-4000-8000-0000000000aa';

  it("appends once, in the changed thing's bucket, one batch for one partition; an item's history is one partition, oldest first", async () => {
    const audit = new CosmosAuditRepository(store);
    const entries = [
      entry(T1, '11111111-0000-4000-8000-000000000002', ITEM, '2026-11-22T10:02:00.000Z'),
      entry(T1, '11111111-0000-4000-8000-000000000001', ITEM, '2026-11-22T10:01:00.000Z'),
      entry(T1, '11111111-0000-4000-8000-000000000003', ITEM, '2026-11-22T10:03:00.000Z'),
    ];
    counter.reset();
    await audit.append(entries);
    expect(counter.data).toBe(1);
    // A retry of the same changes: already there, nothing new (and no error).
    await audit.append(entries);
    await audit.append([entries[0]!]);
    // Another tenant's entry for an id that looks the same, and another kind of thing with the same id.
    await audit.append([entry(T2, '11111111-0000-4000-8000-000000000009', ITEM, '2026-11-22T10:00:00.000Z'), entry(T1, '11111111-0000-4000-8000-000000000008', ITEM, '2026-11-22T10:00:00.000Z', 'team')]);

    const first = await audit.history(T1, { kind: 'actionItem', id: ITEM }, { limit: 2 });
    const rest = await audit.history(T1, { kind: 'actionItem', id: ITEM }, { limit: 2, continuationToken: first.continuationToken ?? undefined });
    const all = [...first.items, ...rest.items];
    expect(all.map((e) => e.at)).toEqual(['2026-11-22T10:01:00.000Z', '2026-11-22T10:02:00.000Z', '2026-11-22T10:03:00.000Z']);
    expect(all.map((e) => e.id)).toEqual(['3c111111-0000-4000-8000-000000000001', '3c111111-0000-4000-8000-000000000002', '3c111111-0000-4000-8000-000000000003']);
    expect(rest.continuationToken).toBeNull();
  });

  it("lists a tenant's entries in a window, oldest first", async () => {
    const audit = new CosmosAuditRepository(store);
    await audit.append([
      entry(T1, '22222222-0000-4000-8000-000000000001', 'team-a', '2026-11-23T09:00:00.000Z', 'team'),
      entry(T1, '22222222-0000-4000-8000-000000000002', '7f000000-0000-4000-8000-0000000000bb', '2026-11-23T08:00:00.000Z'),
      entry(T1, '22222222-0000-4000-8000-000000000003', 'team-a', '2026-11-23T10:00:00.000Z', 'traps'),
    ]);
    const page = await audit.list(T1, '2026-11-23T08:00:00.000Z', '2026-11-23T10:00:00.000Z', { limit: 10 });
    expect(page.items.map((e) => [e.at, e.entity.kind])).toEqual([
      ['2026-11-23T08:00:00.000Z', 'actionItem'],
      ['2026-11-23T09:00:00.000Z', 'team'],
    ]);
    expect((await audit.list(T2, '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z', { limit: 10 })).items).toEqual([]);
  });
});
