import { type Clock } from '../src/services/ports';
import type { CosmosStore } from '../src/store/cosmos';
import { deleteDocument } from '../src/store/documents';
import { CONTAINERS, type ContainerName } from '../src/store/layout';
import { tracedTimer } from '../src/platform/telemetry';
import type { TimerRoute } from '../src/timers/registry';

/**
 * What has expired in a container with TTL on, across every tenant: a document whose own `ttl` (seconds) has passed
 * since its last write (`_ts`). Documents without one never expire (the containers have no default TTL).
 */
export const EXPIRED_DOCUMENTS = 'SELECT c.id, c.tenantId FROM c WHERE IS_NUMBER(c.ttl) AND c.ttl > 0 AND c._ts + c.ttl <= @now';

export interface ExpirySummary {
  examined: number;
  deleted: number;
}

export interface ExpiryOptions {
  pageSize?: number;
  /** For tests: fail after this many deletions, as a crash midway would. */
  failAfter?: number;
}

/** The containers Cosmos DB expires documents in: TTL on (`defaultTtl` set in the layout). */
export function expiringContainers(): ContainerName[] {
  return (Object.keys(CONTAINERS) as ContainerName[]).filter((name) => (CONTAINERS[name] as { defaultTtl?: number }).defaultTtl !== undefined);
}

/**
 * Cosmos DB's TTL, for the embedded stand-in, which keeps expired documents: deletes every document of a TTL
 * container whose `_ts + ttl` has passed by the clock. Only the local host runs it (Azure's TTL does this there); it
 * is a timer like the others, `POST /admin/functions/expiry-sweep`.
 *
 * Paged and resumable without a checkpoint: each round asks for the first page of what has expired and deletes it,
 * so a run killed midway leaves only documents the next run finds the same way; what is deleted is gone from the
 * next page. A round that deletes nothing (every document gone already) ends the container.
 */
export class ExpirySweep {
  constructor(
    private readonly store: CosmosStore,
    private readonly clock: Clock,
  ) {}

  async run(options: ExpiryOptions = {}): Promise<ExpirySummary> {
    const summary: ExpirySummary = { examined: 0, deleted: 0 };
    const now = Math.floor(this.clock.now().getTime() / 1000);
    for (const name of expiringContainers()) {
      const container = await this.store.container(name);
      for (;;) {
        const { resources } = await container.items
          .query<{ id: string; tenantId: string }>({ query: EXPIRED_DOCUMENTS, parameters: [{ name: '@now', value: now }] }, { maxItemCount: options.pageSize ?? 100 })
          .fetchNext();
        if (resources.length === 0) break;
        let deleted = 0;
        for (const doc of resources) {
          summary.examined++;
          if (await deleteDocument(container, doc.tenantId, doc.id)) {
            deleted++;
            summary.deleted++;
            if (options.failAfter !== undefined && summary.deleted >= options.failAfter) throw new Error(`expiry-sweep: injected failure after ${summary.deleted} documents`);
          }
        }
        if (deleted === 0) break;
      }
    }
    return summary;
  }
}

/** The local host's own timer: every ten minutes, as often as anyone would notice. */
export function expiryTimer(sweep: ExpirySweep): TimerRoute {
  return tracedTimer({ name: 'expiry-sweep', schedule: '0 */10 * * * *', run: async () => ({ ...(await sweep.run()) }) });
}
