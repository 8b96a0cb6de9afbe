import type { Notification, Recipient } from '../domain';
import type { DeliveryResult, NotificationChannel } from '../services/ports';

export interface LocalDelivery {
  at: string;
  notificationId: string;
  tenantId: string;
  recipientId: string;
  recipientName: string;
  kind: Notification['kind'];
  text: string;
}

/**
 * The local host's channel: nothing leaves the machine. Each delivery is recorded (and can be printed), and the
 * notification is marked sent on the `local` channel, so `GET /api/notifications` shows what a user would have got.
 */
export class LocalChannel implements NotificationChannel {
  readonly deliveries: LocalDelivery[] = [];

  constructor(private readonly print?: (line: string) => void) {}

  async deliver(notification: Notification, recipient: Recipient): Promise<DeliveryResult> {
    this.deliveries.push({
      at: new Date().toISOString(),
      notificationId: notification.id,
      tenantId: notification.tenantId,
      recipientId: recipient.userId,
      recipientName: recipient.displayName,
      kind: notification.kind,
      text: notification.text,
    });
    this.print?.(`[notify] → ${recipient.displayName}: ${notification.text}`);
    return { ok: true, channel: 'local' };
  }
}
