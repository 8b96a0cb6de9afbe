import { NotFound, type NotificationPreferencesInput, type PreferencesView, preferencesOf, type User, type Viewer } from '../domain';
import { type AuditTrail, auditBy } from './audit';
import type { Clock, UserRepository } from './ports';
import { changeIfMatch } from './versions';

/**
 * A user's own notification preferences (`GET|PUT /api/me/preferences`): always the caller's, never anyone else's.
 * They are a field of the user's document in the `users` container, so the dispatcher, which reads each tenant's
 * users once per run anyway, has everyone's preferences without a read more; their version is the user document's.
 */
export class PreferencesService {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async get(viewer: Viewer): Promise<PreferencesView> {
    return toPreferencesView(await this.me(viewer));
  }

  /**
   * Replaces them. `ifMatch` names the version read (412 when it is stale); without one the change applies to whatever
   * is current — a preference is the user's own, and the last save wins.
   */
  async replace(viewer: Viewer, input: NotificationPreferencesInput, ifMatch: string | null): Promise<PreferencesView> {
    const saved = await changeIfMatch(
      ifMatch ?? '*',
      () => this.me(viewer),
      async (user) => {
        const updatedAt = this.clock.now().toISOString();
        const stored = await this.users.replace({ ...user, preferences: { ...input, updatedAt } }, user.etag);
        await this.audit.record(auditBy(viewer), [
          { entity: { kind: 'user', id: user.id }, action: 'update', before: { preferences: preferencesOf(user) }, after: { preferences: preferencesOf(stored) }, at: updatedAt, version: stored.etag },
        ]);
        return stored;
      },
    );
    return toPreferencesView(saved);
  }

  private async me(viewer: Viewer): Promise<User> {
    const user = await this.users.get(viewer.tenantId, viewer.userId);
    if (!user) throw new NotFound('Your user record');
    return user;
  }
}

function toPreferencesView(user: User): PreferencesView {
  return { ...preferencesOf(user), timeZone: user.timeZone, updatedAt: user.preferences?.updatedAt ?? null, etag: user.etag };
}
