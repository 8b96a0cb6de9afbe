import { TenantSettingsInput } from '../domain';
import { type HttpDeps, type HttpRoute, resource, tenantAdmin } from './pipeline';

/** `GET|PUT /api/tenant/settings`: the tenant's retention periods (tenant admins only; If-Match on PUT). */
export function tenantSettingsRoutes(deps: HttpDeps): HttpRoute[] {
  return [
    {
      name: 'tenant-settings-get',
      methods: ['GET'],
      route: 'tenant/settings',
      handler: tenantAdmin(deps, async (call) => {
        return resource(200, await deps.tenantSettings.get(call.viewer));
      }),
    },
    {
      name: 'tenant-settings-replace',
      methods: ['PUT'],
      route: 'tenant/settings',
      handler: tenantAdmin(deps, async (call) => {
        const ifMatch = call.ifMatch();
        return resource(200, await deps.tenantSettings.replace(call.viewer, await call.body(TenantSettingsInput), ifMatch));
      }),
    },
  ];
}
