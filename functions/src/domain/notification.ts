import type { Stored } from './common';

/**
 * Activity types the app sends to the Teams activity feed. Each must be declared in the app manifest
 * (`activities.activityTypes`) with the same template text; the manifest check compares both ways.
 */
export const ACTIVITY_TYPES = {
  itemDue: { description: 'An action item is due', templateText: '{title} is due {when}' },
  itemOverdue: { description: 'An action item is overdue', templateText: '{title} is {daysOverdue} days overdue' },
  chaseBuyer: { description: 'Chase a buyer-side action item', templateText: 'Chase {contact} on {title}' },
  teamItemOverdue: { description: "A team member's item is overdue", templateText: "{owner}'s item {title} is {daysOverdue} days overdue" },
  agendaFlagged: { description: 'An item goes on the review agenda', templateText: '{title} is on your next review agenda' },
  dailyDigest: { description: 'Your day: due today and overdue', templateText: '{summary}' },
  weeklyDigest: { description: "Your team's week", templateText: '{summary}' },
  staleDeal: { description: 'A deal has gone quiet', templateText: '{deal} has had no activity for {days} days' },
  noNextStep: { description: 'A deal has no dated next step', templateText: '{deal} has no next step due within {days} days' },
  severalDue: { description: 'Several of your items need you at once', templateText: '{summary}' },
} as const;
export type ActivityType = keyof typeof ACTIVITY_TYPES;

import type { DeliveryChannelName, NotificationKind } from './vocabulary';

export { DELIVERY_CHANNELS, type DeliveryChannelName, NOTIFICATION_KINDS, type NotificationKind } from './vocabulary';

export type NotificationStatus = 'pending' | 'sent' | 'failed' | 'cancelled';
/**
 * The channel that delivered a notification: one of the delivery channels (card, feed, email). Notifications sent
 * before issue 11 say `teams-activity` (the feed) or `local` (the local host's outbox).
 */
export type NotificationChannelName = DeliveryChannelName | 'teams-activity' | 'local';

/** One row of a rep's daily digest: an item due today or overdue (what a digest card shows with Done / New date). */
export interface DigestRow {
  itemId: string;
  title: string;
  dueAt: string;
  /** 0 for an item due today. */
  daysOverdue: number;
  dealId: string | null;
}

/** What a digest holds, besides its sentence: the rows of a rep's day, or the sums of a manager's team week. */
export type DigestContent =
  | {
      kind: 'daily';
      /** Overdue items (most overdue first), then those due today; at most DIGEST_MAX_ROWS. */
      rows: DigestRow[];
      /** How many items the digest is about, rows left out included ("and 7 more"). */
      total: number;
    }
  | {
      kind: 'weekly';
      overdue: number;
      overdueByOwner: { userId: string; name: string; overdue: number }[];
      slips: { total: number; skill: number; cantDo: number; other: number };
      dealsAtRisk: { dealId: string; account: string; name: string }[];
    };
/**
 * One message to one user, created once (its id is derived from what caused it) and delivered once.
 */
export interface Notification extends Stored {
  type: 'notification';
  kind: NotificationKind;
  recipientId: string;
  /** The human sentence, as the feed's preview and the email's subject. */
  text: string;
  activityType: ActivityType;
  templateParameters: Record<string, string>;
  itemId: string | null;
  dealId: string | null;
  /**
   * For item notifications: the item's due date when the notification was created. If the item has since been
   * completed or rescheduled, the notification is cancelled instead of sent.
   */
  itemDueAt: string | null;
  status: NotificationStatus;
  /** The channel that delivered it (once sent). */
  channel: NotificationChannelName | null;
  /**
   * The delivery record in words: why the channels before the one used were skipped ("card: the bot is not installed
   * for this user → feed"), why it waits (quiet hours, digest only), or what it was folded into. Null when the first
   * channel took it at once.
   */
  deliveryNote?: string | null;
  /**
   * The message it went (or goes) out in: several notifications of one user due together are one message. Kept
   * across retries, so a retry of the message is recognisably the same one (the feed's chain id is derived from it).
   */
  messageId?: string | null;
  /** After a retryable failure: the channel the next attempt starts with (the earlier ones could not reach the user). */
  retryChannel?: DeliveryChannelName | null;
  /** A ladder reminder held back for a digest-only user: the local date of the daily digest it is folded into. */
  heldForDigest?: string | null;
  /** A digest's rows or sums (daily and weekly digests only). */
  digest?: DigestContent | null;
  attempts: number;
  /**
   * When a dispatcher may (re)try; null once sent, failed or cancelled. A dispatcher takes a notification by moving
   * this a few minutes ahead (with If-Match): that is its lease, and it runs out by itself if the dispatcher dies.
   */
  nextAttemptAt: string | null;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
  /**
   * Seconds after its last write that the store deletes it (Cosmos DB's per-document TTL): set when it becomes final
   * (sent, failed or cancelled), never while it is pending, so nothing expires before it was delivered or given up.
   */
  ttl?: number;
}

/** A notification as `GET /api/notifications` shows it. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  itemId: string | null;
  dealId: string | null;
  createdAt: string;
  status: NotificationStatus;
  channel: NotificationChannelName | null;
  /** Why it took the channel it took, why it waits, or what it was folded into; null when nothing needs saying. */
  deliveryNote: string | null;
  text: string;
}

export function toNotificationView(n: Notification): NotificationView {
  return { id: n.id, kind: n.kind, itemId: n.itemId, dealId: n.dealId, createdAt: n.createdAt, status: n.status, channel: n.channel, deliveryNote: n.deliveryNote ?? null, text: n.text };
}

/** Who a notification goes to, as a delivery channel needs them. */
export interface Recipient {
  userId: string;
  tenantId: string;
  displayName: string;
  email: string;
}

/** A new notification, waiting for its first delivery attempt now. Its id says what caused it (services/ids.ts). */
export function newNotification(
  fields: Pick<Notification, 'id' | 'tenantId' | 'kind' | 'activityType' | 'text' | 'templateParameters' | 'recipientId' | 'itemId' | 'dealId' | 'itemDueAt'> & Pick<Partial<Notification>, 'digest'>,
  now: Date,
): Omit<Notification, 'etag'> {
  const { digest, ...rest } = fields;
  return {
    ...rest,
    ...(digest ? { digest } : {}),
    type: 'notification',
    status: 'pending',
    channel: null,
    deliveryNote: null,
    attempts: 0,
    nextAttemptAt: now.toISOString(),
    createdAt: now.toISOString(),
    sentAt: null,
    lastError: null,
  };
}
