import { ErasureInput } from '../domain';
import { authenticated, type HttpDeps, type HttpRoute, json } from './pipeline';

/** `/api/tenant/erasure`: a tenant admin erases a buyer contact (GDPR art. 17). */
export function tenantErasureRoutes(deps: HttpDeps): HttpRoute[] {
  return [
    {
      name: 'tenant-erasure',
      methods: ['POST'],
      route: 'tenant/erasure',
      handler: authenticated(deps, async (call) => {
        const { email } = await call.body(ErasureInput);
        const result = await deps.erasure.erase(call.viewer, email);
        return json(200, { email: result.email, ...result.counts, ids: result.ids, resumed: result.resumed });
      }),
    },
  ];
}
