import type { Notification } from '../domain';
import type { BotConversation, BotConversationRepository, CardMessages, New } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { createDocument, queryAll, readDocument, replaceDocument } from './documents';

/** The document id of a user's bot conversation, beside their user document in the tenant's `users` partition. */
export function botConversationId(userId: string): string {
  return `bot-conversation-${userId}`;
}

/** Bot conversations in the `users` container (one partition a tenant; nothing that lists users reads them). */
export class CosmosBotConversationRepository implements BotConversationRepository {
  constructor(private readonly store: CosmosStore) {}

  async get(tenantId: string, userId: string): Promise<BotConversation | null> {
    const found = await readDocument<BotConversation>(await this.store.container('users'), botConversationId(userId), tenantId);
    return found?.type === 'botConversation' ? found : null;
  }

  async save(conversation: New<BotConversation>, ifMatch: string | null): Promise<BotConversation> {
    const container = await this.store.container('users');
    const document = { ...conversation, id: botConversationId(conversation.userId) };
    return ifMatch === null ? createDocument<BotConversation>(container, document) : replaceDocument<BotConversation>(container, { ...document, etag: ifMatch }, ifMatch);
  }
}

/** A card's message, by its id: the notification itself (a message of one), else those that carry its id (one query). */
export class CosmosCardMessages implements CardMessages {
  constructor(private readonly store: CosmosStore) {}

  async notificationsOf(tenantId: string, messageId: string): Promise<Notification[]> {
    const container = await this.store.container('notifications');
    const own = await readDocument<Notification>(container, messageId, tenantId);
    if (own?.type === 'notification' && (own.messageId ?? own.id) === messageId) return [own];
    const carrying = await queryAll<Notification>(
      container,
      {
        query: "SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = 'notification' AND c.messageId = @messageId",
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@messageId', value: messageId },
        ],
      },
      tenantId,
    );
    // In the order the message had them: oldest first.
    return carrying.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
}
