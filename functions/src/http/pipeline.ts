import type { HttpHandler, HttpMethod, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { z } from 'zod';
import { bareEtag, InvalidInput, NotFound, parseInput, PayloadTooLarge, PreconditionRequired, UnsupportedMediaType, type Viewer } from '../domain';
import type { TokenVerifier } from '../platform/auth';
import type { BotTokenVerifier } from '../platform/bot-auth';
import { toProblem } from '../platform/problem';
import { recordTenant } from '../platform/telemetry';
import type { ActionItemService } from '../services/action-items';
import type { AgendaService } from '../services/agenda';
import type { AuditHistoryService } from '../services/audit-history';
import type { DealSuggestionService } from '../services/deal-suggestions';
import type { DealService } from '../services/deals';
import type { DirectoryService } from '../services/directory';
import type { ContactErasure } from '../services/erasure';
import type { ExportService } from '../services/exports';
import type { IdempotencyService } from '../services/idempotency';
import type { LeaverService } from '../services/leavers';
import { fingerprint } from '../services/ids';
import type { MeetingService } from '../services/meetings';
import type { NotificationService } from '../services/notifications';
import type { PreferencesService } from '../services/preferences';
import type { ReviewService } from '../services/reviews';
import type { TeamService } from '../services/teams';
import { requireTenantAdmin } from '../services/tenant-admin';
import type { TenantSettingsService } from '../services/tenant-settings';
import type { BotEndpoint } from './messages';

/** Bodies above this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/** What the HTTP handlers use; composition.ts builds it once per process. */
export interface HttpDeps {
  verifier: TokenVerifier;
  directory: DirectoryService;
  idempotency: IdempotencyService;
  actionItems: ActionItemService;
  auditHistory: AuditHistoryService;
  deals: DealService;
  dealSuggestions: DealSuggestionService;
  meetings: MeetingService;
  teams: TeamService;
  notifications: NotificationService;
  preferences: PreferencesService;
  agendas: AgendaService;
  reviews: ReviewService;
  tenantSettings: TenantSettingsService;
  leavers: LeaverService;
  erasure: ContactErasure;
  exports: ExportService;
  /** The Teams bot behind /api/messages, and the check of the Bot Connector's tokens it sits behind. */
  bot: BotEndpoint;
  botVerifier: BotTokenVerifier;
}

/** One HTTP function: the same table is registered with app.http in Azure and served by the local host. */
export interface HttpRoute {
  name: string;
  methods: HttpMethod[];
  /** Azure route template under the `api/` prefix, e.g. `action-items/{id}`. */
  route: string;
  handler: HttpHandler;
}

/** A request that passed the token check: typed access to its parts, each validated at this edge. */
export class Call {
  private rawBody: string | undefined;

  constructor(
    readonly req: HttpRequest,
    readonly context: InvocationContext,
    readonly viewer: Viewer,
  ) {}

  /** The JSON body parsed with the shared schema; 413/415/400 for oversized, non-JSON or invalid bodies. */
  async body<S extends z.ZodType>(schema: S): Promise<z.output<S>> {
    const declared = Number(this.req.headers.get('content-length') ?? '0');
    if (declared > MAX_BODY_BYTES) throw tooLarge();
    const type = this.req.headers.get('content-type');
    if (type && !/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
      throw new UnsupportedMediaType('Send the body as application/json.');
    }
    const text = await this.req.text();
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge();
    this.rawBody = text;
    if (text.trim() === '') throw new InvalidInput([{ path: '', message: 'Send a JSON body' }]);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InvalidInput([{ path: '', message: `The body is not valid JSON (${(error as Error).message})` }]);
    }
    return parseInput(schema, value);
  }

  /** Query parameters parsed with a strict schema: unknown or repeated parameters are named in the 400. */
  query<S extends z.ZodType>(schema: S): z.output<S> {
    const values: Record<string, string> = {};
    const repeated: string[] = [];
    for (const [key, value] of this.req.query.entries()) {
      if (key in values) repeated.push(key);
      values[key] = value;
    }
    if (repeated.length > 0) throw new InvalidInput(repeated.map((path) => ({ path, message: 'Give this parameter once' })));
    return parseInput(schema, values);
  }

  /** A path parameter; one that cannot be valid is simply not found. */
  param<S extends z.ZodType>(name: string, schema: S, what: string): z.output<S> {
    const result = schema.safeParse(this.req.params[name]);
    if (!result.success) throw new NotFound(what);
    return result.data;
  }

  /** The If-Match version (428 when missing). `*` means "whatever is current". */
  ifMatch(): string {
    const value = this.req.headers.get('if-match')?.trim();
    if (!value) throw new PreconditionRequired();
    return value;
  }

  idempotencyKey(): string | undefined {
    return this.req.headers.get('idempotency-key') ?? undefined;
  }

  /** Identifies this request for Idempotency-Key reuse checks: method, path and body. */
  fingerprint(): string {
    return fingerprint(this.req.method, new URL(this.req.url).pathname, this.rawBody ?? '');
  }
}

function tooLarge(): PayloadTooLarge {
  return new PayloadTooLarge(`The body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
}

/** Wraps a handler with the token check (before anything else runs) and the one error mapping. */
export function authenticated(deps: Pick<HttpDeps, 'verifier' | 'directory'>, handle: (call: Call) => Promise<HttpResponseInit>): HttpHandler {
  return async (req, context) => {
    try {
      const caller = await deps.verifier.verify(req.headers.get('authorization'));
      // The tenant (verified, never the user) goes on the invocation's span: an operator can see one customer's calls.
      recordTenant(caller.tenantId);
      const viewer = await deps.directory.viewerFor(caller);
      return await handle(new Call(req, context, viewer));
    } catch (error) {
      return toProblem(error, context);
    }
  };
}

/**
 * A `/api/tenant/*` handler: the token check, then the tenant-admin check — before the handler reads its path, query
 * or body — so everyone but the tenant's admins gets 403 whatever they send.
 */
export function tenantAdmin(deps: Pick<HttpDeps, 'verifier' | 'directory'>, handle: (call: Call) => Promise<HttpResponseInit>): HttpHandler {
  return authenticated(deps, async (call) => {
    requireTenantAdmin(call.viewer);
    return handle(call);
  });
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }, body: JSON.stringify(body) };
}

/** A single resource, with its version in the ETag header for the next If-Match. */
export function resource(status: number, body: { etag: string }, headers: Record<string, string> = {}): HttpResponseInit {
  return json(status, body, { etag: etagHeader(body.etag), ...headers });
}

export function etagHeader(etag: string): string {
  return `"${bareEtag(etag)}"`;
}

export function noContent(): HttpResponseInit {
  return { status: 204, headers: { 'cache-control': 'no-store' } };
}
