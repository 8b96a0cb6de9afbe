import { DEFAULT_GRAPH_BASE_URL } from '../config';
import { type Attendee, type MeetingContext, SignInProblem, type TokenProvider } from './types';

/**
 * Which meeting the page is on, in words every attendee's copy agrees on: the calendar event's `iCalUId`.
 *
 * Outlook gives the add-in the item's id in *this* mailbox (its REST id differs in every attendee's mailbox), and
 * a Teams meeting tab gets the meeting chat. Microsoft Graph, as the signed-in user, maps both to the event:
 * `GET /me/events/{restId}?$select=iCalUId` for an Outlook item, and for a Teams meeting the chat's join link
 * (`GET /chats/{id}`) found on an event of the user's calendar (`GET /me/calendarView`, `onlineMeeting.joinUrl`).
 * Each occurrence of a series has its own iCalUId, so every occurrence is a meeting of its own.
 *
 * Delegated permissions, least privilege: `Calendars.ReadBasic` (no bodies or attachments) and `Chat.ReadBasic`.
 */
export const EVENT_SCOPES = ['Calendars.ReadBasic'];
export const CHAT_SCOPES = ['Chat.ReadBasic'];

/** How far around now a Teams meeting is looked for on the calendar (a meeting tab is opened during or after it). */
const TEAMS_WINDOW_DAYS = 14;
const DAY_MS = 86_400_000;
/** Remembered mailbox-item → iCalUId mappings: a reopened meeting needs no Graph round trip, even offline. */
const CACHE_PREFIX = 'followthrough:ical:';

/** The meeting could not be identified for a reason a retry may fix (network, Graph busy) or may not (consent). */
export class MeetingIdentityProblem extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'MeetingIdentityProblem';
  }
}

interface GraphEvent {
  id: string;
  iCalUId: string;
  subject?: string;
  start?: { dateTime: string; timeZone: string };
  end?: { dateTime: string; timeZone: string };
  organizer?: { emailAddress?: { name?: string; address?: string } };
  attendees?: { emailAddress?: { name?: string; address?: string } }[];
  onlineMeeting?: { joinUrl?: string } | null;
}

export interface MeetingIdentityOptions {
  tokens: TokenProvider;
  graphBaseUrl?: string;
  /** Where mappings are remembered; none: always ask Graph. */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  fetchImpl?: typeof fetch;
  now?: () => Date;
  /** Events per calendarView page (`$top`); Graph pages by `@odata.nextLink` whatever is asked. */
  calendarPageSize?: number;
}

export class MeetingIdentity {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => Date;

  constructor(private readonly options: MeetingIdentityOptions) {
    this.base = (options.graphBaseUrl ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, '');
    this.fetchImpl = options.fetchImpl ?? ((...args) => fetch(...args));
    this.now = options.now ?? (() => new Date());
  }

  /** The iCalUId of the event an Outlook item (by its REST id) is a copy of. */
  async iCalUIdOfItem(restId: string): Promise<string> {
    const cached = this.remembered(restId);
    if (cached) return cached;
    const event = await this.get<GraphEvent>(`/me/events/${encodeURIComponent(restId)}?$select=iCalUId`, EVENT_SCOPES);
    if (!event.iCalUId) throw new MeetingIdentityProblem('Your calendar did not say which meeting this is.', false);
    this.remember(restId, event.iCalUId);
    return event.iCalUId;
  }

  /** The meeting as the user's calendar has it, for a Teams meeting known by its chat; keyed by the event's iCalUId. */
  async meetingOfTeamsChat(chatId: string): Promise<MeetingContext> {
    const chat = await this.get<{ onlineMeetingInfo?: { joinWebUrl?: string | null } | null }>(`/chats/${encodeURIComponent(chatId)}?$select=onlineMeetingInfo`, CHAT_SCOPES);
    const joinUrl = chat.onlineMeetingInfo?.joinWebUrl;
    if (!joinUrl) throw new MeetingIdentityProblem('This chat is not a Teams meeting’s chat.', false);
    const now = this.now().getTime();
    const window = `startDateTime=${new Date(now - TEAMS_WINDOW_DAYS * DAY_MS).toISOString()}&endDateTime=${new Date(now + TEAMS_WINDOW_DAYS * DAY_MS).toISOString()}`;
    const select = '$select=iCalUId,subject,start,end,organizer,attendees,onlineMeeting';
    const matches: GraphEvent[] = [];
    let next: string | null = `/me/calendarView?${window}&${select}&$top=${this.options.calendarPageSize ?? 100}`;
    while (next) {
      const page: { value: GraphEvent[]; '@odata.nextLink'?: string } = await this.get(next, EVENT_SCOPES);
      matches.push(...page.value.filter((e) => sameJoinUrl(e.onlineMeeting?.joinUrl, joinUrl)));
      next = page['@odata.nextLink'] ?? null;
    }
    // A recurring Teams meeting has one join link for every occurrence: the occurrence nearest to now is this one.
    const event = matches.sort((a, b) => Math.abs(instant(a.start) - now) - Math.abs(instant(b.start) - now))[0];
    if (!event) throw new MeetingIdentityProblem(`This Teams meeting is not on your calendar within ${TEAMS_WINDOW_DAYS} days of today.`, false);
    const organizer = event.organizer?.emailAddress?.address ? person(event.organizer.emailAddress) : null;
    // Graph lists invitees only; the page wants everyone on the meeting, organizer first, as Outlook gives them.
    const invitees = (event.attendees ?? []).filter((a) => a.emailAddress?.address).map((a) => person(a.emailAddress ?? {}));
    const attendees = [...(organizer ? [organizer] : []), ...invitees.filter((a) => a.email !== organizer?.email)];
    return {
      key: event.iCalUId,
      subject: event.subject ?? '',
      start: new Date(instant(event.start)).toISOString(),
      end: new Date(instant(event.end)).toISOString(),
      organizer,
      attendees,
    };
  }

  private async get<T>(pathAndQuery: string, scopes: string[]): Promise<T> {
    if (!this.options.tokens.getGraphToken) throw new MeetingIdentityProblem('This host cannot look meetings up in your calendar.', false);
    const token = await this.options.tokens.getGraphToken(scopes);
    const url = pathAndQuery.startsWith('http') ? pathAndQuery : `${this.base}${pathAndQuery}`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    } catch (error) {
      throw new MeetingIdentityProblem(`Your calendar could not be reached (${error instanceof Error ? error.message : 'network error'}).`, true);
    }
    if (response.ok) return (await response.json()) as T;
    const detail = await graphError(response);
    if (response.status === 404) throw new MeetingIdentityProblem('This meeting is not in your calendar (it may have been deleted or not saved yet).', false);
    if (response.status === 401 || response.status === 403) {
      throw new MeetingIdentityProblem(`Followthrough may not read your calendar (${detail}). Ask your admin to grant its permissions.`, false);
    }
    throw new MeetingIdentityProblem(`Your calendar answered ${response.status} (${detail}).`, response.status === 429 || response.status >= 500);
  }

  private remembered(restId: string): string | null {
    try {
      return this.options.storage?.getItem(CACHE_PREFIX + restId) ?? null;
    } catch {
      return null;
    }
  }

  private remember(restId: string, iCalUId: string): void {
    try {
      this.options.storage?.setItem(CACHE_PREFIX + restId, iCalUId);
    } catch {
      // Storage full or blocked: the next open asks Graph again.
    }
  }
}

/** Graph's `dateTime` + `timeZone` (we ask for UTC, Graph's default) as epoch milliseconds. */
function instant(value: GraphEvent['start']): number {
  if (!value?.dateTime) return Number.NaN;
  const utc = value.timeZone === 'UTC' || !value.timeZone;
  return Date.parse(utc && !/[zZ]|[+-]\d\d:\d\d$/.test(value.dateTime) ? `${value.dateTime}Z` : value.dateTime);
}

function person(address: { name?: string; address?: string }): Attendee {
  return { name: address.name ?? '', email: (address.address ?? '').toLowerCase() };
}

/** Join links compare by their path: the `context` query differs between the calendar's copy and the chat's. */
function sameJoinUrl(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const path = (u: string) => {
    try {
      return decodeURIComponent(new URL(u).pathname).toLowerCase();
    } catch {
      return u.toLowerCase();
    }
  };
  return path(a) === path(b);
}

async function graphError(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    return [body.error?.code, body.error?.message].filter(Boolean).join(': ') || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/**
 * The meeting keyed by its event's iCalUId. Where this host cannot ask the calendar at all (no Graph token here, no
 * consent, the item is not in the calendar) it keeps the mailbox item's id as the key, as before: captures then stay
 * this mailbox's own meeting rather than being refused. A problem a retry may fix (network, Graph busy, a sign-in
 * popup that was closed) is thrown, for the page to show with a retry.
 */
export async function keyByEvent(meeting: MeetingContext, identity: MeetingIdentity): Promise<MeetingContext> {
  try {
    return { ...meeting, key: await identity.iCalUIdOfItem(meeting.key) };
  } catch (error) {
    const permanent = (error instanceof MeetingIdentityProblem || error instanceof SignInProblem) && !error.retryable;
    if (!permanent) throw error;
    console.warn(`Followthrough: this meeting is keyed by its mailbox item, not its calendar event (${error.message})`);
    return meeting;
  }
}
