import type { BotConversation, BotConversationRepository, New } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { createDocument, readDocument, replaceDocument } from './documents';

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
