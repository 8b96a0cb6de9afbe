import { setTimeout as delay } from 'node:timers/promises';
import type { DeliveryChannel, DeliveryResult, OutgoingMessage } from '../services/ports';
import { chainIdFor, GraphClient, type GraphTokenProvider, truncate } from './graph';
import { TenantFeedThrottle } from './graph-throttle';
import { messageDeepLink, messageSummary, type TabLink } from './message-text';

export interface FeedChannelOptions extends TabLink {
  /** Graph's root including the version, e.g. `https://graph.microsoft.com/v1.0`. */
  baseUrl: string;
  tokens: GraphTokenProvider;
  /** Activity-feed requests per second per tenant; default 5. */
  requestsPerSecondPerTenant?: number;
  /** Per request; default 10,000 ms. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Graph shows the first 150 characters of a feed preview. */
const PREVIEW_MAX = 150;

/**
 * The `feed` channel: one entry in the recipient's Teams activity feed per message (`sendActivityNotification`,
 * app-only, through the resource-specific permission TeamsActivity.Send.User), with a deep link to the item — or, for
 * a message of several notifications, one `severalDue` entry that opens their list.
 *
 * A 403 or 404 means the feed cannot reach this user (the app is not installed for them, the permission is missing):
 * `unreachable`, and the dispatcher moves on to the user's next channel. Other failures are retryable (429, 5xx,
 * network, timeout, token) or not (other 4xx). This class owns the per-tenant throttling Graph asks for: at most
 * `requestsPerSecondPerTenant` feed requests per second, and after a 429 no feed request for that tenant until its
 * `Retry-After` has passed.
 */
export class FeedChannel implements DeliveryChannel {
  readonly name = 'feed' as const;
  private readonly graph: GraphClient;
  private readonly perSecond: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly tenants = new Map<string, TenantFeedThrottle>();

  constructor(private readonly options: FeedChannelOptions) {
    this.perSecond = options.requestsPerSecondPerTenant ?? 5;
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.now = options.now ?? Date.now;
    this.graph = new GraphClient(options.baseUrl, options.tokens, options.timeoutMs ?? 10_000, this.now);
    if (!(this.perSecond >= 1)) throw new Error('requestsPerSecondPerTenant must be at least 1');
  }

  async deliver(message: OutgoingMessage): Promise<DeliveryResult & { unreachable?: boolean }> {
    const { recipient } = message;
    const tenant = this.throttleOf(recipient.tenantId);
    const held = tenant.heldBack(this.now());
    if (held) return held;

    const token = await this.graph.token(recipient.tenantId);
    if (typeof token !== 'string') return token;

    await tenant.takeSlot();
    // A 429 may have arrived while this call waited for its slot.
    const heldNow = tenant.heldBack(this.now());
    if (heldNow) return heldNow;

    const feed = await this.graph.post(`/users/${encodeURIComponent(recipient.userId)}/teamwork/sendActivityNotification`, token, this.activityBody(message));
    switch (feed.kind) {
      case 'ok':
        return { ok: true, channel: 'feed' };
      case 'throttled':
        tenant.holdUntil(this.now() + (feed.retryAfterSeconds ?? 0) * 1000);
        return { ok: false, retryable: true, retryAfterSeconds: feed.retryAfterSeconds, error: feed.error };
      case 'failed':
        if (feed.status === 403 || feed.status === 404) return { ok: false, retryable: false, unreachable: true, error: feed.error };
        return { ok: false, retryable: feed.retryable, error: feed.error };
    }
  }

  /** The body of `POST /users/{id}/teamwork/sendActivityNotification` as Graph documents it. */
  private activityBody(message: OutgoingMessage) {
    const [only, ...rest] = message.notifications;
    const single = only && rest.length === 0 ? only : null;
    const summary = messageSummary(message);
    const templateParameters = single ? single.templateParameters : { summary };
    return {
      topic: { source: 'text', value: 'Followthrough', webUrl: messageDeepLink(this.options, message) },
      activityType: single ? single.activityType : 'severalDue',
      // The same chain id on a retry replaces the earlier entry instead of adding a second one: if Graph took a post
      // whose answer we never saw, the retry cannot show the user the same reminder twice.
      chainId: chainIdFor(message.id),
      previewText: { content: truncate(summary, PREVIEW_MAX) },
      teamsAppId: this.options.teamsAppId,
      templateParameters: Object.entries(templateParameters).map(([name, value]) => ({ name, value })),
    };
  }

  private throttleOf(tenantId: string): TenantFeedThrottle {
    let throttle = this.tenants.get(tenantId);
    if (!throttle) {
      throttle = new TenantFeedThrottle(this.perSecond, this.now, this.sleep);
      this.tenants.set(tenantId, throttle);
    }
    return throttle;
  }
}
