import { Forbidden, isAdmin, type Viewer } from '../domain';

/**
 * Tenant administration (`/api/tenant/*`: retention, leavers, erasure, export, the audit trail) is for the tenant's
 * Followthrough admins only (the app role in their token); everyone else gets 403. Another tenant's ids are 404 as
 * everywhere, because every read is inside the caller's tenant.
 */
export function requireTenantAdmin(viewer: Viewer): void {
  if (!isAdmin(viewer)) throw new Forbidden('Only a Followthrough admin of your organization can use tenant administration.');
}
