import type { BotInstallations } from '../services/bot-installs';
import type { CardActionService } from '../services/card-actions';
import type { DeliveryChannel, DeliveryResult, OutgoingMessage, UserRepository } from '../services/ports';
import { cardFor } from './cards';
import type { BotConnector, CardActivity } from './connector';

export interface CardChannelDeps {
  installations: BotInstallations;
  connector: BotConnector;
  cards: CardActionService;
  users: UserRepository;
  /** A line for each card sent, and for what went wrong around one. */
  log?: (line: string) => void;
}

type Result = DeliveryResult & { unreachable?: boolean };

/**
 * The `card` channel: a message as one Adaptive Card (bot/cards.ts) in the user's personal chat with the Followthrough
 * bot, sent proactively through the Bot Connector at the user's own `serviceUrl`. Where the app was never installed
 * for the user, or Teams says the bot can no longer reach them, the answer is `unreachable` and the dispatcher tries
 * the next channel.
 *
 * Nothing lost, nothing doubled: a 429 or 5xx means the connector took nothing, so it is retryable (Retry-After
 * passed on); a message the connector took is recorded with its activity id on the user's conversation before this
 * answers, so a retry of the same message (same id) after a crash in between finds it and sends nothing. (The connector
 * has no idempotency key of its own; what remains is a process dying between the connector's answer and that record.)
 */
export class CardChannel implements DeliveryChannel {
  readonly name = 'card' as const;

  constructor(private readonly deps: CardChannelDeps) {}

  async deliver(message: OutgoingMessage): Promise<Result> {
    try {
      return await this.send(message);
    } catch (error) {
      // The store was busy (a typed Unavailable) or something unexpected: try again later, never throw at the dispatcher.
      return { ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async send(message: OutgoingMessage): Promise<Result> {
    const { tenantId, userId } = message.recipient;
    const conversation = await this.deps.installations.get(tenantId, userId);
    if (!conversation || !conversation.installed) return { ok: false, retryable: false, unreachable: true, error: 'the bot is not installed for this user' };
    if (conversation.sent.some((s) => s.messageId === message.id)) return { ok: true, channel: 'card' };

    const user = await this.deps.users.get(tenantId, userId);
    const context = await this.deps.cards.cardState(message, { timeZone: user?.timeZone ?? 'UTC', teamsUserId: conversation.teamsUserId });
    const card = cardFor(message, context);
    const activity: CardActivity = {
      type: 'message',
      summary: message.notifications.length === 1 ? (message.notifications[0]?.text ?? 'Followthrough') : `${message.notifications.length} things need you`,
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
    };

    let conversationId = conversation.conversationId;
    if (!conversationId) {
      const created = await this.deps.connector.createConversation(conversation.serviceUrl, { tenantId, teamsUserId: conversation.teamsUserId });
      if (created.kind !== 'ok') return this.failure(created, conversation, false);
      conversationId = created.body.id;
      await this.deps.installations.conversationCreated(conversation, conversationId);
    }
    const sent = await this.deps.connector.sendToConversation(conversation.serviceUrl, conversationId, activity);
    if (sent.kind !== 'ok') return this.failure(sent, conversation, sent.kind === 'unreachable' && sent.status === 404);
    try {
      await this.deps.installations.sent(conversation, message.id, sent.body.id ?? '');
    } catch (error) {
      // Delivered: say so. Only a retry of this very message could now send it twice.
      this.deps.log?.(`card: sent ${message.id} but could not record it: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.deps.log?.(`[notify] → ${message.recipient.displayName}: ${activity.summary} (card in the bot chat)`);
    return { ok: true, channel: 'card' };
  }

  private async failure(reply: Exclude<Awaited<ReturnType<BotConnector['sendToConversation']>>, { kind: 'ok' }>, conversation: Parameters<BotInstallations['unreachable']>[0], conversationGone: boolean): Promise<Result> {
    switch (reply.kind) {
      case 'retry':
        return { ok: false, retryable: true, retryAfterSeconds: reply.retryAfterSeconds, error: reply.error };
      case 'unreachable':
        await this.deps.installations.unreachable(conversation, conversationGone);
        // A 404 names a conversation that is gone: the next attempt makes a new one. A 403: the bot was removed.
        if (conversationGone) return { ok: false, retryable: true, error: reply.error };
        return { ok: false, retryable: false, unreachable: true, error: reply.error };
      case 'failed':
        return { ok: false, retryable: false, error: reply.error };
    }
  }
}
