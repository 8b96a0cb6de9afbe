import type { Notification, Recipient } from '../../functions/src/domain';
import { DeliveryChannels } from '../../functions/src/services/delivery-policy';
import type { DeliveryResult, OutgoingMessage } from '../../functions/src/services/ports';
import { FeedChannel, type FeedChannelOptions } from '../../functions/src/notify/feed-channel';
import { chainIdFor, type GraphTokenProvider } from '../../functions/src/notify/graph';
import { MailChannel, type MailChannelOptions } from '../../functions/src/notify/mail-channel';
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

/** A message of one notification, as the dispatcher hands it to a channel (its id is the notification's). */
function single(n: Notification, to: Recipient = priya): OutgoingMessage {
  return { id: n.id, recipient: to, notifications: [n] };
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

describe('the feed and mail channels against a Graph stand-in', () => {
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

  function feed(over: Partial<FeedChannelOptions> = {}): FeedChannel {
    return new FeedChannel({ baseUrl: graph.baseUrl, tokens, teamsAppId: APP_ID, tabEntityId: 'commitments', timeoutMs: 200, now: clock.now, sleep: clock.sleep, ...over });
  }

  function mail(over: Partial<MailChannelOptions> = {}): MailChannel {
    return new MailChannel({ baseUrl: graph.baseUrl, tokens, teamsAppId: APP_ID, tabEntityId: 'commitments', mail: { sender: MAILBOX, tenantId: MAIL_TENANT }, timeoutMs: 200, now: clock.now, ...over });
  }

  /** The user's channels as the dispatcher tries them: the feed, then email (the card is another engineer's). */
  function feedThenMail(over: { feed?: Partial<FeedChannelOptions>; mail?: Partial<MailChannelOptions> } = {}) {
    const channels = new DeliveryChannels([feed(over.feed), mail(over.mail)]);
    return { deliver: (m: OutgoingMessage) => channels.deliver(m, ['feed', 'email'], null) };
  }

  describe('the Teams activity feed', () => {
    it('posts Graph’s documented sendActivityNotification body with an app-only token of the recipient’s tenant', async () => {
      const result = await feed().deliver(single(notification()));

      expect(result).toEqual({ ok: true, channel: 'feed' });
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
      const subject = feed();
      await subject.deliver(single(notification({ itemId: null, dealId: 'deal-7', kind: 'stale-deal', activityType: 'staleDeal' })));
      await subject.deliver(single(notification({ itemId: null, dealId: null, kind: 'daily-digest', activityType: 'dailyDigest' })));

      expect(graph.requests.map((r) => contextOf(r.body.topic.webUrl))).toEqual([{ subEntityId: 'deal:deal-7' }, { subEntityId: 'daily-digest' }]);
    });

    it('cuts the preview to Graph’s 150 characters with an ellipsis', async () => {
      const long = `Chase Dana at Contoso on ${'the signed mutual action plan and '.repeat(10)}`;
      await feed().deliver(single(notification({ text: long })));

      const preview: string = graph.requests[0]!.body.previewText.content;
      expect(preview).toHaveLength(150);
      expect(preview.endsWith('…')).toBe(true);
      expect(preview.slice(0, 149)).toBe(long.slice(0, 149));
    });

    it('accepts 200 and 202 as success too', async () => {
      graph.script(feedPath('u-priya'), { status: 200 }, { status: 202 });
      const subject = feed();
      expect(await subject.deliver(single(notification()))).toEqual({ ok: true, channel: 'feed' });
      expect(await subject.deliver(single(notification()))).toEqual({ ok: true, channel: 'feed' });
    });

    it('posts a message of several notifications as one severalDue entry that opens the list, chained by the message id', async () => {
      const several: OutgoingMessage = {
        id: 'm-three',
        recipient: priya,
        notifications: [
          notification({ id: 'n-1', text: '“Send pricing” is due now' }),
          notification({ id: 'n-2', text: '“Book the demo” is 2 days overdue', itemId: 'item-43' }),
          notification({ id: 'n-3', text: '“Call the CFO” is 3 days overdue', itemId: 'item-44' }),
          notification({ id: 'n-4', text: '“Share the MAP” is 4 days overdue', itemId: 'item-45' }),
        ],
      };

      expect(await feed().deliver(several)).toEqual({ ok: true, channel: 'feed' });

      expect(graph.requests).toHaveLength(1);
      const summary = '4 things need you: “Send pricing” is due now; “Book the demo” is 2 days overdue; “Call the CFO” is 3 days overdue; and 1 more';
      expect(graph.requests[0]!.body).toEqual({
        topic: { source: 'text', value: 'Followthrough', webUrl: expect.any(String) },
        activityType: 'severalDue',
        chainId: chainIdFor('m-three'),
        previewText: { content: summary },
        teamsAppId: APP_ID,
        templateParameters: [{ name: 'summary', value: summary }],
      });
      expect(contextOf(graph.requests[0]!.body.topic.webUrl)).toEqual({ subEntityId: 'mine' });
      expect(actionBodyFindings('sendActivityNotification', 'userTeamwork', graph.requests[0]!.body)).toEqual([]);
    });

    it('answers unreachable on 403 and 404 (not installed for the user), so the dispatcher tries the next channel', async () => {
      graph.script(feedPath('u-priya'), graphError(403, 'Forbidden', 'The app is not installed for the recipient'), graphError(404, 'NotFound', 'Resource not found'));
      const subject = feed();
      expect(await subject.deliver(single(notification()))).toEqual({ ok: false, retryable: false, unreachable: true, error: 'graph 403: Forbidden: The app is not installed for the recipient' });
      expect(await subject.deliver(single(notification()))).toEqual({ ok: false, retryable: false, unreachable: true, error: 'graph 404: NotFound: Resource not found' });
    });
  });

  describe('email fallback from the one service mailbox', () => {
    it.each([
      [403, 'Forbidden', 'The app is not installed for the recipient'],
      [404, 'NotFound', 'Resource not found'],
    ])('sends one sendMail as the service mailbox, with a token of its tenant, when the feed answers %i', async (status, code, message) => {
      graph.script(feedPath('u-priya'), graphError(status, code, message));
      const text = 'Chase <Dana> & "legal" on the MSA redlines';

      const result = await feedThenMail().deliver(single(notification({ text })));

      expect(result).toEqual({ kind: 'sent', channel: 'email', skipped: [`feed: graph ${status}: ${code}: ${message}`] });
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

      expect(await feedThenMail().deliver(single(notification({ tenantId: TENANT_B, recipientId: 'u-bo' }), bo))).toEqual({
        kind: 'sent',
        channel: 'email',
        skipped: ['feed: graph 403: Forbidden: not installed'],
      });

      expect(graph.to(feedPath('u-bo'))[0]!.headers.authorization).toBe('Bearer token-tenant-b');
      const [mail] = graph.to(mailPath(MAILBOX));
      expect(mail!.headers.authorization).toBe('Bearer token-tenant-m');
      expect(mail!.body.Message.toRecipients).toEqual([{ emailAddress: { address: 'bo.lind@fabrikam.example', name: 'Bo Lind' } }]);
      expect(graph.requests.filter((r) => r.path === mailPath('u-bo') || r.path === mailPath(bo.email))).toEqual([]);
    });

    it('without a service mailbox sends no mail: it reaches nobody, and after the feed nothing is left, saying why for each', async () => {
      expect(await mail({ mail: undefined }).deliver(single(notification()))).toEqual({ ok: false, retryable: false, unreachable: true, error: 'no service mailbox is configured (MAIL_SENDER)' });
      graph.script(feedPath('u-priya'), graphError(403, 'Forbidden', 'The app is not installed for the recipient'));

      const result = await feedThenMail({ mail: { mail: undefined } }).deliver(single(notification()));

      expect(result).toEqual({
        kind: 'unreachable',
        skipped: ['feed: graph 403: Forbidden: The app is not installed for the recipient', 'email: no service mailbox is configured (MAIL_SENDER)'],
      });
      expect(graph.requests.map((r) => r.path)).toEqual([feedPath('u-priya')]);
    });

    it('a user without an email address is unreachable by mail', async () => {
      expect(await mail().deliver(single(notification(), { ...priya, email: '' }))).toEqual({ ok: false, retryable: false, unreachable: true, error: 'no email address for this user' });
      expect(graph.requests).toEqual([]);
    });

    it('sends a message of several notifications as one email listing each with its own link', async () => {
      const several: OutgoingMessage = {
        id: 'm-two',
        recipient: priya,
        notifications: [notification({ id: 'n-1', text: 'Chase <Dana> on the MSA' }), notification({ id: 'n-2', text: '“Book the demo” is 2 days overdue', itemId: 'item-43' })],
      };
      expect(await mail().deliver(several)).toEqual({ ok: true, channel: 'email' });
      const [sent] = graph.to(mailPath(MAILBOX));
      expect(sent!.body.Message.subject).toBe('2 things need you: Chase <Dana> on the MSA; “Book the demo” is 2 days overdue');
      const html: string = sent!.body.Message.body.content;
      const links = [...html.matchAll(/<li>([^<]*) — <a href="([^"]+)">Open<\/a><\/li>/g)].map((m) => [m[1], contextOf(m[2]!.replace(/&amp;/g, '&'))]);
      expect(links).toEqual([
        ['Chase &lt;Dana&gt; on the MSA', { subEntityId: 'item:item-42' }],
        ['“Book the demo” is 2 days overdue', { subEntityId: 'item:item-43' }],
      ]);
      expect(actionBodyFindings('sendMail', 'user', sent!.body)).toEqual([]);
    });

    it('a 403 from sendMail (Exchange RBAC for the mailbox not granted yet) is not retried and says why', async () => {
      await graph.stop();
      graph = await GraphStandIn.start({ clock: () => clock.now(), sendAs: {} });
      graph.script(feedPath('u-priya'), graphError(403, 'Forbidden', 'The app is not installed for the recipient'));

      const result = await feedThenMail().deliver(single(notification()));

      expect(result).toEqual({
        kind: 'failed',
        channel: 'email',
        retryable: false,
        error:
          'sendMail graph 403: ErrorAccessDenied: Access is denied. Check credentials and try again. — the app may not send as followthrough@northwind.example: ' +
          'Exchange Online RBAC for Applications (Application Mail.Send scoped to this mailbox) is not granted yet, or not in effect yet',
        skipped: ['feed: graph 403: Forbidden: The app is not installed for the recipient'],
      });
      expect(graph.to(mailPath(MAILBOX))).toHaveLength(1);
    });

    it('cuts the subject to 255 characters', async () => {
      graph.script(feedPath('u-priya'), graphError(403, 'Forbidden', 'no'));
      const long = 'x'.repeat(400);
      await feedThenMail().deliver(single(notification({ text: long })));
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
      const subject = feedThenMail();

      expect(await subject.deliver(single(notification()))).toMatchObject({ kind: 'failed', channel: 'email', retryable: true, error: expect.stringContaining('503') });
      expect(await subject.deliver(single(notification()))).toMatchObject({ kind: 'failed', channel: 'email', retryable: true, retryAfterSeconds: 7 });
      expect(await subject.deliver(single(notification()))).toMatchObject({ kind: 'failed', channel: 'email', retryable: false, error: expect.stringContaining('ErrorInvalidRecipients') });
      // A mailbox's 429 does not hold back the tenant's feed.
      expect(await subject.deliver(single(notification()))).not.toMatchObject({ retryAfterSeconds: expect.anything() });
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
      const result = await feedThenMail({ feed: { tokens: mailTenantDown }, mail: { tokens: mailTenantDown } }).deliver(single(notification()));
      expect(result).toEqual({ kind: 'failed', channel: 'email', retryable: true, error: expect.stringContaining('no Graph token for tenant tenant-m: AADSTS7000215'), skipped: ['feed: graph 403: Forbidden: no'] });
      expect(graph.to(mailPath(MAILBOX))).toHaveLength(0);
    });

    it('does not fall back to email for other failures of the feed', async () => {
      graph.script(feedPath('u-priya'), graphError(503, 'ServiceUnavailable', 'down'), graphError(400, 'BadRequest', 'bad'));
      const subject = feedThenMail();
      expect(await subject.deliver(single(notification()))).toMatchObject({ kind: 'failed', channel: 'feed', retryable: true, skipped: [] });
      expect(await subject.deliver(single(notification()))).toMatchObject({ kind: 'failed', channel: 'feed', retryable: false, skipped: [] });
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
      const messages = [...notifications.map((n) => single(n)), { id: 'm-all', recipient: priya, notifications }];
      const subject = feedThenMail();
      for (const m of messages) await subject.deliver(m);
      graph.script(feedPath('u-priya'), ...messages.map(() => graphError(403, 'Forbidden', 'not installed')));
      for (const m of messages) await subject.deliver(m);

      const feedPosts = graph.requests.filter((r) => r.path === feedPath('u-priya'));
      const mails = graph.to(mailPath(MAILBOX));
      expect([feedPosts.length, mails.length]).toEqual([10, 5]);
      expect(feedPosts.map((r) => actionBodyFindings('sendActivityNotification', 'userTeamwork', r.body))).toEqual(feedPosts.map(() => []));
      expect(mails.map((r) => actionBodyFindings('sendMail', 'user', r.body))).toEqual(mails.map(() => []));
    });
  });

  describe('throttling', () => {
    it('honours Retry-After on 429: holds back the tenant’s feed until then, leaves other tenants alone', async () => {
      graph.script(feedPath('u-priya'), graphError(429, 'TooManyRequests', 'Too many requests', { 'Retry-After': '2' }), { status: 204 });
      const subject = feed();

      const first = await subject.deliver(single(notification()));
      expect(first).toEqual({ ok: false, retryable: true, retryAfterSeconds: 2, error: expect.stringContaining('429') });
      expect(graph.requests).toHaveLength(1);

      clock.advance(500);
      expect(await subject.deliver(single(notification({ id: 'n-2' })))).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 2 });
      clock.advance(700);
      expect(await subject.deliver(single(notification({ id: 'n-3' })))).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 1 });
      expect(graph.to(feedPath('u-priya'))).toHaveLength(1);

      expect(await subject.deliver(single(notification({ tenantId: TENANT_B }), bo))).toEqual({ ok: true, channel: 'feed' });
      expect(graph.to(feedPath('u-bo'))).toHaveLength(1);
      expect(graph.to(feedPath('u-bo'))[0]!.headers.authorization).toBe('Bearer token-tenant-b');

      // After the window every held notification goes out, each once.
      clock.advance(800);
      for (const id of ['n-item-42-due', 'n-2', 'n-3']) {
        expect(await subject.deliver(single(notification({ id, text: `text of ${id}` })))).toEqual({ ok: true, channel: 'feed' });
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
      const subject = feed({ requestsPerSecondPerTenant: 1, sleep });
      started.first = subject.deliver(single(notification()));
      const second = subject.deliver(single(notification({ id: 'n-2' })));

      expect(await started.first).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 5 });
      expect(await second).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 4 });
      expect(graph.requests).toHaveLength(1);
    });

    it('reads Retry-After as an HTTP date as well', async () => {
      graph.script(feedPath('u-priya'), graphError(429, 'TooManyRequests', 'later', { 'Retry-After': new Date(START + 3000).toUTCString() }));
      const subject = feed();
      expect(await subject.deliver(single(notification()))).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 3 });
      clock.advance(2500);
      expect(await subject.deliver(single(notification()))).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 1 });
      expect(graph.requests).toHaveLength(1);
    });

    it('puts at most 5 feed requests of a tenant into any second (injected clock)', async () => {
      const subject = feed({ requestsPerSecondPerTenant: 5 });
      for (let i = 0; i < 12; i++) {
        expect(await subject.deliver(single(notification({ id: `n-${i}` })))).toEqual({ ok: true, channel: 'feed' });
      }

      const times = graph.requests.map((r) => r.time);
      expect(times).toHaveLength(12);
      expect(busiestWindow(times, 1000)).toBe(5);
      // Not slower than it must be either: five now, five a second later, two a second after that.
      expect(times.map((t) => t - START)).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);
    });

    it('keeps tenants’ rate limits apart', async () => {
      const subject = feed({ requestsPerSecondPerTenant: 5 });
      for (let i = 0; i < 5; i++) await subject.deliver(single(notification({ id: `a-${i}` })));
      for (let i = 0; i < 5; i++) await subject.deliver(single(notification({ id: `b-${i}`, tenantId: TENANT_B }), bo));
      expect(clock.sleeps).toEqual([]);
      expect(graph.requests.every((r) => r.time === START)).toBe(true);
    });

    it('holds concurrent deliveries to the limit in real time', async () => {
      await graph.stop();
      graph = await GraphStandIn.start();
      const subject = feed({ requestsPerSecondPerTenant: 5, now: undefined, sleep: undefined, timeoutMs: 5000 });
      await subject.deliver(single(notification({ tenantId: TENANT_B }), bo)); // open the connection first

      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => subject.deliver(single(notification({ id: `n-${i}` })))));

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
      const result = await feed().deliver(single(notification()));
      expect(result).toEqual({ ok: false, retryable: true, error: expect.stringContaining('graph 503') });
    });

    it('a request Graph never answers times out and is retryable', async () => {
      graph.script(feedPath('u-priya'), 'hang');
      const started = Date.now();
      const result = await feed({ timeoutMs: 200 }).deliver(single(notification()));
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
      const result = await feed({ baseUrl }).deliver(single(notification()));
      expect(result).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining('unreachable') });
    });

    it.each([
      [400, 'BadRequest', 'Activity type itemDue is not declared in the app manifest'],
      [401, 'InvalidAuthenticationToken', 'Access token validation failure'],
    ])('%i is not retryable, carries Graph’s error code and does not fall back to email', async (status, code, message) => {
      graph.script(feedPath('u-priya'), graphError(status, code, message));
      expect(await feed().deliver(single(notification()))).toEqual({ ok: false, retryable: false, error: `graph ${status}: ${code}: ${message}` });
      expect(await feedThenMail().deliver(single(notification()))).toEqual({ kind: 'failed', channel: 'feed', retryable: false, error: `graph ${status}: ${code}: ${message}`, skipped: [] });
      expect(graph.requests.filter((r) => r.path.endsWith('/sendMail'))).toHaveLength(0);
    });

    it('a token failure is retryable and sends nothing', async () => {
      const failing: GraphTokenProvider = {
        getToken: async () => {
          throw new Error('AADSTS700016: application not found in the directory');
        },
      };
      const result = await feed({ tokens: failing }).deliver(single(notification()));
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
    // No service mailbox: the deployment was given no MAIL_SENDER. No card channel either (no bot here).
    const tab = { teamsAppId: APP_ID, tabEntityId: 'commitments' };
    const channels = [
      new FeedChannel({ baseUrl: graph.baseUrl, tokens, ...tab, requestsPerSecondPerTenant: 1000, timeoutMs: 2000 }),
      new MailChannel({ baseUrl: graph.baseUrl, tokens, ...tab, timeoutMs: 2000 }),
    ];
    api = await TestApi.start({ channels });
  });
  afterAll(async () => {
    await api.stop();
    await graph.stop();
  });

  it('is marked failed at the first attempt, saying why for each channel, kept and shown to its recipient, never retried or dropped', async () => {
    // The app is installed for nobody: every feed answers 403.
    for (const user of api.host.users) graph.script(feedPath(user.userId), graphError(403, 'Forbidden', 'The app is not installed for the recipient'));
    await api.host.services.overdueSweep.run();
    const created = await api.notifications();
    expect(created.length).toBeGreaterThan(0);
    const recipients = new Set(created.map((n) => n.recipientId));

    const summary = await api.host.services.dispatcher.run();

    expect(summary).toMatchObject({ examined: created.length, sent: 0, retrying: 0, failed: created.length, messages: 0 });
    const stored = await api.notifications();
    expect(stored.map((n) => n.id).sort()).toEqual(created.map((n) => n.id).sort());
    const why =
      'card: not available in this deployment; feed: graph 403: Forbidden: The app is not installed for the recipient; email: no service mailbox is configured (MAIL_SENDER)';
    for (const n of stored) {
      expect(n).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null, lastError: `No channel could reach this user: ${why}`, deliveryNote: why });
    }
    const priya = api.user('priya').userId;
    const mine = await api.call('GET', '/api/notifications', { as: 'priya' });
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBe(stored.filter((n) => n.recipientId === priya).length);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((n: { status: string; deliveryNote: string }) => n.status === 'failed' && n.deliveryNote === why)).toBe(true);

    api.clock.advance(24 * 60 * 60_000);
    expect((await api.host.services.dispatcher.run()).examined).toBe(0);
    expect(graph.requests.filter((r) => r.path.endsWith('/sendMail'))).toEqual([]);
    // One feed request per user: each user's reminders were one message.
    expect(graph.requests).toHaveLength(recipients.size);
  });
});
