import { type CalendarEvent, mailboxItemId, onCalendarOf } from '../../functions/local/demo-calendar';
import type { DevUser } from '../../functions/local/dev-identity';
import { type LocalHost, startLocalHost } from '../../functions/local/server';
import { collectionFindings, entityFindings } from '../support/graph-schema';

/**
 * The local host's Microsoft Graph stand-in (functions/local/graph-standin.ts), over real HTTP, held to Graph's own
 * definitions (test/fixtures/msgraph) and to how Graph behaves: what the pages meet locally is what they meet in
 * production.
 */
let host: LocalHost;
beforeAll(async () => {
  host = await startLocalHost({ apiPort: 0, demoData: 'always' });
});
afterAll(() => host.close());

const BOTH = ['Calendars.ReadBasic', 'Chat.ReadBasic'];

const user = (name: string): DevUser => {
  const found = host.users.find((u) => u.displayName === name);
  if (!found) throw new Error(`no demo user ${name}`);
  return found;
};
const meeting = (slug: string): CalendarEvent => {
  const found = host.demo.calendar.find((e) => e.slug === slug);
  if (!found) throw new Error(`no demo meeting ${slug}`);
  return found;
};
/** The demo users whose mailbox holds this event (buyers have no mailbox here). */
const mailboxesOf = (event: CalendarEvent) => host.users.filter((u) => onCalendarOf(event, u.email));

const tokens = new Map<string, string>();
/** `POST /dev/token` as the pages' local host does: a Graph token (or an API one) for a demo user. */
async function tokenFor(who: DevUser, options: { resource?: 'api' | 'graph'; scopes?: string[] } = {}): Promise<string> {
  const request = { userId: who.userId, resource: options.resource ?? 'graph', ...(options.resource === 'api' ? {} : { scopes: options.scopes ?? BOTH }) };
  const key = JSON.stringify(request);
  const cached = tokens.get(key);
  if (cached) return cached;
  const response = await fetch(`${host.baseUrl}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  expect(response.status).toBe(200);
  const { accessToken } = (await response.json()) as { accessToken: string };
  tokens.set(key, accessToken);
  return accessToken;
}

/** GET a Graph path (or a whole @odata.nextLink) of the stand-in. */
async function graph(pathOrUrl: string, token: string | null): Promise<{ status: number; body: any }> {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${host.baseUrl}/dev/graph/v1.0${pathOrUrl}`;
  const response = await fetch(url, token === null ? {} : { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
}

/** Graph's error body: `{error: {code, message, innerError}}`. */
const graphError = (code: string) => ({ error: { code, message: expect.any(String), innerError: expect.anything() } });

describe('GET /me/events/{id}', () => {
  it('answers every mailbox’s copy of every demo meeting with an event as Graph defines it', async () => {
    let checked = 0;
    for (const event of host.demo.calendar) {
      for (const mailbox of mailboxesOf(event)) {
        const id = mailboxItemId(mailbox.email, event.iCalUId);
        const reply = await graph(`/me/events/${encodeURIComponent(id)}`, await tokenFor(mailbox));
        expect({ slug: event.slug, mailbox: mailbox.email, status: reply.status }).toEqual({ slug: event.slug, mailbox: mailbox.email, status: 200 });
        expect({ slug: event.slug, findings: entityFindings('event', reply.body) }).toEqual({ slug: event.slug, findings: [] });
        expect(reply.body).toMatchObject({ id, iCalUId: event.iCalUId, subject: event.subject });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(host.demo.calendar.length);
  });

  it('answers the pages’ $select=iCalUId with the id and the iCalUId only', async () => {
    const priya = user('Priya Shah');
    const fabrikam = meeting('demo-calendar-fabrikam-0');
    const reply = await graph(`/me/events/${encodeURIComponent(mailboxItemId(priya.email, fabrikam.iCalUId))}?$select=iCalUId`, await tokenFor(priya));
    expect(reply.status).toBe(200);
    expect(entityFindings('event', reply.body)).toEqual([]);
    expect(Object.keys(reply.body).filter((k) => !k.startsWith('@odata.')).sort()).toEqual(['iCalUId', 'id']);
  });

  it('gives the organizer’s and an attendee’s item ids of one meeting the same iCalUId', async () => {
    const fabrikam = meeting('demo-calendar-fabrikam-0');
    const priya = user('Priya Shah'); // the organizer
    const morgan = user('Morgan Lee'); // an attendee
    expect(fabrikam.organizer.email).toBe(priya.email);
    const priyaItem = mailboxItemId(priya.email, fabrikam.iCalUId);
    const morganItem = mailboxItemId(morgan.email, fabrikam.iCalUId);
    expect(priyaItem).not.toBe(morganItem);

    const asOrganizer = await graph(`/me/events/${encodeURIComponent(priyaItem)}`, await tokenFor(priya));
    const asAttendee = await graph(`/me/events/${encodeURIComponent(morganItem)}`, await tokenFor(morgan));

    expect([asOrganizer.status, asAttendee.status]).toEqual([200, 200]);
    expect(asOrganizer.body.id).toBe(priyaItem);
    expect(asAttendee.body.id).toBe(morganItem);
    expect(asAttendee.body.iCalUId).toBe(asOrganizer.body.iCalUId);
    expect(asAttendee.body.iCalUId).toBe(fabrikam.iCalUId);
  });

  it('answers 404 ErrorItemNotFound for another mailbox’s item id, even of a meeting the caller attends', async () => {
    const fabrikam = meeting('demo-calendar-fabrikam-0');
    const priyaItem = mailboxItemId(user('Priya Shah').email, fabrikam.iCalUId);
    const morgan = user('Morgan Lee'); // attends, with his own copy
    const diego = user('Diego Alvarez'); // not on this meeting
    expect(onCalendarOf(fabrikam, morgan.email)).toBe(true);
    expect(onCalendarOf(fabrikam, diego.email)).toBe(false);

    for (const other of [morgan, diego]) {
      const reply = await graph(`/me/events/${encodeURIComponent(priyaItem)}`, await tokenFor(other));
      expect(reply).toEqual({ status: 404, body: graphError('ErrorItemNotFound') });
    }
  });

  it('opens the series master an occurrence’s seriesMasterId names, as Graph does', async () => {
    const priya = user('Priya Shah');
    const occurrence = host.demo.calendar.find((e) => e.seriesId !== null && onCalendarOf(e, priya.email));
    expect(occurrence).toBeDefined();
    const first = await graph(`/me/events/${encodeURIComponent(mailboxItemId(priya.email, occurrence!.iCalUId))}`, await tokenFor(priya));
    expect(first.body).toMatchObject({ type: 'occurrence', seriesMasterId: expect.any(String) });

    const master = await graph(`/me/events/${encodeURIComponent(first.body.seriesMasterId)}`, await tokenFor(priya));

    expect(master.status).toBe(200);
    expect(entityFindings('event', master.body)).toEqual([]);
    expect(master.body).toMatchObject({ id: first.body.seriesMasterId, type: 'seriesMaster', seriesMasterId: null, subject: occurrence!.subject });
  });
});

describe('GET /me/calendarView', () => {
  const window = (events: CalendarEvent[]) => {
    const starts = events.map((e) => Date.parse(e.start));
    const ends = events.map((e) => Date.parse(e.end));
    return `startDateTime=${new Date(Math.min(...starts) - 3600_000).toISOString()}&endDateTime=${new Date(Math.max(...ends) + 3600_000).toISOString()}`;
  };

  it('pages by @odata.nextLink with $top until every event of the window came once, each page as Graph defines it', async () => {
    const priya = user('Priya Shah');
    const hers = host.demo.calendar.filter((e) => onCalendarOf(e, priya.email));
    expect(hers.length).toBeGreaterThan(7);
    const token = await tokenFor(priya);

    const pages: any[] = [];
    let next: string | undefined = `/me/calendarView?${window(hers)}&$top=3`;
    while (next && pages.length < 100) {
      const reply = await graph(next, token);
      expect(reply.status).toBe(200);
      expect({ page: pages.length, findings: collectionFindings('event', reply.body) }).toEqual({ page: pages.length, findings: [] });
      pages.push(reply.body);
      next = reply.body['@odata.nextLink'];
    }

    expect(pages.map((p) => p.value.length)).toEqual([...Array(Math.ceil(hers.length / 3) - 1).fill(3), hers.length % 3 || 3]);
    // Every page but the last links to the next one; the last does not.
    expect(pages.map((p) => typeof p['@odata.nextLink'])).toEqual([...Array(pages.length - 1).fill('string'), 'undefined']);
    const seen = pages.flatMap((p) => p.value.map((e: { iCalUId: string }) => e.iCalUId));
    expect(seen).toHaveLength(hers.length);
    expect(new Set(seen)).toEqual(new Set(hers.map((e) => e.iCalUId)));
    const ids = pages.flatMap((p) => p.value.map((e: { id: string }) => e.id));
    expect(ids).toEqual(seen.map((iCalUId) => mailboxItemId(priya.email, iCalUId)));
  });

  it('answers the pages’ $select with those properties, as Graph defines them', async () => {
    const casey = user('Casey Nguyen');
    const theirs = host.demo.calendar.filter((e) => onCalendarOf(e, casey.email));
    const select = 'iCalUId,subject,start,end,organizer,attendees,onlineMeeting';
    const reply = await graph(`/me/calendarView?${window(theirs)}&$select=${select}&$top=100`, await tokenFor(casey));
    expect(reply.status).toBe(200);
    expect(collectionFindings('event', reply.body)).toEqual([]);
    expect(reply.body.value).toHaveLength(theirs.length);
    for (const e of reply.body.value) expect(Object.keys(e).sort()).toEqual(['id', ...select.split(',')].sort());
  });
});

describe('GET /chats/{id}', () => {
  it('answers every member of every demo Teams meeting’s chat with a chat as Graph defines it', async () => {
    const online = host.demo.calendar.filter((e) => e.online !== null);
    expect(online.length).toBeGreaterThan(0);
    let checked = 0;
    for (const event of online) {
      for (const member of mailboxesOf(event)) {
        const reply = await graph(`/chats/${encodeURIComponent(event.online!.chatId)}`, await tokenFor(member));
        expect({ slug: event.slug, member: member.email, status: reply.status }).toEqual({ slug: event.slug, member: member.email, status: 200 });
        expect({ slug: event.slug, findings: entityFindings('chat', reply.body) }).toEqual({ slug: event.slug, findings: [] });
        expect(reply.body).toMatchObject({
          id: event.online!.chatId,
          chatType: 'meeting',
          onlineMeetingInfo: { joinWebUrl: event.online!.joinUrl, calendarEventId: mailboxItemId(event.organizer.email, event.iCalUId) },
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(online.length);
  });

  it('refuses someone who is not in the meeting, with Graph’s error body', async () => {
    const fabrikam = meeting('demo-calendar-fabrikam-0');
    const diego = user('Diego Alvarez');
    expect(onCalendarOf(fabrikam, diego.email)).toBe(false);
    const reply = await graph(`/chats/${encodeURIComponent(fabrikam.online!.chatId)}`, await tokenFor(diego));
    // Graph answers a non-member 403 or 404 depending on the chat; never the chat.
    expect([403, 404]).toContain(reply.status);
    expect(reply.body).toEqual(graphError(reply.body.error.code));
  });
});

describe('tokens, as Graph checks them', () => {
  const paths = () => {
    const priya = user('Priya Shah');
    const fabrikam = meeting('demo-calendar-fabrikam-0');
    return {
      priya,
      event: `/me/events/${encodeURIComponent(mailboxItemId(priya.email, fabrikam.iCalUId))}`,
      calendarView: `/me/calendarView?startDateTime=${new Date(Date.parse(fabrikam.start) - 3600_000).toISOString()}&endDateTime=${new Date(Date.parse(fabrikam.end) + 3600_000).toISOString()}`,
      chat: `/chats/${encodeURIComponent(fabrikam.online!.chatId)}`,
    };
  };

  it('answers 401 InvalidAuthenticationToken to a token for Followthrough’s API, and to no token', async () => {
    const { priya, event, calendarView, chat } = paths();
    const apiToken = await tokenFor(priya, { resource: 'api' });
    for (const path of [event, calendarView, chat]) {
      expect(await graph(path, apiToken)).toEqual({ status: 401, body: graphError('InvalidAuthenticationToken') });
      expect(await graph(path, null)).toEqual({ status: 401, body: graphError('InvalidAuthenticationToken') });
    }
  });

  it('answers 403 to a Graph token without the delegated scope the call needs', async () => {
    const { priya, event, calendarView, chat } = paths();
    const chatOnly = await tokenFor(priya, { scopes: ['Chat.ReadBasic'] });
    const calendarOnly = await tokenFor(priya, { scopes: ['Calendars.ReadBasic'] });
    for (const path of [event, calendarView]) {
      expect(await graph(path, chatOnly)).toEqual({ status: 403, body: graphError('ErrorAccessDenied') });
      expect((await graph(path, calendarOnly)).status).toBe(200);
    }
    const denied = await graph(chat, calendarOnly);
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual(graphError(denied.body.error.code));
    expect((await graph(chat, chatOnly)).status).toBe(200);
  });
});
