import { TenantSettingsInput } from '../domain';
import { requireTenantAdmin } from '../services/tenant-admin';
import { authenticated, type HttpDeps, type HttpRoute, resource } from './pipeline';

/** `GET|PUT /api/tenant/settings`: the tenant's retention periods (tenant admins only; If-Match on PUT). */
export function tenantSettingsRoutes(deps: HttpDeps): HttpRoute[] {
  return [
    {
      name: 'tenant-settings-get',
      methods: ['GET'],
      route: 'tenant/settings',
      handler: authenticated(deps, async (call) => {
        requireTenantAdmin(call.viewer);
        return resource(200, await deps.tenantSettings.get(call.viewer));
      }),
    },
    {
      name: 'tenant-settings-replace',
      methods: ['PUT'],
      route: 'tenant/settings',
      handler: authenticated(deps, async (call) => {
        requireTenantAdmin(call.viewer);
        const ifMatch = call.ifMatch();
        return resource(200, await deps.tenantSettings.replace(call.viewer, await call.body(TenantSettingsInput), ifMatch));
      }),
    },
  ];
}
