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
} as const;
export type ActivityType = keyof typeof ACTIVITY_TYPES;

import type { NotificationKind } from './vocabulary';

export { NOTIFICATION_KINDS, type NotificationKind } from './vocabulary';

export type NotificationStatus = 'pending' | 'sent' | 'failed' | 'cancelled';
export type NotificationChannelName = 'teams-activity' | 'email' | 'local';

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
  channel: NotificationChannelName | null;
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
  text: string;
}

export function toNotificationView(n: Notification): NotificationView {
  return { id: n.id, kind: n.kind, itemId: n.itemId, dealId: n.dealId, createdAt: n.createdAt, status: n.status, channel: n.channel, text: n.text };
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
  fields: Pick<Notification, 'id' | 'tenantId' | 'kind' | 'activityType' | 'text' | 'templateParameters' | 'recipientId' | 'itemId' | 'dealId' | 'itemDueAt'>,
  now: Date,
): Omit<Notification, 'etag'> {
  return {
    ...fields,
    type: 'notification',
    status: 'pending',
    channel: null,
    attempts: 0,
    nextAttemptAt: now.toISOString(),
    createdAt: now.toISOString(),
    sentAt: null,
    lastError: null,
  };
}
