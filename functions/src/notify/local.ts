import type { DeliveryChannelName, Notification } from '../domain';
import type { DeliveryChannel, DeliveryResult, OutgoingMessage } from '../services/ports';
import { messageSummary } from './message-text';

export interface LocalDelivery {
  at: string;
  notificationId: string;
  /** The message it went out in (several notifications of one user due together are one message). */
  messageId: string;
  channel: DeliveryChannelName;
  tenantId: string;
  recipientId: string;
  recipientName: string;
  kind: Notification['kind'];
  text: string;
}

/**
 * The local host's outbox: nothing leaves the machine. It is the local form of the `feed` and `email` channels
 * (`channels()`): each message is recorded once per notification it carries (and printed as one line,
 * `[notify] → Priya Shah: …`), and its notifications are marked sent on that channel, so `GET /api/notifications`
 * shows what a user would have got.
 */
export class LocalOutbox {
  readonly deliveries: LocalDelivery[] = [];
  /** Messages delivered, in order (one per user per dispatch run, whatever it carried). */
  readonly messages: { channel: DeliveryChannelName; message: OutgoingMessage }[] = [];

  constructor(private readonly print?: (line: string) => void) {}

  /** The local feed and email, in that order. */
  channels(): DeliveryChannel[] {
    return [this.channel('feed'), this.channel('email')];
  }

  channel(name: 'feed' | 'email'): DeliveryChannel {
    return { name, deliver: async (message) => this.record(name, message) };
  }

  private record(channel: DeliveryChannelName, message: OutgoingMessage): DeliveryResult {
    const at = new Date().toISOString();
    this.messages.push({ channel, message });
    for (const n of message.notifications) {
      this.deliveries.push({
        at,
        notificationId: n.id,
        messageId: message.id,
        channel,
        tenantId: n.tenantId,
        recipientId: message.recipient.userId,
        recipientName: message.recipient.displayName,
        kind: n.kind,
        text: n.text,
      });
    }
    this.print?.(`[notify] → ${message.recipient.displayName}: ${messageSummary(message)}`);
    return { ok: true, channel };
  }
}
