/** App-only tokens with which the bot calls the Bot Connector (bot/connector-auth.ts; the local host: its stand-in's). */
export interface ConnectorTokenProvider {
  getToken(): Promise<string>;
}

/** What the Bot Connector answered, classified for the card channel. */
export type ConnectorReply<T> =
  | { kind: 'ok'; body: T }
  /** 429, or 5xx: try again later (after Retry-After when it says); nothing was accepted. */
  | { kind: 'retry'; status: number; retryAfterSeconds?: number; error: string }
  /** 403/404: the bot cannot reach this user in this conversation (the app removed, the chat blocked or gone). */
  | { kind: 'unreachable'; status: number; error: string }
  | { kind: 'failed'; status: number; error: string };

export interface BotConnectorOptions {
  /** The bot's app id; Teams names the bot `28:<app id>`. */
  botAppId: string;
  tokens: ConnectorTokenProvider;
  /** Per request; default 10,000 ms. */
  timeoutMs?: number;
  now?: () => number;
}

/** The activity a card goes out in. */
export interface CardActivity {
  type: 'message';
  summary: string;
  attachments: { contentType: 'application/vnd.microsoft.card.adaptive'; content: unknown }[];
}

/**
 * The Bot Connector's REST API (v3), as the card channel uses it: create the 1:1 conversation with a user, post an
 * activity to it, update one. Calls go to the conversation's own `serviceUrl` (Teams serves users from regional
 * connectors). One attempt per call, never a retry inside: the dispatcher owns retries and keeps them, as it does for
 * Microsoft Graph.
 */
export class BotConnector {
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: BotConnectorOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** `POST /v3/conversations`: the personal chat with a Teams user (the same one again when it exists). */
  createConversation(serviceUrl: string, to: { tenantId: string; teamsUserId: string }): Promise<ConnectorReply<{ id: string }>> {
    return this.call(serviceUrl, 'POST', '/v3/conversations', {
      bot: { id: `28:${this.options.botAppId}` },
      members: [{ id: to.teamsUserId }],
      isGroup: false,
      tenantId: to.tenantId,
      channelData: { tenant: { id: to.tenantId } },
    });
  }

  /** `POST /v3/conversations/{id}/activities`: a new message in the conversation; the connector answers its id. */
  sendToConversation(serviceUrl: string, conversationId: string, activity: CardActivity): Promise<ConnectorReply<{ id: string }>> {
    return this.call(serviceUrl, 'POST', `/v3/conversations/${encodeURIComponent(conversationId)}/activities`, activity);
  }

  /** `PUT /v3/conversations/{id}/activities/{activityId}`: replaces a message the bot sent. */
  updateActivity(serviceUrl: string, conversationId: string, activityId: string, activity: CardActivity): Promise<ConnectorReply<{ id: string }>> {
    return this.call(serviceUrl, 'PUT', `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`, { ...activity, id: activityId });
  }

  private async call<T>(serviceUrl: string, method: 'POST' | 'PUT', path: string, body: unknown): Promise<ConnectorReply<T>> {
    let token: string;
    try {
      token = await this.options.tokens.getToken();
    } catch (error) {
      return { kind: 'retry', status: 0, error: `no Bot Connector token: ${messageOf(error)}` };
    }
    let response: Response;
    try {
      response = await fetch(`${serviceUrl.replace(/\/+$/, '')}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return { kind: 'retry', status: 0, error: timedOut ? `Bot Connector timeout after ${this.timeoutMs} ms` : `Bot Connector unreachable: ${messageOf(error)}` };
    }
    const status = response.status;
    const text = await response.text().catch(() => '');
    if (status >= 200 && status < 300) {
      try {
        return { kind: 'ok', body: (text ? JSON.parse(text) : {}) as T };
      } catch {
        return { kind: 'ok', body: {} as T };
      }
    }
    const error = `Bot Connector ${status}: ${errorDetail(text) || response.statusText || 'no body'}`;
    if (status === 429 || status >= 500) return { kind: 'retry', status, retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after'), this.now()), error };
    // The token was refused: a fresh one may do.
    if (status === 401) return { kind: 'retry', status, error };
    if (status === 403 || status === 404) return { kind: 'unreachable', status, error };
    return { kind: 'failed', status, error };
  }
}

/** `Retry-After` as whole seconds or an HTTP date; undefined when missing or unreadable (the dispatcher backs off). */
export function retryAfterSeconds(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The connector's error body: `{"error": {"code", "message"}}`. */
function errorDetail(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const parts = [parsed.error?.code, parsed.error?.message].filter((p): p is string => typeof p === 'string');
    if (parts.length > 0) return parts.join(': ').slice(0, 300);
  } catch {
    // not JSON
  }
  return text.trim().slice(0, 300);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
