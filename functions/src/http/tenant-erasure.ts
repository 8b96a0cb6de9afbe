import { ErasureInput } from '../domain';
import { type HttpDeps, type HttpRoute, json, tenantAdmin } from './pipeline';

/** `/api/tenant/erasure`: a tenant admin erases a buyer contact (GDPR art. 17). */
export function tenantErasureRoutes(deps: HttpDeps): HttpRoute[] {
  return [
    {
      name: 'tenant-erasure',
      methods: ['POST'],
      route: 'tenant/erasure',
      handler: tenantAdmin(deps, async (call) => {
        const { email } = await call.body(ErasureInput);
        const result = await deps.erasure.erase(call.viewer, email);
        return json(200, { email: result.email, ...result.counts, ids: result.ids, resumed: result.resumed });
      }),
    },
  ];
}
