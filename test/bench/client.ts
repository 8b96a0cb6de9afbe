/** A minimal API client over real HTTP, using Node's global fetch (undici keeps connections alive by default). */

export interface ApiReply {
  status: number;
  /** The parsed JSON body, or null for an empty one. */
  body: unknown;
}

export interface RequestOptions {
  token: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export class ApiClient {
  constructor(private readonly apiUrl: string) {}

  /** Sends one request and reads the whole reply; network failures reject. */
  async send(method: string, path: string, options: RequestOptions): Promise<ApiReply> {
    const response = await fetch(`${this.apiUrl}${path}`, this.init(method, options));
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  }

  /** Sends one request, reads the reply body without parsing it, and answers the status: the load generator's call. */
  async status(method: string, path: string, options: RequestOptions): Promise<number> {
    const response = await fetch(`${this.apiUrl}${path}`, this.init(method, options));
    await response.arrayBuffer();
    return response.status;
  }

  /** Like `send`, but fails unless the reply has the expected status: for setup and warm-up, where a bad reply means the benchmark cannot run. */
  async expect(status: number, method: string, path: string, options: RequestOptions): Promise<unknown> {
    const reply = await this.send(method, path, options);
    if (reply.status !== status) {
      throw new Error(`${method} ${path} answered ${reply.status}, expected ${status}: ${JSON.stringify(reply.body)}`);
    }
    return reply.body;
  }

  private init(method: string, options: RequestOptions): RequestInit {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, ...options.headers };
    if (options.body === undefined) return { method, headers };
    headers['content-type'] = 'application/json';
    return { method, headers, body: JSON.stringify(options.body) };
  }
}

/** A future instant `days` from now at 17:00 UTC, as ISO 8601 with an offset (`Z`). */
export function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(17, 0, 0, 0);
  return d.toISOString();
}

export function idOf(body: unknown): string {
  const id = (body as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') throw new Error(`Expected a body with an id, got ${JSON.stringify(body)}`);
  return id;
}
