import { DepartureInput, Id } from '../domain';
import { type HttpDeps, type HttpRoute, json, tenantAdmin } from './pipeline';

/** `PUT /api/tenant/users/{userId}/departure {reassignTo?}`: someone left; their open work moves (tenant admins only). */
export function departureRoutes(deps: HttpDeps): HttpRoute[] {
  return [
    {
      name: 'tenant-users-departure',
      methods: ['PUT'],
      route: 'tenant/users/{userId}/departure',
      handler: tenantAdmin(deps, async (call) => {
        const userId = call.param('userId', Id, 'The user');
        return json(200, await deps.leavers.depart(call.viewer, userId, await call.body(DepartureInput)));
      }),
    },
  ];
}
