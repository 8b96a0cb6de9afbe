import { TestApi } from '../support/harness';

// Tuesday 24 November 2026, 15:00 UTC: 10:00 in New York, where Priya works.
const NOW = new Date('2026-11-24T15:00:00Z');
const HOUR = 3_600_000;

describe('snoozing an item’s reminders', () => {
  let api: TestApi;
  let itemId: string;
  const priya = () => api.user('priya');
  const read = (id = itemId, as: 'priya' | 'morgan' = 'priya') => api.call('GET', `/api/action-items/${id}`, { as });
  const snooze = async (until: string, as: 'priya' | 'diego' | 'casey' | 'morgan' = 'priya', id = itemId) => {
    const current = await read(id, 'morgan');
    return api.call('POST', `/api/action-items/${id}/snooze`, { as, headers: { 'if-match': current.body.etag }, body: { until } });
  };
  const notificationsOf = async (id: string) => (await api.notifications()).filter((n) => n.itemId === id);
  const at = (iso: string) => api.clock.set(new Date(iso));

  beforeAll(async () => {
    api = await TestApi.start({ now: NOW });
    // Due an hour ago: the sweep takes the ladder's first step (the reminder at the due time).
    const created = await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Send the security questionnaire', dueAt: '2026-11-24T14:00:00Z', owner: { type: 'user', userId: priya().userId } } });
    itemId = created.body.id;
    await api.host.services.overdueSweep.run();
  });
  afterAll(() => api.stop());

  it('until tomorrow changes nothing when the next reminder is two days away anyway (and is not counted)', async () => {
    const before = await read();
    expect(before.body.nextNudgeAt).toBe('2026-11-26T14:00:00.000Z');
    const snoozed = await snooze('tomorrow');
    expect(snoozed.status).toBe(200);
    expect(snoozed.body).toEqual(before.body);
  });

  it('until Monday moves only the next reminder, to 08:00 on Monday in her zone; the due date stays and nothing slipped', async () => {
    const snoozed = await snooze('monday');
    expect(snoozed.status).toBe(200);
    expect(snoozed.headers.get('etag')).toBe(`"${snoozed.body.etag}"`);
    expect(snoozed.body).toMatchObject({
      dueAt: '2026-11-24T14:00:00.000Z',
      slips: [],
      status: 'open',
      nextNudgeAt: '2026-11-30T13:00:00.000Z',
      ladderRestart: { at: '2026-11-30T13:00:00.000Z', fromStep: 1 },
      snoozes: [{ at: '2026-11-24T15:00:00.000Z', until: 'monday', restartsAt: '2026-11-30T13:00:00.000Z', by: priya().userId }],
    });
    const history = await api.call('GET', `/api/action-items/${itemId}/history`, { as: 'priya' });
    expect(history.body.items.at(-1)).toMatchObject({ via: 'api', action: 'update', changes: [{ field: 'snooze', before: null, after: { until: 'monday', restartsAt: '2026-11-30T13:00:00.000Z' } }] });
  });

  it('drops the reminder still queued for the item: she said not now', async () => {
    const queued = (await notificationsOf(itemId)).filter((n) => n.status === 'pending');
    expect(queued.map((n) => n.kind)).toEqual(['reminder']);
    await api.host.services.dispatcher.run();
    expect((await notificationsOf(itemId)).map((n) => [n.status, n.lastError])).toEqual([['cancelled', 'The item was closed, rescheduled or snoozed before this went out.']]);
    expect(api.host.outbox?.deliveries.some((d) => d.notificationId === queued[0]?.id)).toBe(false);
  });

  it('the ladder restarts on Monday from the next step, and nothing before then', async () => {
    at('2026-11-30T12:59:00Z');
    await api.host.services.overdueSweep.run();
    expect(await notificationsOf(itemId)).toHaveLength(1);
    at('2026-11-30T13:01:00Z');
    await api.host.services.overdueSweep.run();
    const mine = (await notificationsOf(itemId)).filter((n) => n.status === 'pending');
    expect(mine.map((n) => [n.kind, n.recipientId, n.text])).toEqual([['reminder', priya().userId, '“Send the security questionnaire” is 5 days overdue']]);
    expect((await read()).body.nextNudgeAt).toBe('2026-12-01T13:00:00.000Z');
  });

  it('at most three times per item (the default snoozeLimit): the fourth is a 409 that says so, and changes nothing', async () => {
    expect((await snooze('monday')).body.nextNudgeAt).toBe('2026-12-07T13:00:00.000Z');
    at('2026-12-07T13:01:00Z');
    await api.host.services.overdueSweep.run();
    expect((await snooze('monday')).body).toMatchObject({ nextNudgeAt: '2026-12-14T13:00:00.000Z', snoozes: [{ until: 'monday' }, { until: 'monday' }, { until: 'monday' }] });

    const before = await api.snapshot();
    const fourth = await snooze('tomorrow');
    expect(fourth.status).toBe(409);
    expect(fourth.body.detail).toBe("Snoozed 3 times already, this team's limit for one item. Give it a new date with the reason, or get it done.");
    expect(await api.snapshot()).toBe(before);
  });

  it('is refused for an item the caller cannot see (404, as if it did not exist) and for another tenant’s, changing nothing', async () => {
    const other = await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Book the demo room', dueAt: '2026-12-06T14:00:00Z', owner: { type: 'user', userId: priya().userId } } });
    const snapshot = await api.snapshot();
    for (const who of ['diego', 'casey'] as const) {
      const refused = await api.call('POST', `/api/action-items/${other.body.id}/snooze`, { as: who, headers: { 'if-match': other.body.etag }, body: { until: 'monday' } });
      expect(refused.status).toBe(404);
    }
    expect(await api.snapshot()).toBe(snapshot);
  });

  it('needs If-Match (428), refuses a stale one (412) and a bad body (400 naming until); a closed item has no reminder to snooze (409)', async () => {
    const item = await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Call the CFO', dueAt: '2026-12-07T12:00:00Z', owner: { type: 'user', userId: priya().userId } } });
    const path = `/api/action-items/${item.body.id}/snooze`;
    expect((await api.call('POST', path, { as: 'priya', body: { until: 'monday' } })).status).toBe(428);
    const bad = await api.call('POST', path, { as: 'priya', headers: { 'if-match': item.body.etag }, body: { until: 'next year', days: 3 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'until', message: 'Must be one of tomorrow, monday' },
      { path: 'days', message: 'Unknown field' },
    ]);
    const done = await api.call('PATCH', `/api/action-items/${item.body.id}`, { as: 'priya', headers: { 'if-match': item.body.etag }, body: { status: 'done' } });
    expect((await api.call('POST', path, { as: 'priya', headers: { 'if-match': item.body.etag }, body: { until: 'monday' } })).status).toBe(412);
    const closed = await api.call('POST', path, { as: 'priya', headers: { 'if-match': done.body.etag }, body: { until: 'monday' } });
    expect(closed.status).toBe(409);
    expect(closed.body.detail).toBe('This item is done: no reminder is coming to snooze.');
  });

  it('from a card: the same service method, audited as through the card', async () => {
    at('2026-12-08T15:00:00Z');
    const item = await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Send the redlines', dueAt: '2026-12-08T14:00:00Z', owner: { type: 'user', userId: priya().userId } } });
    await api.host.services.overdueSweep.run();
    const viewer = await api.host.services.directory.viewerFor({ tenantId: priya().tenantId, userId: priya().userId, displayName: 'Priya Shah', email: priya().email, roles: [] });
    const snoozed = await api.host.services.actionItems.snooze(viewer, item.body.id, { until: 'monday' }, '*', 'card');
    // Tuesday 8 December: Monday the 14th at 08:00 EST.
    expect(snoozed.nextNudgeAt).toBe('2026-12-14T13:00:00.000Z');
    const history = await api.call('GET', `/api/action-items/${item.body.id}/history`, { as: 'priya' });
    expect(history.body.items.at(-1)).toMatchObject({ via: 'card', by: { kind: 'user', userId: priya().userId }, changes: [{ field: 'snooze' }] });
  });

  it('a team that allows no snoozes says so', async () => {
    const teamId = api.host.demo.teams[0]!.id;
    const traps = await api.call('GET', `/api/teams/${teamId}/traps`, { as: 'morgan' });
    expect(traps.body.snoozeLimit).toBe(3);
    const saved = await api.call('PUT', `/api/teams/${teamId}/traps`, { as: 'morgan', headers: { 'if-match': traps.headers.get('etag')! }, body: { ...traps.body, snoozeLimit: 0 } });
    expect(saved.body.snoozeLimit).toBe(0);
    api.host.services.directory.forgetViewers();
    const item = await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Chase the PO', dueAt: '2026-12-08T13:00:00Z', owner: { type: 'user', userId: priya().userId } } });
    const refused = await api.call('POST', `/api/action-items/${item.body.id}/snooze`, { as: 'priya', headers: { 'if-match': item.body.etag }, body: { until: 'monday' } });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe("This team's traps do not allow snoozing reminders. Give the item a new date with the reason, or get it done.");
  });
});

describe('a new date restarts the ladder after the grace period', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({ now: NOW });
  });
  afterAll(() => api.stop());

  it('an overdue item moved to an hour from now is reminded of a day after the move, not at its new due time', async () => {
    const priya = api.user('priya');
    const created = await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Send the order form', dueAt: '2026-11-23T15:00:00Z', owner: { type: 'user', userId: priya.userId } } });
    await api.host.services.overdueSweep.run();
    const item = await api.call('GET', `/api/action-items/${created.body.id}`, { as: 'priya' });
    const moved = await api.call('PATCH', `/api/action-items/${created.body.id}`, {
      as: 'priya',
      headers: { 'if-match': item.body.etag },
      body: { dueAt: '2026-11-24T16:00:00Z', slip: { reason: 'buyer', note: 'Their legal team is out today' } },
    });
    expect(moved.body).toMatchObject({ dueAt: '2026-11-24T16:00:00.000Z', nudges: [], nextNudgeAt: '2026-11-25T15:00:00.000Z', ladderRestart: { at: '2026-11-25T15:00:00.000Z', fromStep: 0 } });

    const fresh = async () => (await api.notifications()).filter((n) => n.itemId === created.body.id && n.itemDueAt === '2026-11-24T16:00:00.000Z');
    api.clock.set(new Date(NOW.getTime() + 2 * HOUR));
    await api.host.services.overdueSweep.run();
    expect(await fresh()).toEqual([]);
    api.clock.set(new Date('2026-11-25T15:01:00Z'));
    await api.host.services.overdueSweep.run();
    expect((await fresh()).map((n) => n.kind)).toEqual(['reminder']);
    expect((await api.call('GET', `/api/action-items/${created.body.id}`, { as: 'priya' })).body.nextNudgeAt).toBe('2026-11-27T15:00:00.000Z');
  });
});
