import { randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import { type CosmosStandIn, startCosmosStandIn } from '../../functions/local/cosmos-standin';
import { createCosmosClient, type CosmosClient, CosmosStore } from '../../functions/src/store/cosmos';
import { CONTAINERS, type ContainerName, LEGACY_CONTAINER_IDS } from '../../functions/src/store/layout';
import { bucketOf } from '../../functions/src/store/partitions';
import { migratePartitions } from '../../tools/migrate-partitions';

/**
 * tools/migrate-partitions.ts on the Cosmos stand-in: a deployment whose data sits in the containers partitioned by
 * tenant alone gets every document into the new layout, once, also when a run is killed midway.
 */
let standIn: CosmosStandIn;
let client: CosmosClient;
const databaseId = `migrate-${randomUUID().slice(0, 8)}`;
const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
const SYSTEM = ['_rid', '_self', '_etag', '_ts', '_attachments', '_lsn'];

/** What the old layout held: per legacy container, documents of two tenants. */
const legacy: Record<string, Record<string, unknown>[]> = {
  items: [
    ...Array.from({ length: 120 }, (_, i) => ({ id: randomUUID(), tenantId: i % 3 ? T1 : T2, type: 'actionItem', title: `Item ${i}`, status: 'open', deleted: false })),
    { id: 'meeting-0123456789abcdef', tenantId: T1, type: 'meeting', key: 'AAMk-legacy', subject: 'Legacy meeting', attendees: [] },
  ],
  deals: Array.from({ length: 25 }, (_, i) => ({ id: randomUUID(), tenantId: i % 2 ? T1 : T2, type: 'deal', name: `Deal ${i}` })),
  notifications: Array.from({ length: 30 }, (_, i) => ({ id: `n-${i.toString(16).padStart(8, '0')}`, tenantId: T1, type: 'notification', status: i < 25 ? 'sent' : 'pending' })),
  reviews: Array.from({ length: 7 }, (_, i) => ({ id: randomUUID(), tenantId: T2, type: 'review', notes: `Review ${i}` })),
  idempotency: Array.from({ length: 4 }, (_, i) => ({ id: `idem-${i}`, tenantId: T1, state: 'done', ...(i === 0 ? { ttl: 3_600 } : {}) })),
};
const total = Object.values(legacy).reduce((n, docs) => n + docs.length, 0);

const strip = (doc: Record<string, unknown>) => Object.fromEntries(Object.entries(doc).filter(([k]) => !SYSTEM.includes(k)));
async function all(container: Container): Promise<Record<string, unknown>[]> {
  return (await container.items.query<Record<string, unknown>>('SELECT * FROM c').fetchAll()).resources.map(strip);
}

beforeAll(async () => {
  standIn = await startCosmosStandIn();
  client = createCosmosClient({ endpoint: standIn.endpoint, key: standIn.key, databaseId, agent: standIn.agent });
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  for (const [name, id] of Object.entries(LEGACY_CONTAINER_IDS) as [ContainerName, string][]) {
    const { container } = await database.containers.createIfNotExists({ id, partitionKey: { paths: ['/tenantId'] } });
    for (const doc of legacy[name] ?? []) await container.items.create(doc);
  }
  // The new version is deployed: its containers exist, and it already wrote one item anew (a newer version).
  await new CosmosStore(client, databaseId).ensureSchema();
  const rewritten = legacy.items?.[0] as Record<string, unknown>;
  await database.container(CONTAINERS.items.id).items.create({ ...rewritten, title: 'Changed since the new version', bucket: bucketOf(String(rewritten.id)) });
});

afterAll(async () => {
  await client.database(databaseId).delete().catch(() => undefined);
  client.dispose();
  await standIn.close();
});

describe('copying the data into the layout with hierarchical partition keys', () => {
  it('counts what it would copy in a dry run, and writes nothing', async () => {
    const report = await migratePartitions(client, databaseId, { dryRun: true, pageSize: 50 });
    expect(Object.fromEntries(Object.entries(report.containers).map(([k, v]) => [k, v.copied]))).toEqual({ items: 121, deals: 25, notifications: 30, reviews: 7, idempotency: 4 });
    expect(await all(client.database(databaseId).container(CONTAINERS.deals.id))).toEqual([]);
  });

  it('is killed midway, runs again, and ends with every document exactly once in its bucket, the newer one kept', async () => {
    await expect(migratePartitions(client, databaseId, { pageSize: 50, failAfterPages: 2 })).rejects.toThrow('injected failure after 2 pages');
    const partly = await all(client.database(databaseId).container(CONTAINERS.items.id));
    expect(partly.length).toBeGreaterThan(1);
    expect(partly.length).toBeLessThan(121);

    const report = await migratePartitions(client, databaseId, { pageSize: 50 });
    expect(report.resumed).toBe(true);
    // The second page was copied but not checkpointed when the run died: found there again (50), with the item the
    // new version had written itself (1); the other 70 copied.
    expect(report.containers.items).toEqual({ copied: 70, present: 51, sourceMissing: false });
    const database = client.database(databaseId);
    let seen = 0;
    for (const [name, docs] of Object.entries(legacy) as [ContainerName, Record<string, unknown>[]][]) {
      const copied = await all(database.container(CONTAINERS[name].id));
      expect({ name, count: copied.length }).toEqual({ name, count: docs.length });
      const byId = new Map(copied.map((d) => [String(d.id), d]));
      for (const doc of docs) {
        const target = byId.get(String(doc.id));
        // What expires in the new layout got the app's ttl: a sent notification 90 days, a pending one none yet, an
        // idempotency record 24 hours unless it had one.
        const ttl = name === 'notifications' ? (doc.status === 'sent' ? { ttl: 7_776_000 } : {}) : name === 'idempotency' ? { ttl: doc.ttl ?? 86_400 } : {};
        const expected = doc === legacy.items?.[0] ? { ...doc, title: 'Changed since the new version' } : { ...doc, ...ttl };
        expect(target).toEqual({ ...expected, bucket: bucketOf(String(doc.id)) });
        seen++;
      }
      expect(report.containers[name]?.copied ?? 0).toBeGreaterThan(0);
    }
    expect(seen).toBe(total);
    // Copied plus found there adds up to everything, across both runs: nothing copied twice.
    const sum = Object.values(report.containers).reduce((n, c) => n + c.copied + c.present, 0);
    expect(sum).toBe(total);
  });

  it('does nothing on a third run: the checkpoint says every container is done', async () => {
    const before = await all(client.database(databaseId).container(CONTAINERS.items.id));
    const report = await migratePartitions(client, databaseId, { pageSize: 50 });
    expect(report.resumed).toBe(true);
    expect(await all(client.database(databaseId).container(CONTAINERS.items.id))).toEqual(before);
  });
});
