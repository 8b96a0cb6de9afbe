import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the stand-in received it. */
export interface GraphRequest {
  method: string;
  /** Path without the query, e.g. `/v1.0/users/u1/teamwork/sendActivityNotification`. */
  path: string;
  /** The query string as sent, without `?` (e.g. `$select=id`); empty when there was none. */
  query: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (the raw text when it is not JSON). */
  body: any;
  /** When it arrived, by the stand-in's clock. */
  time: number;
  /** The status the stand-in answered with, or 'hang' when it never answered. */
  answered?: number | 'hang';
}

/** How the stand-in answers one request: a status with optional headers and JSON body, or never (a hung request). */
export type GraphAnswer = { status: number; headers?: Record<string, string>; body?: unknown } | 'hang';

export const VERSION = '/v1.0';
/** The path of a user's activity feed as a client sends it (the id URL-encoded). */
export const feedPath = (userId: string) => `${VERSION}/users/${encodeURIComponent(userId)}/teamwork/sendActivityNotification`;
/** The path of `sendMail` for a mailbox (a user id or an address such as the service mailbox's, URL-encoded). */
export const mailPath = (mailbox: string) => `${VERSION}/users/${encodeURIComponent(mailbox)}/sendMail`;
/** The path of the users delta query. */
export const USERS_DELTA_PATH = `${VERSION}/users/delta`;

/** What Exchange Online answers when the app may not send as that mailbox (no RBAC for Applications grant for it). */
export const MAIL_ACCESS_DENIED = graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');

/** Graph's error body. */
export function graphError(status: number, code: string, message: string, headers?: Record<string, string>): GraphAnswer {
  return { status, headers, body: { error: { code, message, innerError: { date: '2026-11-24T10:00:00', 'request-id': 'standin' } } } };
}

export interface GraphStandInOptions {
  /** Stamps each request's arrival; default `Date.now`. */
  clock?: () => number;
  /**
   * Exchange Online RBAC for Applications: mailbox address → the Authorization header (an app-only token of the
   * mailbox's tenant) of the app that may send as it. Given, unscripted `sendMail` answers 202 only for a granted
   * mailbox with its token, and 403 ErrorAccessDenied otherwise, as Exchange does. Omitted: every sendMail is 202.
   */
  sendAs?: Record<string, string>;
}

/**
 * A stand-in for Microsoft Graph's app-only calls on loopback. It records every request and answers as scripted per
 * path; unscripted paths answer as Graph does on success (204 for sendActivityNotification, 202 for sendMail, or 403
 * where `sendAs` grants nothing), anything else 404.
 */
export class GraphStandIn {
  readonly requests: GraphRequest[] = [];
  private readonly scripts = new Map<string, GraphAnswer[]>();
  /** The directory `GET /users/delta` reads: user ids per tenant, and when each was removed (a version number). */
  private readonly directories = new Map<string, { users: string[]; removed: { id: string; version: number }[] }>();
  private version = 0;
  /** Users per page of `/users/delta`; Graph decides its own page size, clients must follow `@odata.nextLink`. */
  deltaPageSize = 2;

  private baseUrlValue = '';
  private readonly server: Server;

  private constructor(
    private readonly clock: () => number,
    private readonly sendAs: Record<string, string> | undefined,
  ) {
    this.server = createServer((req, res) => {
      const time = this.clock();
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          // keep the raw text
        }
        const [path = '/', query = ''] = (req.url ?? '/').split('?');
        const answer = this.answerFor(path, req.headers.authorization, query);
        this.requests.push({ method: req.method ?? '', path, query, headers: req.headers, body, time, answered: answer === 'hang' ? 'hang' : answer.status });
        if (answer === 'hang') return; // the client's timeout ends it; stop() closes the socket
        const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
        res.writeHead(answer.status, { ...(payload ? { 'Content-Type': 'application/json' } : {}), ...answer.headers });
        res.end(payload);
      });
    });
  }

  /** Listens on 127.0.0.1 on a free port. */
  static async start(options: GraphStandInOptions = {}): Promise<GraphStandIn> {
    const standIn = new GraphStandIn(options.clock ?? Date.now, options.sendAs);
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    const { port } = standIn.server.address() as AddressInfo;
    standIn.baseUrlValue = `http://127.0.0.1:${port}${VERSION}`;
    return standIn;
  }

  /** What GraphChannel takes as `baseUrl`, e.g. `http://127.0.0.1:41234/v1.0`. */
  get baseUrl(): string {
    return this.baseUrlValue;
  }

  /** Answers the next requests to `path` in this order; the last answer then repeats. */
  script(path: string, ...answers: GraphAnswer[]): void {
    this.scripts.set(path, answers);
  }

  /** The users of a tenant's directory, as `GET /users/delta` lists them (with that tenant's token). */
  setDirectory(tenantId: string, userIds: string[]): void {
    this.directories.set(tenantId, { users: [...userIds], removed: [] });
  }

  /** Deletes users in a tenant's directory: the next delta round reports each with `@removed`. */
  removeUsers(tenantId: string, ...userIds: string[]): void {
    const directory = this.directories.get(tenantId) ?? { users: [], removed: [] };
    this.version++;
    directory.users = directory.users.filter((id) => !userIds.includes(id));
    directory.removed.push(...userIds.map((id) => ({ id, version: this.version })));
    this.directories.set(tenantId, directory);
  }

  /** Requests whose path is `path`. */
  to(path: string): GraphRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private answerFor(path: string, authorization: string | undefined, query: string): GraphAnswer {
    const queue = this.scripts.get(path);
    if (queue && queue.length > 0) return queue.length > 1 ? queue.shift()! : queue[0]!;
    if (path === USERS_DELTA_PATH) return this.usersDelta(authorization, new URLSearchParams(query));
    if (path.endsWith('/teamwork/sendActivityNotification')) return { status: 204 };
    const mailbox = /^\/v1\.0\/users\/([^/]+)\/sendMail$/.exec(path)?.[1];
    if (mailbox !== undefined) {
      if (!this.sendAs) return { status: 202 };
      const granted = this.sendAs[decodeURIComponent(mailbox).toLowerCase()];
      return granted !== undefined && granted === authorization ? { status: 202 } : MAIL_ACCESS_DENIED;
    }
    return graphError(404, 'ResourceNotFound', `no such path in the stand-in: ${path}`);
  }

  /**
   * `GET /users/delta` as Graph answers it, for the tenant whose app-only token is `Bearer app-token:<tenantId>`: a
   * first round lists every user; each page but the last carries `@odata.nextLink` (`$skiptoken`), the last an
   * `@odata.deltaLink` (`$deltatoken`); a round from a delta link lists the users removed since, each as
   * `{id, "@removed": {reason: "deleted"}}`. Only `$select=id` is served, as the app asks for nothing more.
   */
  private usersDelta(authorization: string | undefined, query: URLSearchParams): GraphAnswer {
    const tenantId = /^Bearer app-token:(.+)$/.exec(authorization ?? '')?.[1];
    if (!tenantId) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const directory = this.directories.get(tenantId);
    if (!directory) return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    const skip = query.get('$skiptoken');
    const state = skip ? (JSON.parse(Buffer.from(skip, 'base64url').toString('utf8')) as { since: number | null; at: number; offset: number }) : null;
    const delta = query.get('$deltatoken');
    if (!state && !delta && query.get('$select') !== 'id') return graphError(400, 'Request_BadRequest', 'the stand-in serves $select=id only');
    const since = state ? state.since : delta ? Number(delta) : null;
    const at = state?.at ?? this.version;
    const all =
      since === null
        ? directory.users.map((id) => ({ id }))
        : directory.removed.filter((r) => r.version > since && r.version <= at).map((r) => ({ id: r.id, '@removed': { reason: 'deleted' } }));
    const offset = state?.offset ?? 0;
    const value = all.slice(offset, offset + this.deltaPageSize);
    const more = offset + this.deltaPageSize < all.length;
    const link = (params: string) => `${this.baseUrlValue}/users/delta?${params}`;
    const next = Buffer.from(JSON.stringify({ since, at, offset: offset + this.deltaPageSize })).toString('base64url');
    return {
      status: 200,
      body: {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id)',
        value,
        ...(more ? { '@odata.nextLink': link(`$skiptoken=${next}`) } : { '@odata.deltaLink': link(`$deltatoken=${at}`) }),
      },
    };
  }
}
