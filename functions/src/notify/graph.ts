import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Notification, Recipient } from '../domain';
import type { DeliveryResult, NotificationChannel } from '../services/ports';

/** App-only access tokens for Microsoft Graph, one tenant at a time. Implementations cache (see graph-auth.ts). */
export interface GraphTokenProvider {
  getToken(tenantId: string): Promise<string>;
}

export interface GraphChannelOptions {
  /** Graph's root including the version, e.g. `https://graph.microsoft.com/v1.0`. */
  baseUrl: string;
  tokens: GraphTokenProvider;
  /** The Teams app id from manifest.json (`id`), sent as `teamsAppId` and used in deep links. */
  teamsAppId: string;
  /** The `entityId` of the personal tab that shows a user's items, e.g. `commitments`. */
  tabEntityId: string;
  /**
   * The one service mailbox reminder emails are sent from (`sender`, its address) and the Entra tenant that holds it,
   * whose app-only token sends them. Omitted: no email fallback, the activity feed only.
   */
  mail?: { sender: string; tenantId: string };
  /** Activity-feed requests per second per tenant; default 5. */
  requestsPerSecondPerTenant?: number;
  /** Per request; default 10,000 ms. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Graph shows the first 150 characters of a feed preview. */
const PREVIEW_MAX = 150;
/** Exchange's limit on a subject line. */
const SUBJECT_MAX = 255;
const WINDOW_MS = 1000;

/** How reminder emails name their sender. */
const SENDER_NAME = 'Followthrough';

/**
 * Delivers a notification to the Teams activity feed of its recipient through Microsoft Graph, with an email to
 * the recipient from the one service mailbox as the fallback when the feed cannot reach them (app not installed for
 * them, permission missing).
 *
 * One attempt per call: failures come back as results, never as throws, classified as retryable (429, 5xx, network,
 * timeout, token) or not (other 4xx). The dispatcher owns retries and backoff; this class owns the per-tenant
 * throttling Graph asks for: at most `requestsPerSecondPerTenant` feed requests per second, and after a 429 no feed
 * request for that tenant until its `Retry-After` has passed.
 */
export class GraphChannel implements NotificationChannel {
  private readonly baseUrl: string;
  private readonly perSecond: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly tenants = new Map<string, TenantFeed>();

  constructor(private readonly options: GraphChannelOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.perSecond = options.requestsPerSecondPerTenant ?? 5;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.now = options.now ?? Date.now;
    if (!(this.perSecond >= 1)) throw new Error('requestsPerSecondPerTenant must be at least 1');
  }

  async deliver(n: Notification, recipient: Recipient): Promise<DeliveryResult> {
    const tenant = this.tenantFeed(recipient.tenantId);
    const held = tenant.heldBack(this.now());
    if (held) return held;

    const token = await this.token(recipient.tenantId);
    if (typeof token !== 'string') return token;

    await tenant.takeSlot();
    // A 429 may have arrived while this call waited for its slot.
    const heldNow = tenant.heldBack(this.now());
    if (heldNow) return heldNow;

    const link = this.deepLink(n);
    const feed = await this.post(`/users/${encodeURIComponent(recipient.userId)}/teamwork/sendActivityNotification`, token, this.activityBody(n, link));
    switch (feed.kind) {
      case 'ok':
        return { ok: true, channel: 'teams-activity' };
      case 'throttled':
        tenant.holdUntil(this.now() + (feed.retryAfterSeconds ?? 0) * 1000);
        return { ok: false, retryable: true, retryAfterSeconds: feed.retryAfterSeconds, error: feed.error };
      case 'failed':
        if (feed.status !== 403 && feed.status !== 404) return { ok: false, retryable: feed.retryable, error: feed.error };
    }
    return this.email(n, recipient, link, feed.error);
  }

  /**
   * The fallback: an email to the recipient from the one service mailbox (`POST /users/{mailbox}/sendMail`), with an
   * app-only token of the tenant that holds that mailbox. The app has no Graph application permission: Exchange
   * Online RBAC for Applications lets it send as this mailbox and no other (infra/README.md), so a 403 here means that
   * grant is missing or not in effect yet. Without a service mailbox nothing is sent: a non-retryable failure, which
   * the dispatcher keeps as `failed`. No replyTo (a reply goes to the service mailbox); not saved to its Sent Items.
   * Mail is throttled per mailbox, not per tenant: the tenant's feed is not held back by it.
   */
  private async email(n: Notification, recipient: Recipient, link: string, feedError: string): Promise<DeliveryResult> {
    const mailbox = this.options.mail;
    if (!mailbox) return { ok: false, retryable: false, error: `no service mailbox is configured (MAIL_SENDER), so no email fallback (activity feed: ${feedError})` };
    if (!recipient.email) return { ok: false, retryable: false, error: `no email address for the fallback (activity feed: ${feedError})` };
    const token = await this.token(mailbox.tenantId);
    if (typeof token !== 'string') return token;
    const mail = await this.post(`/users/${encodeURIComponent(mailbox.sender)}/sendMail`, token, this.mailBody(n, recipient, link, mailbox.sender));
    switch (mail.kind) {
      case 'ok':
        return { ok: true, channel: 'email' };
      case 'throttled':
        return { ok: false, retryable: true, retryAfterSeconds: mail.retryAfterSeconds, error: `sendMail ${mail.error}` };
      case 'failed': {
        const why =
          mail.status === 403
            ? ` — the app may not send as ${mailbox.sender}: Exchange Online RBAC for Applications (Application Mail.Send scoped to this mailbox) is not granted yet, or not in effect yet`
            : '';
        return { ok: false, retryable: mail.retryable, error: `sendMail ${mail.error}${why} (activity feed: ${feedError})` };
      }
    }
  }

  /**
   * The body of `POST /users/{mailbox}/sendMail`, with the names exactly as Graph's metadata declares them: the
   * parameters `Message` and `SaveToSentItems`, the body type `html` (test/fixtures/msgraph holds the definitions).
   */
  private mailBody(n: Notification, recipient: Recipient, link: string, sender: string) {
    return {
      Message: {
        subject: truncate(n.text, SUBJECT_MAX),
        body: { contentType: 'html', content: mailHtml(n.text, link) },
        toRecipients: [{ emailAddress: { address: recipient.email, name: recipient.displayName } }],
        from: { emailAddress: { address: sender, name: SENDER_NAME } },
      },
      SaveToSentItems: false,
    };
  }

  /** The body of `POST /users/{id}/teamwork/sendActivityNotification` as Graph documents it. */
  private activityBody(n: Notification, link: string) {
    return {
      topic: { source: 'text', value: 'Followthrough', webUrl: link },
      activityType: n.activityType,
      // The same chain id on a retry replaces the earlier notification instead of adding a second one: if Graph
      // took a post whose answer we never saw, the retry cannot show the user the same reminder twice.
      chainId: chainIdFor(n.id),
      previewText: { content: truncate(n.text, PREVIEW_MAX) },
      teamsAppId: this.options.teamsAppId,
      templateParameters: Object.entries(n.templateParameters).map(([name, value]) => ({ name, value })),
    };
  }

  /** A Teams deep link that opens the personal tab at the item (or deal, or the kind of list) the notification is about. */
  private deepLink(n: Notification): string {
    const subEntityId = n.itemId ? `item:${n.itemId}` : n.dealId ? `deal:${n.dealId}` : n.kind;
    const { teamsAppId, tabEntityId } = this.options;
    return (
      `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${encodeURIComponent(tabEntityId)}` +
      `?context=${encodeURIComponent(JSON.stringify({ subEntityId }))}`
    );
  }

  private async token(tenantId: string): Promise<string | DeliveryResult> {
    try {
      return await this.options.tokens.getToken(tenantId);
    } catch (err) {
      return { ok: false, retryable: true, error: `no Graph token for tenant ${tenantId}: ${messageOf(err)}` };
    }
  }

  private async post(path: string, token: string, body: unknown): Promise<GraphReply> {
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      return { kind: 'failed', status: 0, retryable: true, error: timedOut ? `graph timeout after ${this.timeoutMs} ms` : `graph unreachable: ${messageOf(err)}` };
    }
    const status = response.status;
    if (status === 200 || status === 202 || status === 204) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: 'ok' };
    }
    const error = `graph ${status}: ${await errorDetail(response)}`;
    if (status === 429) return { kind: 'throttled', retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after'), this.now()), error };
    return { kind: 'failed', status, retryable: status >= 500, error };
  }

  private tenantFeed(tenantId: string): TenantFeed {
    let feed = this.tenants.get(tenantId);
    if (!feed) {
      feed = new TenantFeed(this.perSecond, this.now, this.sleep);
      this.tenants.set(tenantId, feed);
    }
    return feed;
  }
}

type GraphReply =
  | { kind: 'ok' }
  | { kind: 'throttled'; retryAfterSeconds: number | undefined; error: string }
  | { kind: 'failed'; status: number; retryable: boolean; error: string };

/**
 * The activity-feed traffic of one tenant: a sliding one-second window of the requests sent, and the time until
 * which Graph told us (429) to send nothing. Callers take slots one after another, in the order they asked.
 */
class TenantFeed {
  private readonly sent: number[] = [];
  private queue: Promise<void> = Promise.resolve();
  private heldUntil = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Resolves once one more request fits into the last second. */
  takeSlot(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  holdUntil(until: number): void {
    this.heldUntil = Math.max(this.heldUntil, until);
  }

  /** The result for a call made while the tenant is held back after a 429, or null when requests may go. */
  heldBack(now: number): DeliveryResult | null {
    if (now >= this.heldUntil) return null;
    const retryAfterSeconds = Math.ceil((this.heldUntil - now) / 1000);
    return { ok: false, retryable: true, retryAfterSeconds, error: `graph 429: tenant throttled by Graph, holding back for ${retryAfterSeconds} s` };
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.sent.length > 0 && this.sent[0]! <= now - WINDOW_MS) this.sent.shift();
      if (this.sent.length < this.perSecond) {
        this.sent.push(now);
        return;
      }
      await this.sleep(this.sent[0]! + WINDOW_MS - now);
    }
  }
}

/**
 * `Retry-After` is either whole seconds or an HTTP date (RFC 9110). Undefined when missing or unreadable: the
 * dispatcher then falls back to its own backoff.
 */
function retryAfterSeconds(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** `code: message` from Graph's error body (`{"error": {"code", "message"}}`), else the start of the body. */
async function errorDetail(response: Response): Promise<string> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    return response.statusText || 'no body';
  }
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof parsed.error?.code === 'string' ? parsed.error.code : undefined;
    const message = typeof parsed.error?.message === 'string' ? parsed.error.message : undefined;
    if (code || message) return truncate([code, message].filter(Boolean).join(': '), 300);
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return truncate(text.trim(), 300) || response.statusText || 'no body';
}

/** At most `max` characters, the last an ellipsis when cut; never splits a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function mailHtml(text: string, link: string): string {
  return `<p>${escapeHtml(text)}</p><p><a href="${escapeHtml(link)}">Open in Teams</a></p>`;
}

function messageOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${err.message}${cause}`;
}

/** A stable Int64-safe chain id for a notification (48 bits of a hash of its id). */
export function chainIdFor(notificationId: string): number {
  return Number.parseInt(createHash('sha256').update(notificationId).digest('hex').slice(0, 12), 16);
}
