import { type NotificationView, toNotificationView, type Viewer } from '../domain';
import { decodeCursor, encodeCursor, type ListPage, queryFingerprint } from './paging';
import type { NotificationRepository } from './ports';

/** The reminders the caller was sent, newest first. */
export class NotificationService {
  constructor(private readonly notifications: NotificationRepository) {}

  async listMine(viewer: Viewer, query: { limit: number; cursor?: string }): Promise<ListPage<NotificationView>> {
    const fingerprint = queryFingerprint(viewer.userId, { list: 'notifications' });
    const page = await this.notifications.listForRecipient(viewer.tenantId, viewer.userId, {
      limit: query.limit,
      continuationToken: decodeCursor(query.cursor, fingerprint),
    });
    return { items: page.items.map(toNotificationView), nextCursor: encodeCursor(page.continuationToken, fingerprint) };
  }
}
