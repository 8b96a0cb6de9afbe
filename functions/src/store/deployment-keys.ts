import { randomBytes } from 'node:crypto';
import { Conflict } from '../domain';
import type { DeploymentKeys } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { createDocument, readDocument } from './documents';

/** The partition of deployment-wide documents: not a tenant id (those are GUIDs), so no tenant ever reads it. */
export const DEPLOYMENT_PARTITION = '_deployment';
const CURSOR_KEY_ID = 'cursor-key';

interface KeyDocument {
  id: string;
  tenantId: string;
  type: 'deploymentKey';
  key: string;
  createdAt: string;
}

/**
 * The deployment's own keys, in the `teams` container under a partition of their own. The first instance that needs
 * the cursor key creates it (create, not upsert: when two instances race, the second reads the first's key); every
 * instance then keeps it in memory for its lifetime.
 */
export class CosmosDeploymentKeys implements DeploymentKeys {
  private cursor: Promise<Uint8Array> | undefined;

  constructor(private readonly store: CosmosStore) {}

  cursorKey(): Promise<Uint8Array> {
    this.cursor ??= this.loadOrCreate(CURSOR_KEY_ID).catch((error: unknown) => {
      this.cursor = undefined;
      throw error;
    });
    return this.cursor;
  }

  private async loadOrCreate(id: string): Promise<Uint8Array> {
    const container = await this.store.container('teams');
    const existing = await readDocument<KeyDocument>(container, id, DEPLOYMENT_PARTITION);
    if (existing) return Buffer.from(existing.key, 'base64');
    const doc: KeyDocument = { id, tenantId: DEPLOYMENT_PARTITION, type: 'deploymentKey', key: randomBytes(32).toString('base64'), createdAt: new Date().toISOString() };
    try {
      await createDocument(container, doc);
      return Buffer.from(doc.key, 'base64');
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      const winner = await readDocument<KeyDocument>(container, id, DEPLOYMENT_PARTITION);
      if (!winner) throw error;
      return Buffer.from(winner.key, 'base64');
    }
  }
}
