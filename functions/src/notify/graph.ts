import { createHash } from 'node:crypto';

/** App-only access tokens for Microsoft Graph, one tenant at a time. Implementations cache (see graph-auth.ts). */
export interface GraphTokenProvider {
  getToken(tenantId: string): Promise<string>;
}

/** How Graph answered one request, classified the way the delivery channels need it. */
export type GraphReply =
  | { kind: 'ok' }
  | { kind: 'throttled'; retryAfterSeconds: number | undefined; error: string }
  | { kind: 'failed'; status: number; retryable: boolean; error: string };

/**
 * App-only POSTs to Microsoft Graph, shared by the activity feed and the mail channel: one request per call, never a
 * throw — 2xx is ok, 429 is throttled (with its Retry-After), 5xx, timeouts and network errors are retryable, any
 * other status is not. Tokens that cannot be had are a retryable failure too (`token`).
 */
export class GraphClient {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly tokens: GraphTokenProvider,
    private readonly timeoutMs: number,
    private readonly now: () => number,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** An app-only token of the tenant, or the failure to get one (retryable: the next attempt may get it). */
  async token(tenantId: string): Promise<string | { ok: false; retryable: true; error: string }> {
    try {
      return await this.tokens.getToken(tenantId);
    } catch (err) {
      return { ok: false, retryable: true, error: `no Graph token for tenant ${tenantId}: ${messageOf(err)}` };
    }
  }

  async post(path: string, token: string, body: unknown): Promise<GraphReply> {
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
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function messageOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${err.message}${cause}`;
}

/** A stable Int64-safe chain id for a message (48 bits of a hash of its id: a notification's own for a message of one). */
export function chainIdFor(messageId: string): number {
  return Number.parseInt(createHash('sha256').update(messageId).digest('hex').slice(0, 12), 16);
}
