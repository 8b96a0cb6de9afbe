import { type NotificationView, toNotificationView, type Viewer } from '../domain';
import type { CursorCodec, CursorScope, ListPage } from './paging';
import type { NotificationRepository } from './ports';

/** The reminders the caller was sent, newest first. */
export class NotificationService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly cursors: CursorCodec,
  ) {}

  async listMine(viewer: Viewer, query: { limit: number; cursor?: string }): Promise<ListPage<NotificationView>> {
    const scope: CursorScope = { list: 'notifications', tenantId: viewer.tenantId, userId: viewer.userId, filters: {} };
    const page = await this.notifications.listForRecipient(viewer.tenantId, viewer.userId, {
      limit: query.limit,
      continuationToken: await this.cursors.decode(scope, query.cursor),
    });
    return { items: page.items.map(toNotificationView), nextCursor: await this.cursors.encode(scope, page.continuationToken) };
  }
}
