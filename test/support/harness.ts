import { randomUUID } from 'node:crypto';
import type { PluginConfig } from '@azure/cosmos';
import { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { FixedClock } from '../../functions/src/platform/clock';
import type { Notification } from '../../functions/src/domain';
import type { DeliveryChannel } from '../../functions/src/services/ports';
import { RequestCounter } from '../../functions/src/store/cosmos';
import { DEPLOYMENT_PARTITION } from '../../functions/src/store/deployment-keys';
import { CONTAINERS } from '../../functions/src/store/layout';
import { partitionKeyFor } from '../../functions/src/store/partitions';
import { type DevUser } from '../../functions/local/dev-identity';
import { matchRoute } from '../../functions/local/router';
import { type LocalHost, type LocalHostOptions, startLocalHost } from '../../functions/local/server';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  /** Demo user key (`priya`, `morgan`, …) or a raw token; omit for an anonymous call. */
  as?: DemoUserKey | { token: string };
  body?: unknown;
  /** Sent as is, instead of JSON-encoding `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export const DEMO_USER_KEYS = ['morgan', 'priya', 'diego', 'sam', 'jordan', 'alex', 'casey'] as const;
export type DemoUserKey = (typeof DEMO_USER_KEYS)[number];

/** The whole API on the real Cosmos stand-in with demo data; handlers are called as the Functions host calls them. */
export class TestApi {
  private readonly tokens = new Map<string, string>();

  private constructor(
    readonly host: LocalHost,
    readonly clock: FixedClock,
    /** Cosmos requests sent so far. */
    readonly counter: RequestCounter,
  ) {}

  static async start(options: { now?: Date; demo?: boolean; channels?: DeliveryChannel[]; cosmosPlugins?: PluginConfig[]; exports?: LocalHostOptions['exports']; cardChannel?: boolean } = {}): Promise<TestApi> {
    const clock = new FixedClock(options.now ?? new Date());
    const counter = new RequestCounter();
    const host = await startLocalHost({
      apiPort: 0,
      clock,
      counter,
      demoData: options.demo === false ? 'never' : 'always',
      channels: options.channels,
      // The bot's card channel only where a test asks for it: the others read what the outbox (the feed) got.
      cardChannel: options.cardChannel ?? false,
      cosmosPlugins: options.cosmosPlugins,
      // Exports without the pause between pages that keeps them from crowding out the API.
      exports: { pauseMs: 0, ...options.exports },
    });
    return new TestApi(host, clock, counter);
  }

  user(key: DemoUserKey): DevUser {
    const user = this.host.users.find((u) => u.email.startsWith(`${key}.`));
    if (!user) throw new Error(`no demo user ${key}`);
    return user;
  }

  async token(key: DemoUserKey): Promise<string> {
    let token = this.tokens.get(key);
    if (!token) {
      token = await this.host.tokenFor(this.user(key).userId);
      this.tokens.set(key, token);
    }
    return token;
  }

  /** Invokes the registered handler for `method path` with an HttpRequest and InvocationContext. */
  async call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
    const url = new URL(path, this.host.baseUrl);
    const match = matchRoute(this.host.routes, method, url.pathname.replace(/^\/api\//, ''));
    if (!match || 'allowed' in match) throw new Error(`no route for ${method} ${path}`);
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = `Bearer ${typeof options.as === 'string' ? await this.token(options.as) : options.as.token}`;
    const text = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (text !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const request = new HttpRequest({
      method: method as 'GET',
      url: url.toString(),
      headers,
      params: match.params,
      ...(text === undefined ? {} : { body: { string: text } }),
    });
    const context = new InvocationContext({ functionName: match.route.name, invocationId: randomUUID(), logHandler: () => undefined });
    const response = new HttpResponse(await match.route.handler(request, context));
    const raw = await response.text();
    // JSON and problem+json parsed; anything else (an export's NDJSON file) as the text it is.
    const json = /json\b/.test(response.headers.get('content-type') ?? 'application/json') && !/ndjson/.test(response.headers.get('content-type') ?? '');
    return { status: response.status, headers: response.headers, body: raw ? (json ? JSON.parse(raw) : raw) : null };
  }

  /** Every stored document of every container, for "nothing changed" checks. */
  async snapshot(): Promise<string> {
    const all: unknown[] = [];
    for (const name of Object.keys(CONTAINERS) as (keyof typeof CONTAINERS)[]) {
      const container = await this.host.services.store.container(name);
      const { resources } = await container.items.query('SELECT * FROM c').fetchAll();
      // The deployment's cursor key is made by the first request that pages, whichever it is: not a change of data.
      const data = resources.filter((doc) => doc.tenantId !== DEPLOYMENT_PARTITION);
      all.push(...data.sort((a, b) => String(a.id).localeCompare(String(b.id))));
    }
    return JSON.stringify(all);
  }

  /** A raw stored document, soft-deleted or not. */
  async stored(container: keyof typeof CONTAINERS, id: string, tenantId: string): Promise<any> {
    const c = await this.host.services.store.container(container);
    const { resource } = await c.item(id, partitionKeyFor(container, tenantId, id)).read();
    return resource;
  }

  /** Every stored notification of every tenant. */
  async notifications(): Promise<Notification[]> {
    const container = await this.host.services.store.container('notifications');
    const { resources } = await container.items.query<Notification>("SELECT * FROM c WHERE c.type = 'notification'").fetchAll();
    return resources;
  }

  stop(): Promise<void> {
    return this.host.close();
  }
}

/** A future instant at 17:00 UTC, `days` from the api clock. */
export function inDays(api: TestApi, days: number): string {
  const d = new Date(api.clock.now().getTime() + days * 86_400_000);
  d.setUTCHours(17, 0, 0, 0);
  return d.toISOString();
}
