import { isDeparted, type Notification, type NotificationStatus, type Recipient } from '../domain';
import type { ActionItemRepository, Clock, DeliveryResult, FollowUpRepository, NotificationChannel, NotificationRepository } from './ports';
import { TenantDirectories } from './tenant-directory';

export interface DispatchSummary {
  examined: number;
  sent: number;
  retrying: number;
  failed: number;
  /** The item was completed, rescheduled or removed before its reminder went out. */
  cancelled: number;
  /** Another dispatcher had taken it. */
  skipped: number;
}

export interface DispatchOptions {
  /** Attempts before a notification is marked failed (kept and visible, never dropped). */
  maxAttempts?: number;
  /** How long a dispatcher holds a notification it is delivering. */
  leaseMs?: number;
  /** Upper bound of notifications handled in one run. */
  maxPerRun?: number;
  /** 0 ≤ random() < 1, for the jitter (tests fix it). */
  random?: () => number;
}

const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/** Exponential backoff with jitter: about 30 s, 1 min, 2 min … capped at an hour, each between half and all of it. */
export function backoffMs(attempts: number, random: () => number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * The `notification-dispatch` timer: delivers pending notifications through the channel. A dispatcher first takes a
 * notification by moving its next attempt a lease ahead with If-Match, so two dispatchers never deliver the same one;
 * a dispatcher that dies leaves the lease to run out and the next run to retry it. Failures are retried with backoff
 * (or after Retry-After), then marked failed — kept and visible, never dropped.
 */
export class NotificationDispatcher {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly items: ActionItemRepository,
    private readonly followUp: FollowUpRepository,
    private readonly channel: NotificationChannel,
    private readonly clock: Clock,
    /** Seconds a final notification is kept (NOTIFICATION_RETENTION_DAYS): its `ttl`, set when it becomes final. */
    private readonly finalTtlSeconds = 90 * 86_400,
  ) {}

  async run(options: DispatchOptions = {}): Promise<DispatchSummary> {
    const { maxAttempts = 6, leaseMs = 5 * 60_000, maxPerRun = 1000, random = Math.random } = options;
    const summary: DispatchSummary = { examined: 0, sent: 0, retrying: 0, failed: 0, cancelled: 0, skipped: 0 };
    const directories = new TenantDirectories(this.followUp);
    const started = this.clock.now().toISOString();
    let continuationToken: string | undefined;
    do {
      const page = await this.notifications.due(started, { limit: 50, continuationToken });
      for (const pending of page.items) {
        if (summary.examined >= maxPerRun) return summary;
        summary.examined++;
        const leased = await this.lease(pending, leaseMs);
        if (!leased) {
          summary.skipped++;
          continue;
        }
        const outcome = await this.deliver(leased, directories, maxAttempts, random);
        summary[outcome]++;
      }
      continuationToken = page.continuationToken ?? undefined;
    } while (continuationToken);
    return summary;
  }

  private async lease(notification: Notification, leaseMs: number): Promise<Notification | null> {
    const now = this.clock.now();
    if (notification.status !== 'pending' || (notification.nextAttemptAt && Date.parse(notification.nextAttemptAt) > now.getTime())) return null;
    try {
      return await this.notifications.replace(
        { ...notification, attempts: notification.attempts + 1, nextAttemptAt: new Date(now.getTime() + leaseMs).toISOString() },
        notification.etag,
      );
    } catch {
      return null; // another dispatcher leased it first
    }
  }

  private async deliver(
    n: Notification,
    directories: TenantDirectories,
    maxAttempts: number,
    random: () => number,
  ): Promise<'sent' | 'retrying' | 'failed' | 'cancelled'> {
    if (n.itemId && n.itemDueAt) {
      const item = await this.items.get(n.tenantId, n.itemId);
      if (!item || item.deleted || item.status !== 'open' || item.dueAt !== n.itemDueAt) {
        await this.settle(n, 'cancelled', { lastError: 'The item was closed or rescheduled before this went out.' });
        return 'cancelled';
      }
    }
    const user = (await directories.get(n.tenantId)).users.get(n.recipientId);
    if (!user) {
      await this.settle(n, 'failed', { lastError: 'The recipient is no longer in the directory.' });
      return 'failed';
    }
    // A reminder addressed to a leaver goes to nobody: their open work went to the reassignee, whose own ladder runs.
    if (isDeparted(user)) {
      await this.settle(n, 'cancelled', { lastError: 'The recipient has left the organization.' });
      return 'cancelled';
    }
    const recipient: Recipient = { userId: user.id, tenantId: user.tenantId, displayName: user.displayName, email: user.email };
    const result: DeliveryResult = await this.channel.deliver(n, recipient).catch((error: unknown) => ({
      ok: false,
      retryable: true,
      error: error instanceof Error ? error.message : String(error),
    }));
    const now = this.clock.now();
    if (result.ok) {
      await this.settle(n, 'sent', { channel: result.channel, sentAt: now.toISOString(), lastError: null });
      return 'sent';
    }
    if (result.retryable && n.attempts < maxAttempts) {
      const wait = result.retryAfterSeconds !== undefined ? result.retryAfterSeconds * 1000 : backoffMs(n.attempts, random);
      await this.settle(n, 'pending', { nextAttemptAt: new Date(now.getTime() + wait).toISOString(), lastError: result.error });
      return 'retrying';
    }
    await this.settle(n, 'failed', { lastError: result.error });
    return 'failed';
  }

  /**
   * Writes the outcome of an attempt. A final one (sent, failed, cancelled) gets its `ttl`, so it expires that long
   * after this write; one still pending has none and never expires before it is delivered or given up.
   */
  private async settle(n: Notification, status: NotificationStatus, changes: Partial<Notification>): Promise<void> {
    const { ttl: _ttl, ...rest } = n;
    const expiry = status === 'pending' ? {} : { ttl: this.finalTtlSeconds };
    await this.notifications.replace({ ...rest, status, nextAttemptAt: null, ...changes, ...expiry }, n.etag);
  }
}
