import { TestApi } from '../support/harness';

// Monday 23 November 2026, 13:00 UTC: 08:00 in New York, 07:00 in Chicago, 13:00 in London.
const MONDAY_8AM_NEW_YORK = new Date('2026-11-23T13:00:30Z');

describe('digests, at each user’s own hour', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({ now: MONDAY_8AM_NEW_YORK });
  });
  afterAll(() => api.stop());

  it('sends the New York rep her daily digest and the New York manager his weekly one, once each', async () => {
    const { digests } = api.host.services;
    const first = await digests.run();
    expect(first).toMatchObject({ repDigests: 1, managerDigests: 1 });
    const again = await digests.run();
    expect(again).toMatchObject({ repDigests: 0, managerDigests: 0, existing: 2 });

    const all = await api.notifications();
    const daily = all.filter((n) => n.kind === 'daily-digest');
    expect(daily.map((n) => n.recipientId)).toEqual([api.user('priya').userId]);
    expect(daily[0]?.text).toMatch(/^Your day: .*overdue/);
    const weekly = all.filter((n) => n.kind === 'weekly-digest');
    expect(weekly.map((n) => n.recipientId)).toEqual([api.user('morgan').userId]);
    expect(weekly[0]?.text).toMatch(/overdue items \(.*Diego Alvarez \d+/);
    expect(weekly[0]?.text).toMatch(/slip/);
  });

  it('reaches Chicago an hour later and London not at all today (its 08:00 has passed the catch-up window)', async () => {
    api.clock.advance(60 * 60_000);
    const run = await api.host.services.digests.run();
    expect(run.repDigests).toBe(1);
    const daily = (await api.notifications()).filter((n) => n.kind === 'daily-digest').map((n) => n.recipientId);
    expect(daily.sort()).toEqual([api.user('priya').userId, api.user('diego').userId].sort());
    expect(daily).not.toContain(api.user('sam').userId);
  });
});

describe('stale deals and deals without a next step', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(() => api.stop());

  it('flags them and reminds each owner once per breach', async () => {
    const { staleDeals } = api.host.services;
    const first = await staleDeals.run();
    expect(first.stale).toBeGreaterThanOrEqual(2);
    expect(first.reminders).toBe(first.stale + first.noNextStep);
    // Alpine Ski House has been quiet for a month (its overdue next step still counts as a dated next step).
    const alpine = api.host.demo.deals.find((d) => d.account === 'Alpine Ski House')!;
    const read = await api.call('GET', `/api/deals/${alpine.id}`, { as: 'diego' });
    expect(read.body.breaches).toEqual({ stale: api.clock.now().toISOString(), noNextStep: null });
    const stale = (await api.notifications()).filter((n) => n.dealId === alpine.id);
    expect(stale.map((n) => [n.kind, n.recipientId])).toEqual([['stale-deal', api.user('diego').userId]]);
    expect(stale[0]?.text).toMatch(/^Alpine Ski House — Season pass CRM has had no activity for \d+ days$/);

    // Contoso is active, but its only next step is done: nothing dated is planned.
    const contoso = api.host.demo.deals.find((d) => d.account === 'Contoso Pharmaceuticals')!;
    expect((await api.call('GET', `/api/deals/${contoso.id}`, { as: 'priya' })).body.breaches).toEqual({ stale: null, noNextStep: api.clock.now().toISOString() });
    const planless = (await api.notifications()).filter((n) => n.dealId === contoso.id);
    expect(planless.map((n) => [n.kind, n.recipientId])).toEqual([['no-next-step', api.user('priya').userId]]);
    expect(planless[0]?.text).toBe('Contoso Pharmaceuticals — Lab rollout has no next step due within 14 days');

    // Won and lost deals are never flagged.
    const closed = api.host.demo.deals.filter((d) => d.stage === 'won' || d.stage === 'lost').map((d) => d.id);
    expect((await api.notifications()).some((n) => n.dealId && closed.includes(n.dealId))).toBe(false);

    api.clock.advance(86_400_000);
    const second = await staleDeals.run();
    expect(second.reminders).toBe(0);
    expect((await api.notifications()).filter((n) => n.dealId === alpine.id || n.dealId === contoso.id)).toHaveLength(2);
  });

  it('clears a breach once the deal has a dated next step again, and a later breach is new', async () => {
    const { staleDeals } = api.host.services;
    const contoso = api.host.demo.deals.find((d) => d.account === 'Contoso Pharmaceuticals')!;
    const due = new Date(api.clock.now().getTime() + 3 * 86_400_000).toISOString();
    const created = await api.call('POST', '/api/action-items', {
      as: 'priya',
      body: { title: 'Book the lab walkthrough', dueAt: due, owner: { type: 'user', userId: api.user('priya').userId }, dealId: contoso.id, tags: ['next-step'] },
    });
    expect(created.status).toBe(201);
    await staleDeals.run();
    expect((await api.call('GET', `/api/deals/${contoso.id}`, { as: 'priya' })).body.breaches).toEqual({ stale: null, noNextStep: null });

    // A month of silence later, with that next step long done, both breaches are there: new ones, new reminders.
    await api.call('PATCH', `/api/action-items/${created.body.id}`, { as: 'priya', headers: { 'if-match': created.body.etag }, body: { status: 'done' } });
    api.clock.advance(30 * 86_400_000);
    await staleDeals.run();
    const kinds = (await api.notifications()).filter((n) => n.dealId === contoso.id).map((n) => n.kind);
    expect(kinds.sort()).toEqual(['no-next-step', 'no-next-step', 'stale-deal']);
  });
});
