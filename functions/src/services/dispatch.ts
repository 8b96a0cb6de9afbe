import {
  foldAt,
  heldForDigest,
  isDeparted,
  nextDailyDigest,
  type Notification,
  type NotificationPreferences,
  type NotificationStatus,
  preferencesOf,
  quietHoursEnd,
  type Recipient,
  type User,
} from '../domain';
import { deliveryNote, type DeliveryChannels, type DeliveryOutcome, messageIdFor, retryStart } from './delivery-policy';
import { notificationId } from './ids';
import type { ActionItemRepository, Clock, FollowUpRepository, NotificationRepository } from './ports';
import { TenantDirectories } from './tenant-directory';

export interface DispatchSummary {
  /** Due notifications looked at. */
  examined: number;
  sent: number;
  retrying: number;
  failed: number;
  /** The item was completed, rescheduled, snoozed or removed before its reminder went out (or the recipient left). */
  cancelled: number;
  /** Another dispatcher had taken it. */
  skipped: number;
  /** Left pending for later: the recipient's quiet hours, or held for a digest-only recipient's daily digest. */
  deferred: number;
  /** Held reminders that went out inside the daily digest listing their item. */
  folded: number;
  /** Messages delivered: one per user per run, however many of their notifications it carried. */
  messages: number;
}

export interface DispatchOptions {
  /** Attempts before a message's notifications are marked failed (kept and visible, never dropped). */
  maxAttempts?: number;
  /** How long a dispatcher holds a notification it is delivering. */
  leaseMs?: number;
  /** About how many due notifications one run reads (whole pages; a user's notifications of a page stay together). */
  maxPerRun?: number;
  /** Users whose messages are delivered at the same time (each user's own message is one delivery). */
  concurrency?: number;
  /** 0 ≤ random() < 1, for the jitter (tests fix it). */
  random?: () => number;
}

const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 60 * 60_000;
const PAGE_SIZE = 100;

/** Exponential backoff with jitter: about 30 s, 1 min, 2 min … capped at an hour, each between half and all of it. */
export function backoffMs(attempts: number, random: () => number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

interface Run {
  now: Date;
  summary: DispatchSummary;
  directories: TenantDirectories;
  maxAttempts: number;
  leaseMs: number;
  random: () => number;
}

/**
 * The `notification-dispatch` timer: delivers what is due as one message per user — every pending notification of a
 * user due in this run travels together (items due together make one card, never a burst) — through the user's
 * channels in their order (`/api/me/preferences`), falling back past a channel that cannot reach them, and leaves
 * what falls into their quiet hours, or is held for their digest, pending for later.
 *
 * Exactly once: a dispatcher first takes each notification of the message by moving its next attempt a lease ahead
 * with If-Match, in id order, and stops at the first one another dispatcher holds, so two dispatchers never deliver
 * the same notification; one that dies leaves its leases to run out and a later run to retry them. A notification
 * whose item changed meanwhile is dropped from the message (cancelled). Failures are retried on the same channel with
 * backoff (or after Retry-After), then marked failed — kept and visible, never dropped — every notification of the
 * message settled with the same outcome.
 */
export class NotificationDispatcher {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly items: ActionItemRepository,
    private readonly followUp: FollowUpRepository,
    private readonly channels: DeliveryChannels,
    private readonly clock: Clock,
    /** Seconds a final notification is kept (NOTIFICATION_RETENTION_DAYS): its `ttl`, set when it becomes final. */
    private readonly finalTtlSeconds = 90 * 86_400,
  ) {}

  async run(options: DispatchOptions = {}): Promise<DispatchSummary> {
    const { maxAttempts = 6, leaseMs = 5 * 60_000, maxPerRun = 5000, concurrency = 8, random = Math.random } = options;
    const summary: DispatchSummary = { examined: 0, sent: 0, retrying: 0, failed: 0, cancelled: 0, skipped: 0, deferred: 0, folded: 0, messages: 0 };
    const started = this.clock.now();
    const due: Notification[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.notifications.due(started.toISOString(), { limit: PAGE_SIZE, continuationToken });
      due.push(...page.items);
      continuationToken = page.continuationToken ?? undefined;
    } while (continuationToken && due.length < maxPerRun);
    summary.examined = due.length;

    const run: Run = { now: started, summary, directories: new TenantDirectories(this.followUp), maxAttempts, leaseMs, random };
    const groups = [...groupByRecipient(due).values()];
    const workers = Array.from({ length: Math.max(1, Math.min(concurrency, groups.length)) }, async () => {
      for (let group = groups.shift(); group; group = groups.shift()) await this.dispatchTo(group, run);
    });
    await Promise.all(workers);
    return summary;
  }

  /** One user's due notifications: waits, holds, leases, drops, folds, then one message and one outcome for all. */
  private async dispatchTo(group: Notification[], run: Run): Promise<void> {
    const { summary } = run;
    const [first] = group as [Notification];
    const directory = await run.directories.get(first.tenantId);
    const user = directory.users.get(first.recipientId);
    // A reminder addressed to a leaver goes to nobody: their open work went to the reassignee, whose own ladder runs.
    if (!user || isDeparted(user)) {
      for (const n of group) {
        const leased = await this.lease(n, run, n.id);
        if (!leased) summary.skipped++;
        else if (user) await this.finish(leased, 'cancelled', { lastError: 'The recipient has left the organization.' }, run);
        else await this.finish(leased, 'failed', { lastError: 'The recipient is no longer in the directory.' }, run);
      }
      return;
    }
    const preferences = preferencesOf(user);
    const now = this.clock.now();

    const quietUntil = quietHoursEnd(now, user.timeZone, preferences.quietHours);
    if (quietUntil) {
      const note = `quiet hours until ${preferences.quietHours?.end} (${user.timeZone})`;
      for (const n of group) await this.defer(n, { nextAttemptAt: quietUntil.toISOString(), deliveryNote: note }, run);
      return;
    }
    const toHold = group.filter((n) => heldForDigest(n.kind, preferences) && !n.heldForDigest);
    if (toHold.length > 0) {
      const digest = nextDailyDigest(now, user.timeZone, directory.trapsFor(user.id).digest.repDailyHour);
      const note = `digest only: held for the daily digest of ${digest.date}`;
      for (const n of toHold) await this.defer(n, { nextAttemptAt: foldAt(digest.at).toISOString(), deliveryNote: note, heldForDigest: digest.date }, run);
    }
    const candidates = group.filter((n) => !toHold.includes(n)).sort((a, b) => a.id.localeCompare(b.id));
    if (candidates.length === 0) return;

    const messageId = messageIdFor(candidates);
    const leased: Notification[] = [];
    for (const n of candidates) {
      const taken = await this.lease(n, run, messageId);
      if (!taken) {
        // Another dispatcher holds this one, and with it most likely the rest: the message is theirs to send.
        summary.skipped += candidates.length - leased.length;
        break;
      }
      leased.push(taken);
    }

    const live: Notification[] = [];
    for (const n of leased) {
      if (await this.itemChanged(n)) await this.finish(n, 'cancelled', { lastError: 'The item was closed, rescheduled or snoozed before this went out.' }, run);
      else live.push(n);
    }
    const toSend = await this.foldHeld(live, user, preferences, run);
    if (toSend.length === 0) return;

    const recipient: Recipient = { userId: user.id, tenantId: user.tenantId, displayName: user.displayName, email: user.email };
    const notifications = [...toSend].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    const outcome = await this.channels.deliver({ id: messageId, recipient, notifications }, preferences.channels, retryStart(toSend, preferences.channels));
    if (outcome.kind === 'sent') summary.messages++;
    await this.settleAll(toSend, outcome, run);
  }

  /**
   * Held reminders whose fold time came: each one the user's daily digest of its date lists is settled as sent
   * inside that digest (one read for the digest); the rest — not listed, no digest made, or digest only switched off
   * since — go out in the message like any other.
   */
  private async foldHeld(live: Notification[], user: User, preferences: NotificationPreferences, run: Run): Promise<Notification[]> {
    const held = live.filter((n) => n.heldForDigest);
    if (held.length === 0 || !preferences.digestOnly) return live;
    const digests = new Map<string, Notification | null>();
    const send = live.filter((n) => !n.heldForDigest);
    for (const n of held) {
      const date = n.heldForDigest as string;
      if (!digests.has(date)) digests.set(date, await this.notifications.get(user.tenantId, notificationId(user.tenantId, 'digest', user.id, `daily:${date}`)));
      const digest = digests.get(date);
      const listed = digest?.digest?.kind === 'daily' && digest.digest.rows.some((row) => row.itemId === n.itemId);
      if (!digest || !listed) {
        send.push(n);
        continue;
      }
      run.summary.folded++;
      await this.settle(n, 'sent', {
        channel: digest.channel,
        sentAt: run.now.toISOString(),
        lastError: null,
        messageId: digest.messageId ?? digest.id,
        deliveryNote: `digest only: folded into the daily digest of ${date}`,
      });
    }
    return send;
  }

  private async settleAll(notifications: Notification[], outcome: DeliveryOutcome, run: Run): Promise<void> {
    const now = this.clock.now();
    if (outcome.kind === 'sent') {
      const changes = { channel: outcome.channel, sentAt: now.toISOString(), lastError: null, retryChannel: null, deliveryNote: deliveryNote(outcome.skipped, outcome.channel) };
      for (const n of notifications) await this.finish(n, 'sent', changes, run);
      return;
    }
    if (outcome.kind === 'unreachable') {
      const why = outcome.skipped.join('; ');
      for (const n of notifications) await this.finish(n, 'failed', { lastError: `No channel could reach this user: ${why}`, deliveryNote: why || null, retryChannel: null }, run);
      return;
    }
    // One message, one outcome: it is given up once its freshest notification has had its attempts.
    const attempts = Math.min(...notifications.map((n) => n.attempts));
    const note = deliveryNote(outcome.skipped, outcome.channel);
    if (outcome.retryable && attempts < run.maxAttempts) {
      const wait = outcome.retryAfterSeconds !== undefined ? outcome.retryAfterSeconds * 1000 : backoffMs(attempts, run.random);
      const changes = { nextAttemptAt: new Date(now.getTime() + wait).toISOString(), lastError: outcome.error, retryChannel: outcome.channel, deliveryNote: note };
      for (const n of notifications) await this.finish(n, 'pending', changes, run);
      return;
    }
    for (const n of notifications) await this.finish(n, 'failed', { lastError: outcome.error, deliveryNote: note, retryChannel: null }, run);
  }

  /** Takes a notification for this run: its next attempt moved a lease ahead, with If-Match; null when someone was first. */
  private async lease(n: Notification, run: Run, messageId: string): Promise<Notification | null> {
    const now = this.clock.now();
    if (n.status !== 'pending' || (n.nextAttemptAt && Date.parse(n.nextAttemptAt) > now.getTime())) return null;
    try {
      return await this.notifications.replace({ ...n, attempts: n.attempts + 1, nextAttemptAt: new Date(now.getTime() + run.leaseMs).toISOString(), messageId }, n.etag);
    } catch {
      return null; // another dispatcher leased it first
    }
  }

  /** Leaves a notification pending until later (one write, with If-Match: it doubles as the lease), no attempt spent. */
  private async defer(n: Notification, changes: Partial<Notification>, run: Run): Promise<void> {
    try {
      await this.notifications.replace({ ...n, ...changes }, n.etag);
      run.summary.deferred++;
    } catch {
      run.summary.skipped++;
    }
  }

  /** Whether the item a ladder reminder is about was closed, removed, rescheduled or snoozed since it was created. */
  private async itemChanged(n: Notification): Promise<boolean> {
    if (!n.itemId || !n.itemDueAt) return false;
    const item = await this.items.get(n.tenantId, n.itemId);
    if (!item || item.deleted || item.status !== 'open' || item.dueAt !== n.itemDueAt) return true;
    return (item.snoozes ?? []).some((s) => s.at >= n.createdAt);
  }

  private async finish(n: Notification, status: NotificationStatus, changes: Partial<Notification>, run: Run): Promise<void> {
    await this.settle(n, status, changes);
    const counted = { sent: 'sent', pending: 'retrying', failed: 'failed', cancelled: 'cancelled' } as const;
    run.summary[counted[status]]++;
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

/** Due notifications by recipient (tenant and user), in the order their first one came due. */
function groupByRecipient(due: Notification[]): Map<string, Notification[]> {
  const groups = new Map<string, Notification[]>();
  for (const n of due) {
    const key = `${n.tenantId}/${n.recipientId}`;
    const group = groups.get(key);
    if (group) group.push(n);
    else groups.set(key, [n]);
  }
  return groups;
}

