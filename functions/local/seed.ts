import type { CosmosStore } from '../src/store/cosmos';
import { upsertBatch } from '../src/store/documents';
import type { ContainerName } from '../src/store/layout';
import { meetingDocumentId } from '../src/store/meetings';
import type { DemoData } from './demo-data';

/** Writes the demo data (upserts with fixed ids, so seeding twice changes nothing but the dates). */
export async function seedDemoData(store: CosmosStore, data: DemoData): Promise<number> {
  const meetings = data.meetings.map((m) => ({ ...m, id: meetingDocumentId(m.key) }));
  const groups: [ContainerName, { tenantId: string }[]][] = [
    ['users', data.users],
    ['teams', data.teams],
    ['deals', data.deals],
    ['items', [...meetings, ...data.items]],
    ['reviews', data.reviews],
  ];
  let written = 0;
  for (const [name, docs] of groups) {
    const container = await store.container(name);
    const byTenant = new Map<string, object[]>();
    for (const doc of docs) {
      const list = byTenant.get(doc.tenantId);
      if (list) list.push(doc);
      else byTenant.set(doc.tenantId, [doc]);
    }
    for (const [tenantId, tenantDocs] of byTenant) {
      for (let i = 0; i < tenantDocs.length; i += 100) {
        written += (await upsertBatch(container, tenantId, tenantDocs.slice(i, i + 100))).length;
      }
    }
  }
  return written;
}
