import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the stand-in received it. */
export interface GraphRequest {
  method: string;
  /** Path without the query, e.g. `/v1.0/users/u1/teamwork/sendActivityNotification`. */
  path: string;
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
        const path = (req.url ?? '/').split('?')[0]!;
        const answer = this.answerFor(path, req.headers.authorization);
        this.requests.push({ method: req.method ?? '', path, headers: req.headers, body, time, answered: answer === 'hang' ? 'hang' : answer.status });
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

  /** Requests whose path is `path`. */
  to(path: string): GraphRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private answerFor(path: string, authorization: string | undefined): GraphAnswer {
    const queue = this.scripts.get(path);
    if (queue && queue.length > 0) return queue.length > 1 ? queue.shift()! : queue[0]!;
    if (path.endsWith('/teamwork/sendActivityNotification')) return { status: 204 };
    const mailbox = /^\/v1\.0\/users\/([^/]+)\/sendMail$/.exec(path)?.[1];
    if (mailbox !== undefined) {
      if (!this.sendAs) return { status: 202 };
      const granted = this.sendAs[decodeURIComponent(mailbox).toLowerCase()];
      return granted !== undefined && granted === authorization ? { status: 202 } : MAIL_ACCESS_DENIED;
    }
    return graphError(404, 'ResourceNotFound', `no such path in the stand-in: ${path}`);
  }
}
