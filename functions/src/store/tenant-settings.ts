import type { TenantSettings } from '../domain';
import type { New, TenantSettingsRepository } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { createDocument, readDocument, replaceDocument } from './documents';

/** The id of a tenant's settings document, in the tenant's partition of the `teams` container. */
export const TENANT_SETTINGS_ID = 'tenant-settings';

/**
 * A tenant's administration settings live beside its teams and traps (the `teams` container, one partition a tenant):
 * configuration, read with the tenant's teams, written rarely, never expiring — unlike the `jobs` container, whose
 * documents are the passing state of runs.
 */
export class CosmosTenantSettingsRepository implements TenantSettingsRepository {
  constructor(private readonly store: CosmosStore) {}

  async get(tenantId: string): Promise<TenantSettings | null> {
    const settings = await readDocument<TenantSettings>(await this.store.container('teams'), TENANT_SETTINGS_ID, tenantId);
    return settings?.type === 'tenantSettings' ? settings : null;
  }

  async save(settings: New<TenantSettings>, ifMatch: string | null): Promise<TenantSettings> {
    const container = await this.store.container('teams');
    const doc = { ...settings, id: TENANT_SETTINGS_ID };
    return ifMatch === null ? createDocument<TenantSettings>(container, doc) : replaceDocument<TenantSettings>(container, { ...doc, etag: ifMatch }, ifMatch);
  }
}
