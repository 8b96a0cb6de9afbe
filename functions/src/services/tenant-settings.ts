import { Conflict, DEFAULT_SETTINGS_ETAG, defaultTenantSettings, PreconditionFailed, type TenantSettings, type TenantSettingsInput, type TenantSettingsView, toTenantSettingsView, type Viewer } from '../domain';
import { type AuditTrail, auditBy } from './audit';
import type { Clock, TenantSettingsRepository } from './ports';
import { requireTenantAdmin } from './tenant-admin';
import { changeIfMatch } from './versions';

/**
 * A tenant's administration settings (`GET|PUT /api/tenant/settings`, tenant admins only): today the retention
 * periods. A tenant that never saved them has the defaults, at the version `defaults`; every save names the version
 * it read (If-Match), the first one included, so two admins saving at once cannot overwrite each other.
 */
export class TenantSettingsService {
  constructor(
    private readonly settings: TenantSettingsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async get(viewer: Viewer): Promise<TenantSettingsView> {
    requireTenantAdmin(viewer);
    return toTenantSettingsView(await this.current(viewer.tenantId));
  }

  async replace(viewer: Viewer, input: TenantSettingsInput, ifMatch: string): Promise<TenantSettingsView> {
    requireTenantAdmin(viewer);
    const saved = await changeIfMatch(
      ifMatch,
      () => this.current(viewer.tenantId),
      async (current) => {
        const first = current.etag === DEFAULT_SETTINGS_ETAG;
        const next = { id: current.id, tenantId: viewer.tenantId, type: 'tenantSettings' as const, retention: input.retention, updatedAt: this.clock.now().toISOString(), updatedBy: viewer.userId };
        let stored: TenantSettings;
        try {
          stored = await this.settings.save(next, first ? null : current.etag);
        } catch (error) {
          // Another admin saved the first settings in the meantime: as stale as any other version.
          if (first && error instanceof Conflict) throw new PreconditionFailed();
          throw error;
        }
        await this.audit.record(auditBy(viewer, 'admin'), [
          { entity: { kind: 'tenantSettings', id: stored.id }, action: first ? 'create' : 'update', before: first ? null : current, after: stored, at: next.updatedAt, version: stored.etag },
        ]);
        return stored;
      },
    );
    return toTenantSettingsView(saved);
  }

  private async current(tenantId: string): Promise<TenantSettings> {
    return (await this.settings.get(tenantId)) ?? defaultTenantSettings(tenantId);
  }
}
