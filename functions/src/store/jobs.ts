import type { Stored } from '../domain';
import type { JobStateRepository, New } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { createDocument, deleteDocument, readDocument, replaceDocument } from './documents';

/** Job state in the `jobs` container (one partition a tenant): checkpoints of runs, delta links. */
export class CosmosJobStateRepository implements JobStateRepository {
  constructor(private readonly store: CosmosStore) {}

  async get<T extends Stored>(tenantId: string, id: string): Promise<T | null> {
    return readDocument<T>(await this.store.container('jobs'), id, tenantId);
  }

  async save<T extends Stored>(state: New<T>, ifMatch: string | null): Promise<T> {
    const container = await this.store.container('jobs');
    return ifMatch === null ? createDocument<T>(container, state) : replaceDocument<T>(container, { ...state, etag: ifMatch } as T, ifMatch);
  }

  async clear(tenantId: string, id: string): Promise<void> {
    await deleteDocument(await this.store.container('jobs'), tenantId, id);
  }
}
