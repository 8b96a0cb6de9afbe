import { createLocalJWKSet, type JWK, jwtVerify } from 'jose';
import { type CalendarEvent, mailboxItemId, onCalendarOf } from './demo-calendar';

/** The audiences Entra puts in Microsoft Graph access tokens (the resource URI, or Graph's app id). */
export const GRAPH_AUDIENCES = ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'];
/** The delegated Graph permissions the pages ask for, and the only ones the local host mints. */
export const GRAPH_DELEGATED_SCOPES = ['Calendars.ReadBasic', 'Chat.ReadBasic'] as const;

export interface GraphReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Person {
  userId: string;
  tenantId: string;
  email: string;
  displayName: string;
}

/** Event properties this stand-in answers, as microsoft.graph.event names them. */
const EVENT_PROPERTIES = ['id', 'iCalUId', 'subject', 'start', 'end', 'organizer', 'attendees', 'isOnlineMeeting', 'onlineMeeting', 'onlineMeetingProvider', 'type', 'seriesMasterId'] as const;
const PAGE_MAX = 1000;
const PAGE_DEFAULT = 10;

/**
 * The part of Microsoft Graph the pages use, for the local host's demo mailboxes (delegated, as the signed-in user):
 * `GET /me/events/{id}` (a mailbox item to its iCalUId), `GET /me/calendarView` (a window of the calendar, paged by
 * `@odata.nextLink`) and `GET /chats/{id}` (a Teams meeting chat to its join link). Tokens are verified as Graph
 * does: the local issuer's signature, a Graph audience and the delegated scope each call needs. Replies and errors
 * have Graph's shapes (`{error: {code, message}}`), so the pages meet what production gives them.
 */
export class GraphStandIn {
  constructor(
    private readonly options: {
      events: CalendarEvent[];
      people: Person[];
      jwks: { keys: JWK[] };
      issuerFor: (tenantId: string) => string;
      /** The public root, e.g. http://127.0.0.1:7071/dev/graph/v1.0, for @odata links. */
      baseUrl: string;
    },
  ) {}

  async handle(method: string, url: URL, authorization: string | undefined): Promise<GraphReply> {
    const path = url.pathname.replace(/^\/dev\/graph\/v1\.0/, '');
    if (method !== 'GET') return error(405, 'Request_BadRequest', `${method} is not supported here.`);
    const me = await this.caller(authorization);
    if ('status' in me) return me;

    const event = /^\/me\/events\/([^/]+)$/.exec(path);
    if (event?.[1]) return this.withScope(me, 'Calendars.ReadBasic', () => this.getEvent(me.person, decodeURIComponent(event[1] as string), url));
    if (path === '/me/calendarView') return this.withScope(me, 'Calendars.ReadBasic', () => this.calendarView(me.person, url));
    const chat = /^\/chats\/([^/]+)$/.exec(path);
    if (chat?.[1]) return this.withScope(me, 'Chat.ReadBasic', () => this.getChat(me.person, decodeURIComponent(chat[1] as string), url));
    return error(400, 'BadRequest', `Resource not found for the segment '${path.split('/')[1] ?? ''}'.`);
  }

  private async caller(authorization: string | undefined): Promise<{ person: Person; scopes: string[] } | GraphReply> {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!token) return error(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet(this.options.jwks), { audience: GRAPH_AUDIENCES, algorithms: ['RS256'] });
      const person = this.options.people.find((p) => p.userId === payload.oid && p.tenantId === payload.tid);
      if (!person || payload.iss !== this.options.issuerFor(person.tenantId)) return error(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid issuer or signature.');
      return { person, scopes: typeof payload.scp === 'string' ? payload.scp.split(' ') : [] };
    } catch {
      return error(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    }
  }

  private withScope(me: { person: Person; scopes: string[] }, scope: string, answer: () => GraphReply): GraphReply {
    if (!me.scopes.includes(scope)) return error(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    return answer();
  }

  private getEvent(person: Person, id: string, url: URL): GraphReply {
    const event = this.options.events.find((e) => onCalendarOf(e, person.email) && mailboxItemId(person.email, e.iCalUId) === id) ?? this.seriesMaster(person, id);
    if (!event) return error(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    const select = this.select(url);
    if ('status' in select) return select;
    return ok({ '@odata.context': `${this.options.baseUrl}/$metadata#users('${person.userId}')/events/$entity`, ...this.eventJson(event, person, select) });
  }

  /** The series master an occurrence's `seriesMasterId` names: the series' first occurrence, typed `seriesMaster`. */
  private seriesMaster(person: Person, id: string): (CalendarEvent & { master: true }) | undefined {
    const first = this.options.events
      .filter((e) => e.seriesId !== null && onCalendarOf(e, person.email) && mailboxItemId(person.email, e.seriesId) === id)
      .sort((a, b) => a.start.localeCompare(b.start))[0];
    return first ? { ...first, iCalUId: first.seriesId as string, seriesId: null, master: true } : undefined;
  }

  private calendarView(person: Person, url: URL): GraphReply {
    const from = Date.parse(url.searchParams.get('startDateTime') ?? '');
    const to = Date.parse(url.searchParams.get('endDateTime') ?? '');
    if (!Number.isFinite(from) || !Number.isFinite(to)) {
      return error(400, 'ErrorInvalidParameter', 'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.');
    }
    const select = this.select(url);
    if ('status' in select) return select;
    const top = Math.min(Number(url.searchParams.get('$top') ?? PAGE_DEFAULT) || PAGE_DEFAULT, PAGE_MAX);
    const skip = Number(url.searchParams.get('$skip') ?? 0) || 0;
    const inWindow = this.options.events
      .filter((e) => onCalendarOf(e, person.email) && Date.parse(e.end) > from && Date.parse(e.start) < to)
      .sort((a, b) => a.start.localeCompare(b.start));
    const page = inWindow.slice(skip, skip + top);
    const next = new URL(url.toString());
    next.searchParams.set('$skip', String(skip + top));
    return ok({
      '@odata.context': `${this.options.baseUrl}/$metadata#users('${person.userId}')/calendarView`,
      value: page.map((e) => this.eventJson(e, person, select)),
      ...(skip + top < inWindow.length ? { '@odata.nextLink': `${this.options.baseUrl}/me/calendarView${next.search}` } : {}),
    });
  }

  private getChat(person: Person, chatId: string, _url: URL): GraphReply {
    const event = this.options.events.find((e) => e.online?.chatId === chatId && onCalendarOf(e, person.email));
    if (!event?.online) return error(404, 'NotFound', 'No chat with this id, or the user is not a member of it.');
    const organizer = this.options.people.find((p) => p.email === event.organizer.email);
    return ok({
      '@odata.context': `${this.options.baseUrl}/$metadata#chats/$entity`,
      id: chatId,
      topic: event.subject,
      chatType: 'meeting',
      createdDateTime: event.start,
      onlineMeetingInfo: {
        calendarEventId: mailboxItemId(event.organizer.email, event.iCalUId),
        joinWebUrl: event.online.joinUrl,
        organizer: { id: organizer?.userId ?? null, displayName: event.organizer.name, userIdentityType: 'aadUser' },
      },
    });
  }

  /** `$select`, checked against the properties of microsoft.graph.event as Graph checks it. */
  private select(url: URL): Set<string> | GraphReply {
    const raw = url.searchParams.get('$select');
    if (!raw) return new Set(EVENT_PROPERTIES);
    const wanted = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = wanted.find((p) => !(EVENT_PROPERTIES as readonly string[]).includes(p));
    if (unknown) return error(400, 'RequestBroker--ParseUri', `Could not find a property named '${unknown}' on type 'microsoft.graph.event'.`);
    return new Set(['id', ...wanted]);
  }

  private eventJson(event: CalendarEvent & { master?: true }, person: Person, select: Set<string>): Record<string, unknown> {
    const address = (p: { name: string; email: string }) => ({ emailAddress: { name: p.name, address: p.email } });
    // Graph writes seven fractional digits and no offset: `2026-12-01T14:00:00.0000000` in `timeZone: UTC`.
    const graphTime = (iso: string) => ({ dateTime: `${iso.slice(0, 19)}.0000000`, timeZone: 'UTC' });
    const full: Record<string, unknown> = {
      id: mailboxItemId(person.email, event.iCalUId),
      iCalUId: event.iCalUId,
      subject: event.subject,
      start: graphTime(event.start),
      end: graphTime(event.end),
      organizer: address(event.organizer),
      // Graph lists the invitees; the organizer is `organizer` only (Outlook's add-in API lists them among attendees).
      attendees: event.attendees
        .filter((a) => a.email !== event.organizer.email)
        .map((a) => ({ type: 'required', status: { response: 'none', time: '0001-01-01T00:00:00Z' }, ...address(a) })),
      isOnlineMeeting: event.online !== null,
      onlineMeeting: event.online ? { joinUrl: event.online.joinUrl } : null,
      onlineMeetingProvider: event.online ? 'teamsForBusiness' : 'unknown',
      type: event.master ? 'seriesMaster' : event.seriesId ? 'occurrence' : 'singleInstance',
      seriesMasterId: event.seriesId ? mailboxItemId(person.email, event.seriesId) : null,
    };
    return Object.fromEntries(Object.entries(full).filter(([key]) => select.has(key)));
  }
}

function ok(body: unknown): GraphReply {
  return { status: 200, headers: { 'content-type': 'application/json; odata.metadata=minimal', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}

function error(status: number, code: string, message: string): GraphReply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': crypto.randomUUID() } } }),
  };
}
