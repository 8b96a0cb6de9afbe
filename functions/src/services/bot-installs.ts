import { Conflict, PreconditionFailed } from '../domain';
import type { BotConversation, BotConversationRepository, Clock, New } from './ports';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How many sent messages a conversation remembers (a retried send looks its message up here). */
const SENT_KEPT = 50;

/** What an install or uninstall event said about one user's personal chat with the bot. */
export interface BotInstallEvent {
  tenantId: string;
  /** `from.aadObjectId` */
  userId: string;
  /** `from.id` (`29:…`) */
  teamsUserId: string;
  serviceUrl: string;
  conversationId: string;
  installed: boolean;
}

/**
 * Where the bot can reach each user: recorded when Teams tells the bot the app was installed for them (by the user,
 * or by an admin's setup policy) and forgotten when it is removed. A user who was never a Followthrough user yet still
 * gets the record: their reminders reach them once they are.
 */
export class BotInstallations {
  constructor(
    private readonly conversations: BotConversationRepository,
    private readonly clock: Clock,
    /** AUTH_ALLOWED_TENANTS: installs in other tenants are ignored. */
    private readonly allowedTenants: string[],
  ) {}

  /** Records the event; false when it is ignored (a tenant not allowed, no Entra user). */
  async record(event: BotInstallEvent): Promise<boolean> {
    const tenantId = event.tenantId.toLowerCase();
    const userId = event.userId.toLowerCase();
    if (!this.allowedTenants.includes(tenantId) || !GUID.test(userId)) return false;
    await this.update(tenantId, userId, (current) => ({
      id: current?.id ?? '',
      tenantId,
      type: 'botConversation',
      userId,
      teamsUserId: event.teamsUserId,
      serviceUrl: event.serviceUrl,
      conversationId: event.conversationId || current?.conversationId || null,
      installed: event.installed,
      updatedAt: this.clock.now().toISOString(),
      sent: current?.sent ?? [],
    }));
    return true;
  }

  get(tenantId: string, userId: string): Promise<BotConversation | null> {
    return this.conversations.get(tenantId, userId);
  }

  /** The conversation the bot created for a user (no install event named one). */
  async conversationCreated(conversation: BotConversation, conversationId: string): Promise<void> {
    await this.update(conversation.tenantId, conversation.userId, (current) => (current ? { ...current, conversationId } : null));
  }

  /** The connector refused to reach the user (the app was removed, the chat blocked): nothing goes there until a new install. */
  async unreachable(conversation: BotConversation, forgetConversation: boolean): Promise<void> {
    await this.update(conversation.tenantId, conversation.userId, (current) =>
      current ? { ...current, installed: forgetConversation ? current.installed : false, conversationId: forgetConversation ? null : current.conversationId } : null,
    );
  }

  /** Remembers that a message went out here as that activity, so a retry of it is not sent again. */
  async sent(conversation: BotConversation, messageId: string, activityId: string): Promise<void> {
    const at = this.clock.now().toISOString();
    await this.update(conversation.tenantId, conversation.userId, (current) =>
      current ? { ...current, sent: [...current.sent.filter((s) => s.messageId !== messageId), { messageId, activityId, at }].slice(-SENT_KEPT) } : null,
    );
  }

  /** A read-modify-write under If-Match, worked out again when another write got in first. */
  private async update(tenantId: string, userId: string, change: (current: BotConversation | null) => New<BotConversation> | BotConversation | null): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.conversations.get(tenantId, userId);
      const next = change(current);
      if (!next) return;
      const { etag: _etag, ...fields } = next as BotConversation;
      try {
        await this.conversations.save(fields, current?.etag ?? null);
        return;
      } catch (error) {
        if (attempt >= 5 || !(error instanceof PreconditionFailed || error instanceof Conflict)) throw error;
      }
    }
  }
}
