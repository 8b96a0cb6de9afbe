import { z } from 'zod/mini';
import {
  ActionItemReply,
  AuditPageReply,
  ColleagueReply,
  DealReply,
  DealSuggestionReply,
  listOf,
  MeetingOutcomesReply,
  MeReply,
  pageOf,
  NotificationReply,
  PreferencesReply,
  ProblemReply,
  RepAgendaReply,
  ReviewReply,
  TeamAgendaReply,
  TeamSummaryReply,
  TrapsReply,
  GoalsReply,
} from '../../../functions/src/domain/replies';
import { SignInProblem, type TokenProvider } from '../host/types';

/** The API answered with a problem (problem+json): bad input, not allowed, conflict… */
export class ApiProblem extends Error {
  constructor(readonly problem: ProblemReply) {
    super(problem.detail ?? problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
}

/**
 * The API refused a freshly signed-in token as well: signing in worked, but did not give Followthrough access (a
 * token for another audience, an organization not enabled for the app). Still a 401 ApiProblem for the screens.
 */
export class ApiAccessRefused extends ApiProblem {
  constructor(problem: ProblemReply) {
    super(problem);
    const why = problem.detail ? ` (${problem.detail.replace(/\.$/, '')})` : '';
    this.message = `Signing in did not give Followthrough access${why}. Select Try again; if it keeps happening, ask your administrator to check Followthrough’s sign-in settings.`;
  }
}

/** The API could not be reached, or is failing: worth retrying later, nothing the user did wrong. */
export class ApiUnreachable extends Error {}

interface RequestOptions<S extends z.ZodMiniType> {
  body?: unknown;
  headers?: Record<string, string>;
  schema?: S;
}

/** The typed client of the Followthrough API. Every reply is parsed with the domain's reply schemas. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly tokens: TokenProvider,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  me() {
    return this.request('GET', '/me', { schema: MeReply });
  }

  meeting(key: string) {
    return this.request('GET', `/meetings/${encodeURIComponent(key)}`, { schema: MeetingOutcomesReply });
  }

  captureOutcomes(key: string, body: unknown, idempotencyKey: string) {
    return this.request('POST', `/meetings/${encodeURIComponent(key)}/outcomes`, {
      body,
      headers: { 'idempotency-key': idempotencyKey },
      schema: MeetingOutcomesReply,
    });
  }

  openItemsOfDeal(dealId: string) {
    return this.request('GET', `/action-items?dealId=${encodeURIComponent(dealId)}&status=open&limit=200`, { schema: pageOf(ActionItemReply) });
  }

  updateItem(id: string, etag: string, patch: unknown) {
    return this.request('PATCH', `/action-items/${encodeURIComponent(id)}`, { body: patch, headers: { 'if-match': etag }, schema: ActionItemReply });
  }

  /** An item's history, oldest first, a page at a time. */
  itemHistory(id: string, cursor?: string) {
    const page = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    return this.request('GET', `/action-items/${encodeURIComponent(id)}/history?limit=50${page}`, { schema: AuditPageReply });
  }

  /** The tenant's audit trail (admins): `from <= at < to`, the last 30 days unless given. */
  tenantAudit(query: { from?: string; to?: string; cursor?: string; limit?: number } = {}) {
    const params = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
    const qs = params.toString();
    return this.request('GET', `/tenant/audit${qs ? `?${qs}` : ''}`, { schema: AuditPageReply });
  }

  colleagues(emails: string[]) {
    return this.request('GET', `/users?emails=${encodeURIComponent(emails.join(','))}`, { schema: listOf(ColleagueReply) });
  }

  teams() {
    return this.request('GET', '/teams', { schema: listOf(TeamSummaryReply) });
  }

  myOpenItems() {
    return this.request('GET', '/action-items?ownerId=me&status=open&limit=200', { schema: pageOf(ActionItemReply) });
  }

  openItemsOf(userId: string) {
    return this.request('GET', `/action-items?ownerId=${encodeURIComponent(userId)}&status=open&limit=200`, { schema: pageOf(ActionItemReply) });
  }

  notifications() {
    return this.request('GET', '/notifications?limit=20', { schema: pageOf(NotificationReply) });
  }

  /** The caller's own notification preferences (channels in order, quiet hours, digest only). */
  preferences() {
    return this.requestWithEtag('GET', '/me/preferences', { schema: PreferencesReply });
  }

  /** Replaces them; with the version read, so a change made meanwhile elsewhere is a 412, not overwritten. */
  savePreferences(etag: string | null, preferences: unknown) {
    return this.requestWithEtag('PUT', '/me/preferences', { body: preferences, headers: etag ? { 'if-match': etag } : {}, schema: PreferencesReply });
  }

  repAgenda(teamId: string, repId: string, kind = 'weekly') {
    return this.request('GET', `/teams/${encodeURIComponent(teamId)}/agenda?repId=${encodeURIComponent(repId)}&kind=${kind}`, { schema: RepAgendaReply });
  }

  teamAgenda(teamId: string) {
    return this.request('GET', `/teams/${encodeURIComponent(teamId)}/agenda`, { schema: TeamAgendaReply });
  }

  reviews(teamId: string, repId: string) {
    return this.request('GET', `/reviews?teamId=${encodeURIComponent(teamId)}&repId=${encodeURIComponent(repId)}&limit=20`, { schema: pageOf(ReviewReply) });
  }

  createReview(body: unknown, idempotencyKey: string) {
    return this.request('POST', '/reviews', { body, headers: { 'idempotency-key': idempotencyKey }, schema: z.object({ review: ReviewReply, items: z.array(ActionItemReply) }) });
  }

  traps(teamId: string) {
    return this.requestWithEtag('GET', `/teams/${encodeURIComponent(teamId)}/traps`, { schema: TrapsReply });
  }

  saveTraps(teamId: string, etag: string, traps: unknown) {
    return this.requestWithEtag('PUT', `/teams/${encodeURIComponent(teamId)}/traps`, { body: traps, headers: { 'if-match': etag }, schema: TrapsReply });
  }

  goals(teamId: string) {
    return this.requestWithEtag('GET', `/teams/${encodeURIComponent(teamId)}/goals`, { schema: GoalsReply });
  }

  saveGoals(teamId: string, etag: string | null, goals: unknown) {
    return this.requestWithEtag('PUT', `/teams/${encodeURIComponent(teamId)}/goals`, { body: goals, headers: etag ? { 'if-match': etag } : {}, schema: GoalsReply });
  }

  deals() {
    return this.request('GET', '/deals?limit=200', { schema: pageOf(DealReply) });
  }

  dealSuggestions(emails: string[]) {
    return this.request('GET', `/deals/suggestions?emails=${encodeURIComponent(emails.join(','))}`, { schema: listOf(DealSuggestionReply) });
  }

  createDeal(body: { name: string; account: string }, idempotencyKey: string) {
    return this.request('POST', '/deals', { body, headers: { 'idempotency-key': idempotencyKey }, schema: DealReply });
  }

  private async request<S extends z.ZodMiniType>(method: string, path: string, options: RequestOptions<S> = {}): Promise<z.output<S>> {
    return (await this.requestWithEtag(method, path, options)).body;
  }

  /** A request whose reply's ETag matters (settings edited with If-Match). */
  private async requestWithEtag<S extends z.ZodMiniType>(method: string, path: string, options: RequestOptions<S> = {}): Promise<{ body: z.output<S>; etag: string | null }> {
    const send = async (forceRefresh: boolean) => {
      const token = await this.tokens.getToken(forceRefresh);
      return this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    };
    let response: Response;
    let refreshed = false;
    try {
      response = await send(false);
      // An expired token: one fresh attempt.
      if (response.status === 401) {
        refreshed = true;
        response = await send(true);
      }
    } catch (error) {
      if (error instanceof SignInProblem) throw error;
      throw new ApiUnreachable(error instanceof Error ? error.message : 'The network request failed.');
    }
    const text = await response.text();
    const json = text ? safeJson(text) : null;
    if (!response.ok) {
      const problem = ProblemReply.safeParse(json);
      if (response.status === 401 && refreshed) throw new ApiAccessRefused(problem.success ? problem.data : { title: 'Unauthorized', status: 401 });
      if (response.status >= 500 || response.status === 429 || !problem.success) {
        throw new ApiUnreachable(problem.success ? (problem.data.detail ?? problem.data.title) : `The API answered ${response.status}.`);
      }
      throw new ApiProblem(problem.data);
    }
    return { body: options.schema ? options.schema.parse(json) : (json as z.output<S>), etag: response.headers.get('etag') };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
