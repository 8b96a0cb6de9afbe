import { managerOf, nextLadderStep, type Notification, trapsFor } from '../../functions/src/domain';
import { FeedChannel } from '../../functions/src/notify/feed-channel';
import { chainIdFor } from '../../functions/src/notify/graph';
import { feedPath, graphError, GraphStandIn } from '../support/graph-standin';
import { TestApi } from '../support/harness';

/** The notifications the ladder should create for the demo data at the API's clock, from the rules alone. */
function expectedLadderNotifications(api: TestApi): number {
  const { items, teams, users } = api.host.demo;
  const now = api.clock.now();
  const known = new Set(users.map((u) => u.id));
  let count = 0;
  for (const item of items) {
    if (item.status !== 'open' || !item.nextNudgeAt || Date.parse(item.nextNudgeAt) > now.getTime()) continue;
    const tenantTeams = teams.filter((t) => t.tenantId === item.tenantId);
    for (const step of nextLadderStep(item, trapsFor(item.accountableId, tenantTeams).ladder, now).take) {
      const recipient = step.action === 'notify-manager' ? managerOf(item.accountableId, tenantTeams) : item.accountableId;
      if (recipient && known.has(recipient)) count++;
    }
  }
  return count;
}

function expectEachOnce(notifications: Notification[]): void {
  const causes = notifications.map((n) => `${n.recipientId}|${n.itemId}|${n.kind}`);
  expect(new Set(causes).size).toBe(causes.length);
}

describe('the overdue sweep and dispatch, run twice at once', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(() => api.stop());

  it('creates and delivers every reminder exactly once', async () => {
    const { overdueSweep, dispatcher } = api.host.services;
    const expected = expectedLadderNotifications(api);
    expect(expected).toBeGreaterThan(20);

    const sweeps = await Promise.all([overdueSweep.run(), overdueSweep.run()]);
    expect(sweeps[0].notificationsCreated + sweeps[1].notificationsCreated).toBe(expected);
    const created = await api.notifications();
    expect(created).toHaveLength(expected);
    expectEachOnce(created);

    const dispatches = await Promise.all([dispatcher.run(), dispatcher.run()]);
    expect(dispatches[0].sent + dispatches[1].sent).toBe(expected);
    const delivered = api.host.outbox?.deliveries ?? [];
    expect(delivered).toHaveLength(expected);
    expect(new Set(delivered.map((d) => d.notificationId)).size).toBe(expected);
    // The local host's outbox is its feed; each user's reminders due together went out as one message.
    expect((await api.notifications()).every((n) => n.status === 'sent' && n.channel === 'feed')).toBe(true);
    const messages = api.host.outbox?.messages ?? [];
    expect(messages).toHaveLength(new Set(delivered.map((d) => `${d.tenantId}/${d.recipientId}`)).size);
    expect(new Set(messages.map((m) => m.message.id)).size).toBe(messages.length);

    // Nothing new is due: a third sweep and dispatch do nothing.
    expect((await overdueSweep.run()).notificationsCreated).toBe(0);
    expect((await dispatcher.run()).sent).toBe(0);
  });

  it('escalates an item a week overdue to the manager and puts it on the agenda', async () => {
    const item = api.host.demo.items.find((i) => i.title === 'Prepare business case for the steering committee');
    const stored = await api.stored('items', item?.id as string, item?.tenantId as string);
    expect(stored.flaggedForReviewAt).toBe(api.clock.now().toISOString());
    expect(stored.nudges.map((n: { action: string; outcome: string }) => `${n.action}:${n.outcome}`)).toEqual([
      'remind-owner:skipped',
      'remind-owner:taken',
      'notify-manager:taken',
      'flag-agenda:taken',
    ]);
    expect(stored.nextNudgeAt).toBeNull();
    const mine = (await api.notifications()).filter((n) => n.itemId === item?.id);
    expect(mine.map((n) => [n.kind, n.recipientId]).sort()).toEqual(
      [
        ['agenda-flag', api.user('diego').userId],
        ['escalation', api.user('morgan').userId],
        ['reminder', api.user('diego').userId],
      ].sort(),
    );
  });

  it('asks the seller to chase a buyer-side item', async () => {
    const item = api.host.demo.items.find((i) => i.title === 'Confirm budget holder');
    const chase = (await api.notifications()).find((n) => n.itemId === item?.id && n.kind === 'buyer-chase');
    expect(chase).toMatchObject({ recipientId: api.user('sam').userId, activityType: 'chaseBuyer', templateParameters: { contact: 'Ella Ward', title: 'Confirm budget holder' } });
    expect(chase?.text).toMatch(/^Chase Ella Ward on “Confirm budget holder”/);
  });

  it("shows each user the reminders they were sent, newest first, and nobody else's", async () => {
    const first = await api.call('GET', '/api/notifications?limit=3', { as: 'morgan' });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.items[0]).toEqual({
      id: expect.any(String),
      kind: expect.any(String),
      itemId: expect.any(String),
      dealId: expect.anything(),
      createdAt: expect.any(String),
      status: 'sent',
      channel: 'feed',
      // Which channel took it and why the earlier ones did not (the card, before the bot is wired here).
      deliveryNote: first.body.items[0].deliveryNote,
      text: expect.any(String),
    });
    expect(first.body.items[0].deliveryNote === null || typeof first.body.items[0].deliveryNote === 'string').toBe(true);
    const all = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await api.call('GET', `/api/notifications?limit=3&cursor=${encodeURIComponent(cursor)}`, { as: 'morgan' });
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    const morgans = (await api.notifications()).filter((n) => n.recipientId === api.user('morgan').userId);
    expect(all.map((n) => n.id).sort()).toEqual(morgans.map((n) => n.id).sort());
    expect(all.every((n) => n.kind === 'escalation')).toBe(true);
    const times = all.map((n) => n.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    const casey = await api.call('GET', '/api/notifications?limit=200', { as: 'casey' });
    expect(casey.body.items.every((n: { id: string }) => !morgans.some((m) => m.id === n.id))).toBe(true);
  });

  it('cancels a reminder for an item completed before it went out', async () => {
    api.clock.advance(2 * 86_400_000);
    const { overdueSweep, dispatcher } = api.host.services;
    await overdueSweep.run();
    const pending = (await api.notifications()).filter((n) => n.status === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    const victim = pending.find((n) => n.kind === 'reminder' && n.recipientId === api.user('priya').userId) ?? pending[0];
    const item = await api.call('GET', `/api/action-items/${victim?.itemId}`, { as: 'morgan' });
    await api.call('PATCH', `/api/action-items/${victim?.itemId}`, { as: 'morgan', headers: { 'if-match': item.body.etag }, body: { status: 'done' } });
    const run = await dispatcher.run();
    expect(run.cancelled).toBeGreaterThanOrEqual(1);
    const after = (await api.notifications()).find((n) => n.id === victim?.id);
    expect(after?.status).toBe('cancelled');
    expect(api.host.outbox?.deliveries.some((d) => d.notificationId === victim?.id)).toBe(false);
  });

  it('starts the ladder over when an overdue item is rescheduled', async () => {
    const item = api.host.demo.items.find((i) => i.title === 'Send reference architecture');
    const read = await api.call('GET', `/api/action-items/${item?.id}`, { as: 'sam' });
    expect(read.body.nudges.length).toBeGreaterThan(0);
    const newDue = new Date(api.clock.now().getTime() + 86_400_000).toISOString();
    const moved = await api.call('PATCH', `/api/action-items/${item?.id}`, { as: 'sam', headers: { 'if-match': read.body.etag }, body: { dueAt: newDue, slip: { reason: 'obstacle', note: 'Waiting on the SE' } } });
    expect(moved.body).toMatchObject({ nudges: [], nextNudgeAt: newDue, flaggedForReviewAt: null });
    const { overdueSweep } = api.host.services;
    expect((await overdueSweep.run()).itemsExamined).toBe(0);
    api.clock.advance(86_400_000 + 60_000);
    await overdueSweep.run();
    const fresh = (await api.notifications()).filter((n) => n.itemId === item?.id && n.itemDueAt === newDue);
    expect(fresh.map((n) => n.kind)).toEqual(['reminder']);
    expect(fresh[0]?.activityType).toBe('itemDue');
  });
});

describe('a sweep that dies midway', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(() => api.stop());

  it('loses nothing and doubles nothing when it runs again', async () => {
    const expected = expectedLadderNotifications(api);
    const sweep = api.host.services.overdueSweep;
    await expect(sweep.run({ failAfter: 5, pageSize: 4 })).rejects.toThrow(/injected failure after 5 items/);
    const partial = await api.notifications();
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(expected);
    await expect(sweep.run({ failAfter: 9, pageSize: 4 })).rejects.toThrow(/injected failure/);
    const beforeLastRun = (await api.notifications()).length;
    const summary = await sweep.run();
    const all = await api.notifications();
    expect(all).toHaveLength(expected);
    expectEachOnce(all);
    expect(summary.notificationsCreated).toBe(expected - beforeLastRun);
    const dispatched = await api.host.services.dispatcher.run();
    expect(dispatched.sent).toBe(expected);
  });
});

describe('dispatch through Microsoft Graph that throttles and fails, then recovers', () => {
  let api: TestApi;
  let graph: GraphStandIn;
  beforeAll(async () => {
    graph = await GraphStandIn.start();
    const started: { api?: TestApi } = {};
    const feed = new FeedChannel({
      baseUrl: graph.baseUrl,
      tokens: { getToken: async (tenantId) => `token-${tenantId}` },
      teamsAppId: 'followthrough-test-app',
      tabEntityId: 'commitments',
      requestsPerSecondPerTenant: 1000,
      timeoutMs: 300,
      now: () => started.api?.clock.now().getTime() ?? Date.now(),
    });
    api = await TestApi.start({ channels: [feed] });
    started.api = api;
  });
  afterAll(async () => {
    await api.stop();
    await graph.stop();
  });

  it('honours Retry-After, backs off on 503 and timeouts, then delivers every notification once', async () => {
    await api.host.services.overdueSweep.run();
    const expected = (await api.notifications()).length;
    const diego = api.user('diego').userId;
    const priya = api.user('priya').userId;
    graph.script(feedPath(diego), graphError(429, 'TooManyRequests', 'Slow down', { 'Retry-After': '120' }), { status: 204 });
    graph.script(feedPath(priya), graphError(503, 'ServiceUnavailable', 'Try later'), 'hang', { status: 204 });

    const dispatcher = api.host.services.dispatcher;
    const first = await dispatcher.run({ random: () => 0.5 });
    expect(first.retrying).toBeGreaterThan(0);
    const held = (await api.notifications()).filter((n) => n.status === 'pending');
    // Diego's tenant is held back for the whole Retry-After: none of its notifications is due before two minutes.
    const tenant = api.user('diego').tenantId;
    for (const n of held.filter((h) => h.tenantId === tenant)) {
      expect(Date.parse(n.nextAttemptAt as string) - api.clock.now().getTime()).toBeGreaterThanOrEqual(1000);
    }

    // A run before anything is due again sends nothing and asks Graph nothing.
    const before = graph.requests.length;
    expect((await dispatcher.run()).examined).toBe(0);
    expect(graph.requests.length).toBe(before);

    for (let round = 0; round < 8 && (await api.notifications()).some((n) => n.status === 'pending'); round++) {
      api.clock.advance(3 * 60 * 60_000);
      await dispatcher.run({ random: () => 0.5 });
    }
    const final = await api.notifications();
    expect(final.filter((n) => n.status !== 'sent')).toEqual([]);
    expect(final).toHaveLength(expected);

    // Exactly one successful feed post per message — one message per user, carrying all of their reminders, retried
    // as the same message — identified by the chain id of the message.
    const feed = graph.requests.filter((r) => r.path.endsWith('/sendActivityNotification'));
    expect(feed.filter((r) => r.answered === 429)).toHaveLength(1);
    expect(feed.filter((r) => r.answered === 503 || r.answered === 'hang')).toHaveLength(2);
    const succeeded = feed.filter((r) => r.answered === 204);
    const chains = succeeded.map((r) => r.body.chainId);
    expect(new Set(chains).size).toBe(chains.length);
    expect(new Set(chains)).toEqual(new Set(final.map((n) => chainIdFor(n.messageId as string))));
    expect(succeeded).toHaveLength(new Set(final.map((n) => n.recipientId)).size);
    // A retry posted the same message: Priya's three attempts carried one chain id.
    const priyas = feed.filter((r) => r.path === feedPath(priya)).map((r) => r.body.chainId);
    expect(priyas).toHaveLength(3);
    expect(new Set(priyas).size).toBe(1);
  });
});
