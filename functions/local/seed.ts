import type { CosmosStore } from '../src/store/cosmos';
import { upsertBatch } from '../src/store/documents';
import type { ContainerName } from '../src/store/layout';
import { meetingDocumentId } from '../src/store/meetings';
import { partitionKeyFor } from '../src/store/partitions';
import type { DemoData } from './demo-data';

/**
 * Writes the demo data (upserts with fixed ids, so seeding twice changes nothing but the dates), in batches of
 * documents that share one full partition key, as a batch must.
 */
export async function seedDemoData(store: CosmosStore, data: DemoData): Promise<number> {
  const meetings = data.meetings.map((m) => ({ ...m, id: meetingDocumentId(m.key) }));
  const groups: [ContainerName, { tenantId: string; id: string }[]][] = [
    ['users', data.users],
    ['teams', data.teams],
    ['deals', data.deals],
    ['items', [...meetings, ...data.items]],
    ['reviews', data.reviews],
  ];
  let written = 0;
  for (const [name, docs] of groups) {
    const container = await store.container(name);
    const byPartition = new Map<string, { tenantId: string; docs: { tenantId: string; id: string }[] }>();
    for (const doc of docs) {
      const key = JSON.stringify(partitionKeyFor(name, doc.tenantId, doc.id));
      const group = byPartition.get(key) ?? { tenantId: doc.tenantId, docs: [] };
      group.docs.push(doc);
      byPartition.set(key, group);
    }
    for (const { tenantId, docs: partitionDocs } of byPartition.values()) {
      for (let i = 0; i < partitionDocs.length; i += 100) {
        written += (await upsertBatch(container, tenantId, partitionDocs.slice(i, i + 100))).length;
      }
    }
  }
  return written;
}
