import type { DeliveryChannelName, Notification } from '../domain';
import { messageIdOf } from './ids';
import type { DeliveryChannel, OutgoingMessage } from './ports';

/** How one message fared on the user's channels, tried in their order. */
export type DeliveryOutcome =
  | { kind: 'sent'; channel: DeliveryChannelName; skipped: string[] }
  /** A channel that can reach the user failed: retried on that same channel later when `retryable`. */
  | { kind: 'failed'; channel: DeliveryChannelName; retryable: boolean; retryAfterSeconds?: number; error: string; skipped: string[] }
  /** Every channel of the user's said it cannot reach them. */
  | { kind: 'unreachable'; skipped: string[] };

/**
 * The delivery channels this deployment has, by name (composition.ts wires them: the bot's card where it exists, the
 * activity feed and the service mailbox; locally the outbox). A user's preferences may name one that is not wired
 * (the card before the bot is set up): it is skipped, and the delivery record says so.
 */
export class DeliveryChannels {
  private readonly byName = new Map<DeliveryChannelName, DeliveryChannel>();

  constructor(channels: DeliveryChannel[]) {
    for (const channel of channels) {
      if (this.byName.has(channel.name)) throw new Error(`Two delivery channels are named ${channel.name}`);
      this.byName.set(channel.name, channel);
    }
  }

  get names(): DeliveryChannelName[] {
    return [...this.byName.keys()];
  }

  /**
   * Delivers the message through the channels in `order`, from `start` on: a channel that cannot reach the user
   * (`unreachable`, or not wired here) passes it to the next, noting why; the first success or real failure ends it.
   * A channel that throws counts as a retryable failure (channels should not throw; this keeps one that does from
   * losing the message).
   */
  async deliver(message: OutgoingMessage, order: DeliveryChannelName[], start: DeliveryChannelName | null): Promise<DeliveryOutcome> {
    const skipped: string[] = [];
    const from = start && order.includes(start) ? order.indexOf(start) : 0;
    for (const name of order.slice(from)) {
      const channel = this.byName.get(name);
      if (!channel) {
        skipped.push(`${name}: not available in this deployment`);
        continue;
      }
      const result = await channel.deliver(message).catch((error: unknown): Awaited<ReturnType<DeliveryChannel['deliver']>> => ({ ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) }));
      if (result.ok) return { kind: 'sent', channel: name, skipped };
      if (result.unreachable) {
        skipped.push(`${name}: ${result.error}`);
        continue;
      }
      return { kind: 'failed', channel: name, retryable: result.retryable, retryAfterSeconds: result.retryAfterSeconds, error: result.error, skipped };
    }
    return { kind: 'unreachable', skipped };
  }
}

/**
 * The message's id: one its notifications carry from an earlier attempt (a retry stays the same message), else the
 * notification's own for a message of one, else one derived from their ids.
 */
export function messageIdFor(notifications: Notification[]): string {
  const carried = notifications.map((n) => n.messageId).filter((id): id is string => Boolean(id)).sort()[0];
  if (carried) return carried;
  const [only, ...rest] = notifications;
  return only && rest.length === 0 ? only.id : messageIdOf(notifications.map((n) => n.id));
}

/** The channel a retried message starts with: the one that failed last time, when all of its notifications say so. */
export function retryStart(notifications: Notification[], order: DeliveryChannelName[]): DeliveryChannelName | null {
  const starts = notifications.map((n) => n.retryChannel ?? null);
  if (starts.some((s) => s === null || !order.includes(s))) return null;
  return [...(starts as DeliveryChannelName[])].sort((a, b) => order.indexOf(a) - order.indexOf(b))[0] ?? null;
}

/** The delivery record's words: the channels skipped and why, then the one used ("card: … → feed"). */
export function deliveryNote(skipped: string[], used: DeliveryChannelName | null): string | null {
  if (skipped.length === 0) return null;
  return used ? `${skipped.join('; ')} → ${used}` : skipped.join('; ');
}
