// A stand-in for the Followthrough API behind `fetch`, for the task pane's component tests.
//
// It answers the routes the task pane calls with replies shaped like functions/src/domain/replies.ts (the client parses
// every one of them with those schemas), checks request bodies with the domain's own input schemas (so a body the real
// API would refuse is refused here too, 400 problem+json with `errors`), replays a save whose Idempotency-Key it has
// seen (as the real API does), records every request, and can be switched to fail like a network outage (a TypeError),
// a failing service (503) or a refusal (400 problem+json).
import { ActionItemPatchInput, MeetingOutcomesInput } from '../../../functions/src/domain';
import type { ActionItemReply, DealReply, MeetingOutcomesReply, MeReply, ProblemReply } from '../../../functions/src/domain/replies';
import { ApiClient } from '../../../addin/src/api/client';
import type { MeetingContext } from '../../../addin/src/host/types';

export const BASE_URL = 'https://followthrough-api.test/api';
export const TOKEN = 'test-token-priya';

// ---------------------------------------------------------------------------------------------------------------------
// The people, the meeting and the deals

export const ME: MeReply = {
  userId: 'u-priya',
  tenantId: 't-northwind',
  displayName: 'Priya Shah',
  email: 'priya.shah@northwind.example',
  roles: ['rep'],
  teamIds: ['team-east'],
};
export const MORGAN = { userId: 'u-morgan', displayName: 'Morgan Lee', email: 'morgan.lee@northwind.example' };
export const SAM = { userId: 'u-sam', displayName: 'Sam Carter', email: 'sam.carter@northwind.example' };
const PRIYA = { userId: ME.userId, displayName: ME.displayName, email: ME.email };
const DIRECTORY = [PRIYA, MORGAN, SAM];

export const DANA = { name: 'Dana Whitfield', email: 'dana.whitfield@fabrikam.example' };
export const KENJI = { name: 'Kenji Watanabe', email: 'kenji.watanabe@fabrikam.example' };

/** An Outlook REST item id: what the Outlook host uses as the meeting key. */
export const MEETING_KEY = 'AAMkADk0ZjM3LWFmNzQtNDc2Mi1iYjRjLTlkZWQ2NmI3ZjEwNgBGAAAAAADfabrikam-disco';

export const MEETING: MeetingContext = {
  key: MEETING_KEY,
  subject: 'Fabrikam — platform discovery call',
  start: '2026-11-25T14:00:00.000Z',
  end: '2026-11-25T14:45:00.000Z',
  organizer: { name: 'Priya Shah', email: 'priya.shah@northwind.example' },
  attendees: [
    { name: 'Priya Shah', email: 'priya.shah@northwind.example' },
    { name: 'Morgan Lee', email: 'morgan.lee@northwind.example' },
    { name: 'Dana Whitfield', email: 'dana.whitfield@fabrikam.example' },
    { name: 'Kenji Watanabe', email: 'kenji.watanabe@fabrikam.example' },
  ],
};

export const FABRIKAM_DEAL: DealReply = {
  id: 'deal-fabrikam-rollout',
  name: 'Platform rollout',
  account: 'Fabrikam',
  stage: 'qualify',
  amount: 120000,
  currency: 'USD',
  closeDate: '2027-02-26',
  ownerId: ME.userId,
  lastActivityAt: '2026-11-18T16:00:00.000Z',
  etag: '"0a00d4c2-0000-0100-0000-6745a1b20000"',
};

const CONTOSO_DEAL: DealReply = {
  id: 'deal-contoso-renewal',
  name: 'Renewal 2027',
  account: 'Contoso',
  stage: 'propose',
  amount: 45000,
  currency: 'USD',
  closeDate: '2026-12-18',
  ownerId: ME.userId,
  lastActivityAt: '2026-11-20T10:00:00.000Z',
  etag: '"0a00d4c3-0000-0100-0000-6745a1b30000"',
};

export const SUGGESTION_REASON = 'Met Dana Whitfield and Kenji Watanabe on this deal on 18 Nov';

// ---------------------------------------------------------------------------------------------------------------------
// Requests and failures

export interface RecordedRequest {
  method: string;
  url: string;
  /** The path after the API's base, decoded: e.g. `/meetings/AAMk…/outcomes`. */
  path: string;
  query: URLSearchParams;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** The JSON body, parsed; undefined when none was sent. */
  body: unknown;
}

export type Failure =
  /** The request never reaches the API: fetch rejects with a TypeError, as browsers do. */
  | { kind: 'network' }
  /** The API does the work, but the answer is lost on the way back (the connection drops): a TypeError again. */
  | { kind: 'reply-lost' }
  /** The API (or the gateway in front of it) is failing. */
  | { kind: 'unavailable'; status?: 502 | 503 | 504 }
  /** The API refuses the request: problem+json, with field errors. */
  | { kind: 'refused'; status?: number; title?: string; detail: string; errors?: { path: string; message: string }[] };

interface ResponseLike {
  status: number;
  ok: boolean;
  statusText: string;
  headers: Headers;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/** jsdom has no Response; the client reads only status, ok and text(). */
function respond(status: number, body: unknown, contentType = 'application/json'): Response {
  const text = body === undefined ? '' : JSON.stringify(body);
  const response: ResponseLike = {
    status,
    ok: status >= 200 && status < 300,
    statusText: String(status),
    headers: new Headers(body === undefined ? {} : { 'content-type': contentType }),
    text: async () => text,
    json: async () => JSON.parse(text),
  };
  return response as unknown as Response;
}

function problem(status: number, title: string, detail: string, errors?: { path: string; message: string }[]): Response {
  const body: ProblemReply = { type: `https://followthrough.dev/problems/${status}`, title, status, detail, ...(errors ? { errors } : {}) };
  return respond(status, body, 'application/problem+json');
}

const issuesOf = (error: { issues: { path: PropertyKey[]; message: string }[] }) => error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));

// ---------------------------------------------------------------------------------------------------------------------
// The fake

export class FakeApi {
  /** Every request, in order, including those that failed. */
  readonly requests: RecordedRequest[] = [];
  /** Captures stored, by Idempotency-Key: a repeated key answers the stored reply and stores nothing more. */
  readonly captures = new Map<string, MeetingOutcomesReply>();
  readonly items = new Map<string, ActionItemReply>();
  private readonly meetings = new Map<string, MeetingOutcomesReply['meeting']>();
  private failure: { failure: Failure; when: (request: RecordedRequest) => boolean } | null = null;
  private held: { when: (request: RecordedRequest) => boolean; waiting: (() => void)[] } | null = null;
  /** The body each Idempotency-Key was first used with: the same key with another body is refused, as the API does. */
  private readonly fingerprints = new Map<string, string>();
  /** Idempotency-Keys of saves being worked on: another request with one of them is answered 409, as the API does. */
  private readonly inFlight = new Set<string>();
  private nextId = 1;
  /** The server's clock, for createdAt/updatedAt. */
  now = () => new Date();

  constructor() {
    // An open buyer-side item from an earlier meeting on the same deal: part of the mutual action plan.
    const earlier = this.newItem({
      title: 'Confirm the security review date',
      owner: { type: 'contact', name: KENJI.name, email: KENJI.email },
      dueAt: '2026-12-02T22:00:00.000Z',
      tags: ['map-milestone'],
      dealId: FABRIKAM_DEAL.id,
      meetingKey: 'AAMkADk0ZjM3-earlier-fabrikam-intro',
    });
    this.items.set(earlier.id, earlier);
  }

  /** Every request from now on that `when` matches (default: all) fails as said, until `recover()`. */
  failWith(failure: Failure, when: (request: RecordedRequest) => boolean = () => true): void {
    this.failure = { failure, when };
  }

  recover(): void {
    this.failure = null;
  }

  /** Keeps the answers to matching requests back (the request is in flight) until `release()`. */
  hold(when: (request: RecordedRequest) => boolean): void {
    this.held = { when, waiting: [] };
  }

  release(): void {
    const waiting = this.held?.waiting ?? [];
    this.held = null;
    for (const go of waiting) go();
  }

  /** The requests with this method whose path matches. */
  sent(method: string, path: RegExp | string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  /** The saves of this meeting's outcomes sent so far. */
  saves(meetingKey = MEETING_KEY): RecordedRequest[] {
    return this.sent('POST', `/meetings/${meetingKey}/outcomes`);
  }

  /** The client the task pane is given: this fake behind its fetch, a fixed token. */
  client(): ApiClient {
    return new ApiClient(BASE_URL, { getToken: async () => TOKEN }, this.fetch);
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const request: RecordedRequest = {
      method: (init?.method ?? 'GET').toUpperCase(),
      url: url.href,
      path: decodeURIComponent(url.pathname.slice(new URL(BASE_URL).pathname.length)),
      query: url.searchParams,
      headers,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    this.requests.push(request);
    // Like a real network: the answer comes back on a later turn of the event loop.
    await Promise.resolve();
    const key = request.method === 'POST' ? request.headers['idempotency-key'] : undefined;
    if (key && this.inFlight.has(key)) {
      return problem(409, 'Conflict', 'A request with this Idempotency-Key is still in progress. Retry shortly.');
    }
    if (key) this.inFlight.add(key);
    try {
      const held = this.held;
      if (held?.when(request)) await new Promise<void>((resolve) => held.waiting.push(resolve));
      return this.answer(request);
    } finally {
      if (key) this.inFlight.delete(key);
    }
  };

  private answer(request: RecordedRequest): Response {
    if (this.failure?.when(request)) {
      const { failure } = this.failure;
      if (failure.kind === 'network') throw new TypeError('Failed to fetch');
      if (failure.kind === 'reply-lost') {
        this.route(request);
        throw new TypeError('Failed to fetch');
      }
      if (failure.kind === 'unavailable') return problem(failure.status ?? 503, 'Service unavailable', 'The service is temporarily unavailable. Try again shortly.');
      return problem(failure.status ?? 400, failure.title ?? 'Invalid input', failure.detail, failure.errors);
    }
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return problem(401, 'Unauthorized', 'A valid bearer token is required.');
    return this.route(request);
  }

  private route(request: RecordedRequest): Response {
    const { method, path, query } = request;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/me') return respond(200, ME);
    if (method === 'GET' && path === '/users') {
      const wanted = new Set((query.get('emails') ?? '').split(',').map((e) => e.trim().toLowerCase()));
      return respond(200, { items: DIRECTORY.filter((u) => wanted.has(u.email)) });
    }
    if (method === 'GET' && path === '/teams') {
      return respond(200, { items: [{ id: 'team-east', name: 'East enterprise', managerId: SAM.userId, manager: SAM, members: [PRIYA, MORGAN] }] });
    }
    if (method === 'GET' && path === '/deals') return respond(200, { items: [FABRIKAM_DEAL, CONTOSO_DEAL], nextCursor: null });
    if (method === 'GET' && path === '/deals/suggestions') {
      const emails = (query.get('emails') ?? '').split(',');
      const fabrikam = emails.some((e) => e.toLowerCase().endsWith('@fabrikam.example'));
      return respond(200, { items: fabrikam ? [{ deal: FABRIKAM_DEAL, reason: SUGGESTION_REASON }] : [] });
    }
    if (method === 'GET' && (m = /^\/meetings\/([^/]+)$/.exec(path))) {
      const meeting = this.meetings.get(m[1] as string);
      if (!meeting) return problem(404, 'Not found', 'The meeting was not found.');
      return respond(200, { meeting, items: [...this.items.values()].filter((i) => i.meetingKey === meeting.key) } satisfies MeetingOutcomesReply);
    }
    if (method === 'POST' && (m = /^\/meetings\/([^/]+)\/outcomes$/.exec(path))) return this.capture(m[1] as string, request);
    if (method === 'GET' && path === '/action-items') {
      const dealId = query.get('dealId');
      const status = query.get('status');
      const items = [...this.items.values()].filter((i) => (!dealId || i.dealId === dealId) && (!status || i.status === status));
      return respond(200, { items, nextCursor: null });
    }
    if (method === 'PATCH' && (m = /^\/action-items\/([^/]+)$/.exec(path))) return this.patch(m[1] as string, request);
    return problem(404, 'Not found', `No route for ${method} ${path}.`);
  }

  private capture(key: string, request: RecordedRequest): Response {
    const idempotencyKey = request.headers['idempotency-key'];
    if (!idempotencyKey) return problem(400, 'Invalid input', 'An Idempotency-Key header is required.', [{ path: 'Idempotency-Key', message: 'Required' }]);
    const fingerprint = JSON.stringify([key, request.body]);
    const first = this.fingerprints.get(idempotencyKey);
    if (first !== undefined && first !== fingerprint) {
      return problem(422, 'Unprocessable request', 'This Idempotency-Key was already used for a different request. Use a new key.');
    }
    const replay = this.captures.get(idempotencyKey);
    if (replay) return respond(201, replay);
    const parsed = MeetingOutcomesInput.safeParse(request.body);
    if (!parsed.success) {
      const errors = issuesOf(parsed.error);
      return problem(400, 'Invalid input', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
    }
    this.fingerprints.set(idempotencyKey, fingerprint);
    const input = parsed.data;
    const dealId = input.dealId ?? this.meetings.get(key)?.dealId ?? null;
    const meeting: MeetingOutcomesReply['meeting'] = {
      key,
      subject: input.meeting.subject,
      start: input.meeting.start,
      end: input.meeting.end,
      organizer: input.meeting.organizer ?? null,
      attendees: input.meeting.attendees,
      dealId,
    };
    this.meetings.set(key, meeting);
    const items = input.items.map((item) => {
      const saved = this.newItem({ title: item.title, owner: item.owner, dueAt: item.dueAt, tags: item.tags ?? [], dealId: item.dealId ?? dealId, meetingKey: key });
      this.items.set(saved.id, saved);
      return saved;
    });
    const reply: MeetingOutcomesReply = { meeting, items };
    this.captures.set(idempotencyKey, reply);
    return respond(201, reply);
  }

  private patch(id: string, request: RecordedRequest): Response {
    const item = this.items.get(id);
    if (!item) return problem(404, 'Not found', 'The action item was not found.');
    const ifMatch = request.headers['if-match'];
    if (!ifMatch) return problem(428, 'Precondition required', 'Send If-Match with the item’s etag.');
    if (ifMatch !== item.etag) return problem(412, 'Precondition failed', 'The action item was changed by someone else. Reload it and try again.');
    const parsed = ActionItemPatchInput.safeParse(request.body);
    if (!parsed.success) {
      const errors = issuesOf(parsed.error);
      return problem(400, 'Invalid input', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
    }
    const patch = parsed.data;
    const stamp = this.now().toISOString();
    const version = Number(/-v(\d+)"$/.exec(item.etag)?.[1] ?? '1') + 1;
    const next: ActionItemReply = {
      ...item,
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.dueAt !== undefined ? { dueAt: patch.dueAt } : {}),
      ...(patch.tags !== undefined ? { tags: patch.tags } : {}),
      ...(patch.status !== undefined ? { status: patch.status, completedAt: patch.status === 'done' ? stamp : null } : {}),
      updatedAt: stamp,
      etag: `"${id}-v${version}"`,
    };
    this.items.set(id, next);
    return respond(200, next);
  }

  private newItem(fields: Pick<ActionItemReply, 'title' | 'owner' | 'dueAt' | 'tags' | 'dealId' | 'meetingKey'>): ActionItemReply {
    const id = `ai-${String(this.nextId++).padStart(4, '0')}`;
    const stamp = this.now().toISOString();
    return {
      id,
      ...fields,
      notes: null,
      accountableId: fields.owner.type === 'user' ? fields.owner.userId : ME.userId,
      status: 'open',
      source: 'meeting',
      reviewId: null,
      createdBy: ME.userId,
      createdAt: stamp,
      updatedAt: stamp,
      completedAt: null,
      slips: [],
      nextNudgeAt: null,
      flaggedForReviewAt: null,
      etag: `"${id}-v1"`,
      overdue: false,
      daysOverdue: 0,
    };
  }
}
