import type { DeliveryChannel, DeliveryResult, OutgoingMessage } from '../services/ports';
import { GraphClient, type GraphTokenProvider, truncate } from './graph';
import { messageDeepLink, messageSummary, subEntityOf, type TabLink, tabDeepLink } from './message-text';

export interface MailChannelOptions extends TabLink {
  baseUrl: string;
  tokens: GraphTokenProvider;
  /**
   * The one service mailbox reminder emails are sent from (`sender`, its address) and the Entra tenant that holds it,
   * whose app-only token sends them. Omitted: no email, the channel reaches nobody.
   */
  mail?: { sender: string; tenantId: string };
  timeoutMs?: number;
  now?: () => number;
}

/** Exchange's limit on a subject line. */
const SUBJECT_MAX = 255;
/** How reminder emails name their sender. */
const SENDER_NAME = 'Followthrough';

/**
 * The `email` channel: one email per message from the one service mailbox (`POST /users/{mailbox}/sendMail`), with an
 * app-only token of the tenant that holds that mailbox. The app has no Graph application permission: Exchange Online
 * RBAC for Applications lets it send as this mailbox and no other (infra/README.md), so a 403 here means that grant
 * is missing or not in effect yet. Without a service mailbox (MAIL_SENDER), or without the user's address, it reaches
 * nobody: `unreachable`. No replyTo (a reply goes to the service mailbox); not saved to its Sent Items. Mail is
 * throttled per mailbox, not per tenant: a 429 here holds back no tenant's feed.
 */
export class MailChannel implements DeliveryChannel {
  readonly name = 'email' as const;
  private readonly graph: GraphClient;

  constructor(private readonly options: MailChannelOptions) {
    this.graph = new GraphClient(options.baseUrl, options.tokens, options.timeoutMs ?? 10_000, options.now ?? Date.now);
  }

  async deliver(message: OutgoingMessage): Promise<DeliveryResult & { unreachable?: boolean }> {
    const mailbox = this.options.mail;
    if (!mailbox) return { ok: false, retryable: false, unreachable: true, error: 'no service mailbox is configured (MAIL_SENDER)' };
    if (!message.recipient.email) return { ok: false, retryable: false, unreachable: true, error: 'no email address for this user' };
    const token = await this.graph.token(mailbox.tenantId);
    if (typeof token !== 'string') return token;
    const mail = await this.graph.post(`/users/${encodeURIComponent(mailbox.sender)}/sendMail`, token, this.mailBody(message, mailbox.sender));
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
        return { ok: false, retryable: mail.retryable, error: `sendMail ${mail.error}${why}` };
      }
    }
  }

  /**
   * The body of `POST /users/{mailbox}/sendMail`, with the names exactly as Graph's metadata declares them: the
   * parameters `Message` and `SaveToSentItems`, the body type `html` (test/fixtures/msgraph holds the definitions).
   */
  private mailBody(message: OutgoingMessage, sender: string) {
    const { recipient } = message;
    return {
      Message: {
        subject: truncate(messageSummary(message), SUBJECT_MAX),
        body: { contentType: 'html', content: this.html(message) },
        toRecipients: [{ emailAddress: { address: recipient.email, name: recipient.displayName } }],
        from: { emailAddress: { address: sender, name: SENDER_NAME } },
      },
      SaveToSentItems: false,
    };
  }

  /** One paragraph and link for a message of one; a list with a link per notification for several. */
  private html(message: OutgoingMessage): string {
    const [only, ...rest] = message.notifications;
    if (only && rest.length === 0) return `<p>${escapeHtml(only.text)}</p><p><a href="${escapeHtml(messageDeepLink(this.options, message))}">Open in Teams</a></p>`;
    const rows = message.notifications.map((n) => `<li>${escapeHtml(n.text)} — <a href="${escapeHtml(tabDeepLink(this.options, subEntityOf(n)))}">Open</a></li>`);
    return `<p>${escapeHtml(messageSummary(message))}</p><ul>${rows.join('')}</ul><p><a href="${escapeHtml(messageDeepLink(this.options, message))}">Open in Teams</a></p>`;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
