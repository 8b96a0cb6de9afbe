import type { ErrorResponse } from '@azure/cosmos';
import type { Notification } from '../domain';
import type { New, NotificationRepository, Page, PageRequest } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { queryAcrossTenants, queryPage, readDocument, replaceDocument, toDocument, translateCosmosError } from './documents';

/** The dispatcher's query, across every tenant (with the sweep's, the named exceptions; docs/scale.md). */
export const NOTIFICATIONS_DUE = "SELECT * FROM c WHERE c.type = 'notification' AND c.status = 'pending' AND c.nextAttemptAt <= @now ORDER BY c.nextAttemptAt ASC";

export class CosmosNotificationRepository implements NotificationRepository {
  constructor(private readonly store: CosmosStore) {}

  async createOnce(notification: New<Notification>): Promise<boolean> {
    const container = await this.store.container('notifications');
    try {
      await container.items.create(toDocument(container, notification));
      return true;
    } catch (error) {
      if ((error as ErrorResponse)?.code === 409) return false;
      throw translateCosmosError(error);
    }
  }

  async get(tenantId: string, id: string): Promise<Notification | null> {
    return readDocument<Notification>(await this.store.container('notifications'), id, tenantId);
  }

  async replace(notification: Notification, ifMatch: string): Promise<Notification> {
    return replaceDocument(await this.store.container('notifications'), notification, ifMatch);
  }

  async due(now: string, page: PageRequest): Promise<Page<Notification>> {
    return queryAcrossTenants<Notification>(
      await this.store.container('notifications'),
      { query: NOTIFICATIONS_DUE, parameters: [{ name: '@now', value: now }] },
      page,
    );
  }

  async listForRecipient(tenantId: string, recipientId: string, page: PageRequest): Promise<Page<Notification>> {
    return queryPage<Notification>(
      await this.store.container('notifications'),
      {
        query: "SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = 'notification' AND c.recipientId = @recipientId ORDER BY c.createdAt DESC",
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@recipientId', value: recipientId },
        ],
      },
      tenantId,
      page,
    );
  }
}
