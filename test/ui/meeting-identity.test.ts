import { MeetingIdentity, MeetingIdentityProblem, keyByEvent } from '../../addin/src/host/meeting-identity';
import { SignInProblem, type TokenProvider } from '../../addin/src/host/types';
import { mailboxItemId } from '../../functions/local/demo-calendar';
import { type LocalHost, startLocalHost } from '../../functions/local/server';

/**
 * The pages' meeting identity against the local host's Graph stand-in over real HTTP: every attendee's copy of a
 * meeting, and its Teams meeting, come out as one key (the event's iCalUId).
 */
let host: LocalHost;
beforeAll(async () => {
  // keyByEvent says on the console when it keeps a mailbox item's id; expected here.
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  host = await startLocalHost({ apiPort: 0, demoData: 'never' });
});
afterAll(() => host.close());

const user = (name: string) => {
  const found = host.users.find((u) => u.displayName === name);
  if (!found) throw new Error(`no demo user ${name}`);
  return found;
};
const event = (slug: string) => {
  const found = host.demo.calendar.find((e) => e.slug === slug);
  if (!found) throw new Error(`no demo meeting ${slug}`);
  return found;
};

/** The tokens a signed-in page would have: Graph tokens for this user from the local issuer. */
function tokensOf(name: string, asked: string[][] = []): TokenProvider {
  return {
    getToken: async () => host.tokenFor(user(name).userId),
    getGraphToken: async (scopes) => {
      asked.push(scopes);
      const response = await fetch(`${host.baseUrl}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: user(name).userId, resource: 'graph', scopes }),
      });
      return ((await response.json()) as { accessToken: string }).accessToken;
    },
  };
}

const identityOf = (name: string, extra: Partial<ConstructorParameters<typeof MeetingIdentity>[0]> = {}) =>
  new MeetingIdentity({ tokens: tokensOf(name), graphBaseUrl: `${host.baseUrl}/dev/graph/v1.0`, ...extra });

function memoryStorage() {
  const values = new Map<string, string>();
  return { values, getItem: (k: string) => values.get(k) ?? null, setItem: (k: string, v: string) => void values.set(k, v) };
}

describe("a meeting's identity, whoever opens it", () => {
  it("gives the organizer's and an attendee's copies of one Outlook meeting the same key", async () => {
    const fabrikam = event('demo-calendar-fabrikam-0');
    const priyaItem = mailboxItemId(user('Priya Shah').email, fabrikam.iCalUId);
    const samItem = mailboxItemId(user('Sam Carter').email, fabrikam.iCalUId);
    expect(priyaItem).not.toBe(samItem);
    await expect(identityOf('Priya Shah').iCalUIdOfItem(priyaItem)).resolves.toBe(fabrikam.iCalUId);
    await expect(identityOf('Sam Carter').iCalUIdOfItem(samItem)).resolves.toBe(fabrikam.iCalUId);
  });

  it("gives every occurrence of a weekly meeting its own key", async () => {
    const priya = user('Priya Shah');
    const occurrences = host.demo.calendar.filter((e) => e.slug.startsWith('demo-calendar-litware-1'));
    expect(occurrences).toHaveLength(3);
    const keys = await Promise.all(occurrences.map((e) => identityOf('Priya Shah').iCalUIdOfItem(mailboxItemId(priya.email, e.iCalUId))));
    expect(new Set(keys).size).toBe(3);
  });

  it('maps a Teams meeting (its chat) to the calendar event, with the subject and people Teams does not give', async () => {
    const fabrikam = event('demo-calendar-fabrikam-0');
    const meeting = await identityOf('Morgan Lee').meetingOfTeamsChat(fabrikam.online?.chatId as string);
    expect(meeting).toEqual({
      key: fabrikam.iCalUId,
      subject: 'Fabrikam pricing follow-up',
      start: fabrikam.start,
      end: fabrikam.end,
      organizer: { name: 'Priya Shah', email: 'priya.shah@northwind.example' },
      attendees: fabrikam.attendees,
    });
  });

  it('finds the Teams meeting on a calendar page after the first (calendarView is paged)', async () => {
    const fabrikam = event('demo-calendar-fabrikam-0');
    const pages: string[] = [];
    const counting: typeof fetch = (input, init) => {
      if (String(input).includes('/me/calendarView')) pages.push(String(input));
      return fetch(input, init);
    };
    // Priya's calendar holds more than two events within two weeks of today: at two a page it takes several pages.
    const meeting = await identityOf('Priya Shah', { fetchImpl: counting, calendarPageSize: 2 }).meetingOfTeamsChat(fabrikam.online?.chatId as string);
    expect(meeting.key).toBe(fabrikam.iCalUId);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.slice(1).every((u) => u.includes('%24skip=') || u.includes('$skip='))).toBe(true);
  });

  it('remembers a mapping, so a reopened meeting needs no Graph round trip', async () => {
    const storage = memoryStorage();
    const asked: string[][] = [];
    const fabrikam = event('demo-calendar-fabrikam-0');
    const item = mailboxItemId(user('Priya Shah').email, fabrikam.iCalUId);
    const identity = new MeetingIdentity({ tokens: tokensOf('Priya Shah', asked), graphBaseUrl: `${host.baseUrl}/dev/graph/v1.0`, storage });
    await identity.iCalUIdOfItem(item);
    await identity.iCalUIdOfItem(item);
    expect(asked).toEqual([['Calendars.ReadBasic']]);
    expect([...storage.values.values()]).toEqual([fabrikam.iCalUId]);
  });
});

describe('when the calendar cannot say', () => {
  it("refuses another mailbox's item id as not in this calendar (not retryable), and keyByEvent keeps the item id", async () => {
    const fabrikam = event('demo-calendar-fabrikam-0');
    const priyaItem = mailboxItemId(user('Priya Shah').email, fabrikam.iCalUId);
    const problem = await identityOf('Diego Alvarez').iCalUIdOfItem(priyaItem).catch((e: unknown) => e);
    expect(problem).toBeInstanceOf(MeetingIdentityProblem);
    expect((problem as MeetingIdentityProblem).retryable).toBe(false);
    const meeting = { key: priyaItem, subject: 'S', start: fabrikam.start, end: fabrikam.end, organizer: null, attendees: [] };
    await expect(keyByEvent(meeting, identityOf('Diego Alvarez'))).resolves.toEqual(meeting);
  });

  it('says a retry may help when the calendar cannot be reached, and keyByEvent lets the page offer it', async () => {
    const unreachable = identityOf('Priya Shah', { graphBaseUrl: 'http://127.0.0.1:9/v1.0' });
    const meeting = { key: 'AAMkAGx', subject: 'S', start: '2026-12-01T10:00:00.000Z', end: '2026-12-01T11:00:00.000Z', organizer: null, attendees: [] };
    const problem = await keyByEvent(meeting, unreachable).catch((e: unknown) => e);
    expect(problem).toBeInstanceOf(MeetingIdentityProblem);
    expect((problem as MeetingIdentityProblem).retryable).toBe(true);
    expect((problem as Error).message).toMatch(/^Your calendar could not be reached/);
  });

  it('treats a host that gives no Graph token (Office SSO only) as "keep the item id", and a closed sign-in popup as retryable', async () => {
    const meeting = { key: 'AAMkAGy', subject: 'S', start: '2026-12-01T10:00:00.000Z', end: '2026-12-01T11:00:00.000Z', organizer: null, attendees: [] };
    const ssoOnly = new MeetingIdentity({ tokens: { getToken: async () => 't', getGraphToken: async () => Promise.reject(new SignInProblem('No Graph here', '13012', false)) } });
    await expect(keyByEvent(meeting, ssoOnly)).resolves.toEqual(meeting);
    const popupClosed = new MeetingIdentity({ tokens: { getToken: async () => 't', getGraphToken: async () => Promise.reject(new SignInProblem('The sign-in window was closed', 'user_cancelled', true)) } });
    await expect(keyByEvent(meeting, popupClosed)).rejects.toThrow('The sign-in window was closed');
  });

  it('explains a token without the permission (403) and one for the wrong audience (401) as a consent problem', async () => {
    const fabrikam = event('demo-calendar-fabrikam-0');
    const item = mailboxItemId(user('Priya Shah').email, fabrikam.iCalUId);
    const apiToken: TokenProvider = { getToken: async () => 't', getGraphToken: async () => host.tokenFor(user('Priya Shah').userId) };
    const wrongAudience = await new MeetingIdentity({ tokens: apiToken, graphBaseUrl: `${host.baseUrl}/dev/graph/v1.0` }).iCalUIdOfItem(item).catch((e: Error) => e);
    expect((wrongAudience as Error).message).toMatch(/^Followthrough may not read your calendar \(InvalidAuthenticationToken/);
    const chatOnly: TokenProvider = { getToken: async () => 't', getGraphToken: async () => (await tokensOf('Priya Shah').getGraphToken?.(['Chat.ReadBasic'])) as string };
    const noScope = await new MeetingIdentity({ tokens: chatOnly, graphBaseUrl: `${host.baseUrl}/dev/graph/v1.0` }).iCalUIdOfItem(item).catch((e: Error) => e);
    expect((noScope as Error).message).toMatch(/^Followthrough may not read your calendar \(ErrorAccessDenied/);
  });
});
