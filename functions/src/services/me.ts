import type { Viewer } from '../domain';

/** What `GET /api/me` answers: the caller as the rules see them. */
export function describeViewer(viewer: Viewer) {
  return {
    userId: viewer.userId,
    tenantId: viewer.tenantId,
    displayName: viewer.displayName,
    email: viewer.email,
    roles: viewer.roles,
    teamIds: viewer.teamIds,
  };
}
