import { AuditHistoryQuery, Id, TenantAuditQuery } from '../domain';
import { authenticated, type HttpDeps, type HttpRoute, json, tenantAdmin } from './pipeline';

/** The audit trail: an item's history for whoever may see the item; the tenant's trail for its admins. */
export function auditRoutes(deps: HttpDeps): HttpRoute[] {
  return [
    {
      name: 'audit-item-history',
      methods: ['GET'],
      route: 'action-items/{id}/history',
      handler: authenticated(deps, async (call) => {
        const id = call.param('id', Id, 'The action item');
        return json(200, await deps.auditHistory.itemHistory(call.viewer, id, call.query(AuditHistoryQuery)));
      }),
    },
    {
      name: 'audit-tenant-list',
      methods: ['GET'],
      route: 'tenant/audit',
      handler: tenantAdmin(deps, async (call) => {
        return json(200, await deps.auditHistory.tenantAudit(call.viewer, call.query(TenantAuditQuery)));
      }),
    },
  ];
}
