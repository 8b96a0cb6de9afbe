import type { Notification, Recipient } from '../../functions/src/domain';
import type { DeliveryResult } from '../../functions/src/services/ports';
import { chainIdFor, GraphChannel, type GraphChannelOptions, type GraphTokenProvider } from '../../functions/src/notify/graph';
import { feedPath, graphError, GraphStandIn, mailPath, type GraphRequest } from '../support/graph-standin';
import { actionBodyFindings } from '../support/graph-schema';
import { TestApi } from '../support/harness';

const APP_ID = '1f0d5b4e-7c2a-4a43-9a55-3b1f2d6e8c90';
const TENANT_A = 'tenant-a';
const TENANT_B = 'tenant-b';
const START = Date.UTC(2026, 10, 24, 10, 0, 0);

/** The tenant that holds the service mailbox: not a recipient's tenant. */
const MAIL_TENANT = 'tenant-m';
const MAILBOX = 'followthrough@northwind.example';

const tokens: GraphTokenProvider = { getToken: async (tenantId) => `token-${tenantId}` };

const priya: Recipient = { userId: 'u-priya', tenantId: TENANT_A, displayName: 'Priya Shah', email: 'priya.shah@contoso.example' };
const bo: Recipient = { userId: 'u-bo', tenantId: TENANT_B, displayName: 'Bo Lind', email: 'bo.lind@fabrikam.example' };

function notification(over: Partial<Notification> = {}): Notification {
  return {
    id: 'n-item-42-due',
    tenantId: TENANT_A,
    etag: '"1"',
    type: 'notification',
    kind: 'reminder',
    recipientId: priya.userId,
    text: 'Send the pricing proposal to Contoso is due today',
    activityType: 'itemDue',
    templateParameters: { title: 'Send the pricing proposal to Contoso', when: 'today' },
    itemId: 'item-42',
    dealId: 'deal-7',
    itemDueAt: '2026-11-24T17:00:00.000Z',
    status: 'pending',
    channel: null,
    attempts: 0,
    nextAttemptAt: '2026-11-24T10:00:00.000Z',
    createdAt: '2026-11-24T09:55:00.000Z',
    sentAt: null,
    lastError: null,
    ...over,
  };
}

/** A clock that only moves when told to or when the channel sleeps. */
function virtualClock() {
  let now = START;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

/** The most requests that fall into any half-open window [t, t + windowMs). */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j < sorted.length && sorted[j]! < sorted[i]! + windowMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

function contextOf(webUrl: string): unknown {
  const url = new URL(webUrl);
  return JSON.parse(url.searchParams.get('context') ?? 'null');
}

describe('GraphChannel against a Graph stand-in', () => {
  let graph: GraphStandIn;
  let clock: ReturnType<typeof virtualClock>;

  beforeEach(async () => {
    clock = virtualClock();
    // Exchange RBAC for Applications lets the app send as the service mailbox, with a token of the mailbox's tenant.
    graph = await GraphStandIn.start({ clock: () => clock.now(), sendAs: { [MAILBOX]: `Bearer token-${MAIL_TENANT}` } });
  });
  afterEach(async () => {
    await graph.stop();
  });

  function channel(over: Partial<GraphChannelOptions> = {}): GraphChannel {
    return new GraphChannel({
      baseUrl: graph.baseUrl,
      tokens,
      teamsAppId: APP_ID,
      tabEntityId: 'commitments',
      mail: { sender: MAILBOX, tenantId: MAIL_TENANT },
      timeoutMs: 200,
      now: clock.now,
      sleep: clock.sleep,
      ...over,
    });
  }

  describe('the Teams activity feed', () => {
    it('posts Graph’s documented sendActivityNotification body with an app-only token of the recipient’s tenant', async () => {
      const result = await channel().deliver(notification(), priya);

      expect(result).toEqual({ ok: true, channel: 'teams-activity' });
      expect(graph.requests).toHaveLength(1);
      const [request] = graph.requests as [GraphRequest];
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/v1.0/users/u-priya/teamwork/sendActivityNotification');
      expect(request.headers.authorization).toBe('Bearer token-tenant-a');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.body).toEqual({
        topic: { source: 'text', value: 'Followthrough', webUrl: expect.any(String) },
        activityType: 'itemDue',
        chainId: chainIdFor('n-item-42-due'),
        previewText: { content: 'Send the pricing proposal to Contoso is due today' },
        teamsAppId: APP_ID,
        templateParameters: [
          { name: 'title', value: 'Send the pricing proposal to Contoso' },
          { name: 'when', value: 'today' },
        ],
      });
      const webUrl = new URL(request.body.topic.webUrl);
      expect(webUrl.origin).toBe('https://teams.microsoft.com');
      expect(webUrl.pathname).toBe(`/l/entity/${APP_ID}/commitments`);
      expect(contextOf(request.body.topic.webUrl)).toEqual({ subEntityId: 'item:item-42' });
      expect(actionBodyFindings('sendActivityNotification', 'userTeamwork', request.body)).toEqual([]);
    });

    it('links to the deal when there is no item, and to the kind when there is neither', async () => {
      const subject = channel();
      await subject.deliver(notification({ itemId: null, dealId: 'deal-7', kind: 'stale-deal', activityType: 'staleDeal' }), priya);
      await subject.deliver(notification({ itemId: null, dealId: null, kind: 'daily-digest', activityType: 'dailyDigest' }), priya);

      expect(graph.requests.map((r) => contextOf(r.body.topic.webUrl))).toEqual([{ subEntityId: 'deal:deal-7' }, { subEntityId: 'daily-digest' }]);
    });

    it('cuts the preview to Graph’s 150 characters with an ellipsis', async () => {
      const long = `Chase Dana at Contoso on ${'the signed mutual action plan and '.repeat(10)}`;
      await channel().deliver(notification({ text: long }), priya);

      const preview: string = graph.requests[0]!.body.previewText.content;
      expect(preview).toHaveLength(150);
      expect(preview.endsWith('…')).toBe(true);
      expect(preview.slice(0, 149)).toBe(long.slice(0, 149));
    });

    it('accepts 200 and 202 as success too', async () => {
      graph.script(feedPath('u-priya'), { status: 200 }, { status: 202 });
      const subject = channel();
      expect(await subject.deliver(notification(), priya)).toEqual({ ok: true, channel: 'teams-activity' });
      expect(await subject.deliver(notification(), priya)).toEqual({ ok: true, channel: 'teams-activity' });
    });
  });

  describe('email fallback from the one service mailbox', () => {
    it.each([
      [403, 'Forbidden', 'The app is not installed for the recipient'],
      [404, 'NotFound', 'Resource not found'],
    ])('sends one sendMail as the service mailbox, with a token of its tenant, when the feed answers %i', async (status, code, message) => {
      graph.script(feedPath('u-priya'), graphError(status, code, message));
      const text = 'Chase <Dana> & "legal" on the MSA redlines';

      const result = await channel().deliver(notification({ text }), priya);

      expect(result).toEqual({ ok: true, channel: 'email' });
      expect(graph.requests.map((r) => r.path)).toEqual([feedPath('u-priya'), '/v1.0/users/followthrough%40northwind.example/sendMail']);
      const mail = graph.requests[1]!;
      expect(mail.method).toBe('POST');
      expect(mail.headers.authorization).toBe('Bearer token-tenant-m');
      expect(mail.headers['content-type']).toBe('application/json');
      expect(mail.body).toEqual({
        Message: {
          subject: text,
          body: { contentType: 'html', content: expect.any(String) },
          toRecipients: [{ emailAddress: { address: 'priya.shah@contoso.example', name: 'Priya Shah' } }],
          from: { emailAddress: { address: 'followthrough@northwind.example', name: 'Followthrough' } },
        },
        SaveToSentItems: false,
      });
      expect(actionBodyFindings('sendMail', 'user', mail.body)).toEqual([]);
      const html: string = mail.body.Message.body.content;
      expect(html).toContain('Chase &lt;Dana&gt; &amp; &quot;legal&quot; on the MSA redlines');
      expect(html).not.toContain('<Dana>');
      const href = /<a href="([^"]+)">Open in Teams<\/a>/.exec(html)?.[1];
      expect(href).toBe(graph.requests[0]!.body.topic.webUrl);
      expect(contextOf(href!)).toEqual({ subEntityId: 'item:item-42' });
    });

    it('sends from the service mailbox’s tenant whatever the recipient’s tenant, and never as the recipient', async () => {
      graph.script(feedPath('u-bo'), graphError(403, 'Forbidden', 'not installed'));

      expect(await channel().deliver(notification({ tenantId: TENANT_B, recipientId: 'u-bo' }), bo)).toEqual({ ok: true, channel: 'email' });

      expect(graph.to(feedPath('u-bo'))[0]!.headers.authorization).toBe('Bearer token-tenant-b');
      const [mail] = graph.to(mailPath(MAILBOX));
      expect(mail!.headers.authorization).toBe('Bearer token-tenant-m');
      expect(mail!.body.Message.toRecipients).toEqual([{ emailAddress: { address: 'bo.lind@fabrikam.example', name: 'Bo Lind' } }]);
      expect(graph.requests.filter((r) => r.path === mailPath('u-bo') || r.path === mailPath(bo.email))).toEqual([]);
    });

    it('without a service mailbox sends no mail: a failure that is not retried, saying so and what the feed said', async () => {
      graph.script(feedPath('u-priya'), graphError(403, 'Forbidden', 'The app is not installed for the recipient'));

      const result = await channel({ mail: undefined }).deliver(notification(), priya);

      expect(result).toEqual({
        ok: false,
        retryable: false,
        error: 'no service mailbox is configured (MAIL_SENDER), so no email fallback (activity feed: graph 403: Forbidden: The app is not installed for the recipient)',
      });
      expect(graph.requests.map((r) => r.path)).toEqual([feedPath('u-priya')]);
    });

    it('a 403 from sendMail (Exchange RBAC for the mailbox not granted yet) is not retried and says why', async () => {
      await graph.stop();
      graph = await GraphStandIn.start({ clock: () => clock.now(), sendAs: {} });
      graph.script(feedPath('u-priya'), graphError(403, 'Forbidden', 'The app is not installed for the recipient'));

      const result = await channel().deliver(notification(), priya);

      expect(result).toEqual({
        ok: false,
        retryable: false,
        error:
          'sendMail graph 403: ErrorAccessDenied: Access is denied. Check credentials and try again. — the app may not send as followthrough@northwind.example: ' +
          'Exchange Online RBAC for Applications (Application Mail.Send scoped to this mailbox) is not granted yet, or not in effect yet ' +
          '(activity feed: graph 403: Forbidden: The app is not installed for the recipient)',
      });
      expect(graph.to(mailPath(MAILBOX))).toHaveLength(1);
    });

    it('cuts the subject to 255 characters', async () => {
      graph.script(feedPath('u-priya'), graphError(403, 'Forbidden', 'no'));
      const long = 'x'.repeat(400);
      await channel().deliver(notification({ text: long }), priya);
      const subject: string = graph.to(mailPath(MAILBOX))[0]!.body.Message.subject;
      expect(subject).toHaveLength(255);
      expect(subject.endsWith('…')).toBe(true);
    });

    it('classifies mail failures like feed failures', async () => {
      graph.script(feedPath('u-priya'), graphError(403, 'Forbidden', 'no'));
      graph.script(
        mailPath(MAILBOX),
        graphError(503, 'ServiceUnavailable', 'try later'),
        graphError(429, 'ApplicationThrottled', 'slow down', { 'Retry-After': '7' }),
        graphError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.'),
      );
      const subject = channel();

      expect(await subject.deliver(notification(), priya)).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining('503') });
      expect(await subject.deliver(notification(), priya)).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 7 });
      expect(await subject.deliver(notification(), priya)).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('ErrorInvalidRecipients') });
      // A mailbox's 429 does not hold back the tenant's feed.
      expect(await subject.deliver(notification(), priya)).not.toMatchObject({ retryAfterSeconds: expect.anything() });
      expect(graph.to(feedPath('u-priya'))).toHaveLength(4);
    });

    it('a token failure for the mailbox’s tenant is retryable and sends no mail', async () => {
      graph.script(feedPath('u-priya'), graphError(403, 'Forbidden', 'no'));
      const mailTenantDown: GraphTokenProvider = {
        getToken: async (tenantId) => {
          if (tenantId === MAIL_TENANT) throw new Error('AADSTS7000215: invalid client assertion');
          return `token-${tenantId}`;
        },
      };
      const result = await channel({ tokens: mailTenantDown }).deliver(notification(), priya);
      expect(result).toEqual({ ok: false, retryable: true, error: expect.stringContaining('no Graph token for tenant tenant-m: AADSTS7000215') });
      expect(graph.to(mailPath(MAILBOX))).toHaveLength(0);
    });

    it('does not fall back to email for other failures of the feed', async () => {
      graph.script(feedPath('u-priya'), graphError(503, 'ServiceUnavailable', 'down'), graphError(400, 'BadRequest', 'bad'));
      const subject = channel();
      await subject.deliver(notification(), priya);
      await subject.deliver(notification(), priya);
      expect(graph.requests.filter((r) => r.path.endsWith('/sendMail'))).toHaveLength(0);
    });
  });

  describe('what it posts, against Graph’s metadata (test/fixtures/msgraph)', () => {
    it('every activity notification and every mail it sends uses only Graph’s parameter and property names and types', async () => {
      const notifications = [
        notification(),
        notification({ id: 'n-digest', kind: 'daily-digest', activityType: 'dailyDigest', itemId: null, dealId: null, templateParameters: { count: '3', overdue: '1' } }),
        notification({ id: 'n-stale', kind: 'stale-deal', activityType: 'staleDeal', itemId: null, templateParameters: {} }),
        notification({ id: 'n-long', text: `Chase <Dana> & "legal" ${'on the signed plan '.repeat(30)}` }),
      ];
      const subject = channel();
      for (const n of notifications) await subject.deliver(n, priya);
      graph.script(feedPath('u-priya'), graphError(403, 'Forbidden', 'not installed'));
      for (const n of notifications) await subject.deliver(n, priya);

      const feed = graph.requests.filter((r) => r.path === feedPath('u-priya'));
      const mail = graph.to(mailPath(MAILBOX));
      expect([feed.length, mail.length]).toEqual([8, 4]);
      expect(feed.map((r) => actionBodyFindings('sendActivityNotification', 'userTeamwork', r.body))).toEqual(feed.map(() => []));
      expect(mail.map((r) => actionBodyFindings('sendMail', 'user', r.body))).toEqual(mail.map(() => []));
    });
  });

  describe('throttling', () => {
    it('honours Retry-After on 429: holds back the tenant’s feed until then, leaves other tenants alone', async () => {
      graph.script(feedPath('u-priya'), graphError(429, 'TooManyRequests', 'Too many requests', { 'Retry-After': '2' }), { status: 204 });
      const subject = channel();

      const first = await subject.deliver(notification(), priya);
      expect(first).toEqual({ ok: false, retryable: true, retryAfterSeconds: 2, error: expect.stringContaining('429') });
      expect(graph.requests).toHaveLength(1);

      clock.advance(500);
      expect(await subject.deliver(notification({ id: 'n-2' }), priya)).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 2 });
      clock.advance(700);
      expect(await subject.deliver(notification({ id: 'n-3' }), priya)).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 1 });
      expect(graph.to(feedPath('u-priya'))).toHaveLength(1);

      expect(await subject.deliver(notification({ tenantId: TENANT_B }), bo)).toEqual({ ok: true, channel: 'teams-activity' });
      expect(graph.to(feedPath('u-bo'))).toHaveLength(1);
      expect(graph.to(feedPath('u-bo'))[0]!.headers.authorization).toBe('Bearer token-tenant-b');

      // After the window every held notification goes out, each once.
      clock.advance(800);
      for (const id of ['n-item-42-due', 'n-2', 'n-3']) {
        expect(await subject.deliver(notification({ id, text: `text of ${id}` }), priya)).toEqual({ ok: true, channel: 'teams-activity' });
      }
      const sent = graph.to(feedPath('u-priya')).slice(1);
      expect(sent.map((r) => r.body.previewText.content)).toEqual(['text of n-item-42-due', 'text of n-2', 'text of n-3']);
      expect(sent.every((r) => r.time >= START + 2000)).toBe(true);
    });

    it('holds back deliveries already waiting for a slot when the 429 lands', async () => {
      graph.script(feedPath('u-priya'), graphError(429, 'TooManyRequests', 'later', { 'Retry-After': '5' }), { status: 204 });
      const started: { first?: Promise<DeliveryResult> } = {};
      // The second delivery waits for its slot until the first one has its answer.
      const sleep = async (ms: number) => {
        await started.first;
        clock.advance(ms);
      };
      const subject = channel({ requestsPerSecondPerTenant: 1, sleep });
      started.first = subject.deliver(notification(), priya);
      const second = subject.deliver(notification({ id: 'n-2' }), priya);

      expect(await started.first).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 5 });
      expect(await second).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 4 });
      expect(graph.requests).toHaveLength(1);
    });

    it('reads Retry-After as an HTTP date as well', async () => {
      graph.script(feedPath('u-priya'), graphError(429, 'TooManyRequests', 'later', { 'Retry-After': new Date(START + 3000).toUTCString() }));
      const subject = channel();
      expect(await subject.deliver(notification(), priya)).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 3 });
      clock.advance(2500);
      expect(await subject.deliver(notification(), priya)).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 1 });
      expect(graph.requests).toHaveLength(1);
    });

    it('puts at most 5 feed requests of a tenant into any second (injected clock)', async () => {
      const subject = channel({ requestsPerSecondPerTenant: 5 });
      for (let i = 0; i < 12; i++) {
        expect(await subject.deliver(notification({ id: `n-${i}` }), priya)).toEqual({ ok: true, channel: 'teams-activity' });
      }

      const times = graph.requests.map((r) => r.time);
      expect(times).toHaveLength(12);
      expect(busiestWindow(times, 1000)).toBe(5);
      // Not slower than it must be either: five now, five a second later, two a second after that.
      expect(times.map((t) => t - START)).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);
    });

    it('keeps tenants’ rate limits apart', async () => {
      const subject = channel({ requestsPerSecondPerTenant: 5 });
      for (let i = 0; i < 5; i++) await subject.deliver(notification({ id: `a-${i}` }), priya);
      for (let i = 0; i < 5; i++) await subject.deliver(notification({ id: `b-${i}`, tenantId: TENANT_B }), bo);
      expect(clock.sleeps).toEqual([]);
      expect(graph.requests.every((r) => r.time === START)).toBe(true);
    });

    it('holds concurrent deliveries to the limit in real time', async () => {
      await graph.stop();
      graph = await GraphStandIn.start();
      const subject = channel({ requestsPerSecondPerTenant: 5, now: undefined, sleep: undefined, timeoutMs: 5000 });
      await subject.deliver(notification({ tenantId: TENANT_B }), bo); // open the connection first

      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => subject.deliver(notification({ id: `n-${i}` }), priya)));

      expect(results.every((r) => r.ok)).toBe(true);
      const times = graph.to(feedPath('u-priya')).map((r) => r.time);
      expect(times).toHaveLength(12);
      // Loopback delivery can shift an arrival by a few milliseconds; the limiter itself keeps exact seconds.
      expect(busiestWindow(times, 980)).toBeLessThanOrEqual(5);
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(1980);
    });
  });

  describe('failures', () => {
    it('503 is retryable, without Retry-After', async () => {
      graph.script(feedPath('u-priya'), graphError(503, 'ServiceUnavailable', 'Service unavailable'));
      const result = await channel().deliver(notification(), priya);
      expect(result).toEqual({ ok: false, retryable: true, error: expect.stringContaining('graph 503') });
    });

    it('a request Graph never answers times out and is retryable', async () => {
      graph.script(feedPath('u-priya'), 'hang');
      const started = Date.now();
      const result = await channel({ timeoutMs: 200 }).deliver(notification(), priya);
      const took = Date.now() - started;

      expect(result).toEqual({ ok: false, retryable: true, error: expect.stringContaining('timeout') });
      expect(graph.requests).toHaveLength(1);
      expect(took).toBeGreaterThanOrEqual(190);
      expect(took).toBeLessThan(5000);
    });

    it('a network error is retryable', async () => {
      const closed = await GraphStandIn.start();
      const baseUrl = closed.baseUrl;
      await closed.stop();
      const result = await channel({ baseUrl }).deliver(notification(), priya);
      expect(result).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining('unreachable') });
    });

    it.each([
      [400, 'BadRequest', 'Activity type itemDue is not declared in the app manifest'],
      [401, 'InvalidAuthenticationToken', 'Access token validation failure'],
    ])('%i is not retryable and carries Graph’s error code', async (status, code, message) => {
      graph.script(feedPath('u-priya'), graphError(status, code, message));
      const result = await channel().deliver(notification(), priya);
      expect(result).toEqual({ ok: false, retryable: false, error: `graph ${status}: ${code}: ${message}` });
      expect(graph.requests.filter((r) => r.path.endsWith('/sendMail'))).toHaveLength(0);
    });

    it('a token failure is retryable and sends nothing', async () => {
      const failing: GraphTokenProvider = {
        getToken: async () => {
          throw new Error('AADSTS700016: application not found in the directory');
        },
      };
      const result = await channel({ tokens: failing }).deliver(notification(), priya);
      expect(result).toEqual({ ok: false, retryable: true, error: expect.stringContaining('AADSTS700016') });
      expect(graph.requests).toHaveLength(0);
    });
  });
});

describe('a reminder that neither the feed nor a service mailbox can deliver', () => {
  let graph: GraphStandIn;
  let api: TestApi;
  beforeAll(async () => {
    graph = await GraphStandIn.start();
    // No service mailbox: the deployment was given no SERVICE_MAILBOX.
    const channel = new GraphChannel({ baseUrl: graph.baseUrl, tokens, teamsAppId: APP_ID, tabEntityId: 'commitments', requestsPerSecondPerTenant: 1000, timeoutMs: 2000 });
    api = await TestApi.start({ channel });
  });
  afterAll(async () => {
    await api.stop();
    await graph.stop();
  });

  it('is marked failed at the first attempt, kept and shown to its recipient, never retried or dropped', async () => {
    // The app is installed for nobody: every feed answers 403.
    for (const user of api.host.users) graph.script(feedPath(user.userId), graphError(403, 'Forbidden', 'The app is not installed for the recipient'));
    await api.host.services.overdueSweep.run();
    const created = await api.notifications();
    expect(created.length).toBeGreaterThan(0);

    const summary = await api.host.services.dispatcher.run();

    expect(summary).toMatchObject({ examined: created.length, sent: 0, retrying: 0, failed: created.length });
    const stored = await api.notifications();
    expect(stored.map((n) => n.id).sort()).toEqual(created.map((n) => n.id).sort());
    for (const n of stored) {
      expect(n).toMatchObject({
        status: 'failed',
        attempts: 1,
        nextAttemptAt: null,
        lastError: 'no service mailbox is configured (MAIL_SENDER), so no email fallback (activity feed: graph 403: Forbidden: The app is not installed for the recipient)',
      });
    }
    const priya = api.user('priya').userId;
    const mine = await api.call('GET', '/api/notifications', { as: 'priya' });
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBe(stored.filter((n) => n.recipientId === priya).length);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((n: { status: string }) => n.status === 'failed')).toBe(true);

    api.clock.advance(24 * 60 * 60_000);
    expect((await api.host.services.dispatcher.run()).examined).toBe(0);
    expect(graph.requests.filter((r) => r.path.endsWith('/sendMail'))).toEqual([]);
    expect(graph.requests).toHaveLength(created.length);
  });
});
