import { inDays, TestApi } from '../support/harness';

let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(() => api.stop());

const east = () => api.host.demo.teams.find((t) => t.name === 'East Enterprise')!;
const agendaPath = (repId?: string, extra = '') => `/api/teams/${east().id}/agenda?${repId ? `repId=${repId}&` : ''}kind=weekly${extra}`;

describe('review agendas', () => {
  it("give the manager a rep's agenda built from facts", async () => {
    const diego = api.user('diego').userId;
    const reply = await api.call('GET', agendaPath(diego), { as: 'morgan' });
    expect(reply.status).toBe(200);
    const agenda = reply.body;
    // Since the last review (two weeks ago), with its commitments and how they stand.
    expect(agenda.since.reviewId).toBe(api.host.demo.reviews[0]?.id);
    expect(agenda.commitments.map((c: { title: string; status: string }) => [c.title, c.status]).sort()).toEqual([
      ['Book two first meetings from the prospect list', 'done'],
      ['Walk the ROI model through with a solutions engineer', 'overdue'],
    ]);
    // Overdue, most overdue first, with slips and their last reason.
    const days = agenda.overdue.map((o: { daysOverdue: number }) => o.daysOverdue);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    const businessCase = agenda.overdue.find((o: { title: string }) => o.title === 'Prepare business case for the steering committee');
    expect(businessCase).toMatchObject({ slipCount: 2, lastSlipReason: 'skill' });
    // Slips since the last review grouped by reason, each with its coaching question.
    const skill = agenda.slips.find((g: { reason: string }) => g.reason === 'skill');
    expect(skill).toMatchObject({ category: 'knows-what-to-do', question: 'Does the rep know what to do?' });
    expect(agenda.kpis.onTimeRate).toHaveLength(8);
    expect(agenda.prospecting.target).toBe(4);
    expect(agenda.dealsAtRisk.map((d: { account: string }) => d.account)).toContain('Alpine Ski House');
  });

  it('show a rep their own agenda, and nobody a teammate’s or another tenant’s', async () => {
    expect((await api.call('GET', agendaPath(api.user('diego').userId), { as: 'diego' })).status).toBe(200);
    const teammate = await api.call('GET', agendaPath(api.user('priya').userId), { as: 'diego' });
    expect(teammate.status).toBe(403);
    expect(teammate.headers.get('content-type')).toBe('application/problem+json');
    expect((await api.call('GET', agendaPath(), { as: 'diego' })).status).toBe(403);
    expect((await api.call('GET', agendaPath(api.user('diego').userId), { as: 'alex' })).status).toBe(404);
    expect((await api.call('GET', agendaPath(api.user('morgan').userId), { as: 'morgan' })).status).toBe(404);
  });

  it('give the manager the team at a glance, one row per rep, at a constant cost', async () => {
    api.counter.reset();
    const reply = await api.call('GET', agendaPath(), { as: 'morgan' });
    expect(reply.status).toBe(200);
    expect(api.counter.data).toBeLessThanOrEqual(6);
    expect(reply.body.rows.map((r: { name: string }) => r.name).sort()).toEqual(['Diego Alvarez', 'Priya Shah', 'Sam Carter']);
    const diego = reply.body.rows.find((r: { name: string }) => r.name === 'Diego Alvarez');
    expect(diego.overdue).toBeGreaterThan(0);
    expect(diego.onTimeTrend).toHaveLength(8);
    expect(diego.slipsByCategory['knows-what-to-do']).toBeGreaterThan(0);
    expect((await api.call('GET', agendaPath(undefined, '&kind=fortnightly'), { as: 'morgan' })).status).toBe(400);
  });
});

describe('reviews', () => {
  it('are held by the manager: the agenda is kept as it was and commitments become items', async () => {
    const diego = api.user('diego').userId;
    const discussed = api.host.demo.items.find((i) => i.title === 'Prepare business case for the steering committee')!;
    const body = {
      teamId: east().id,
      repId: diego,
      kind: 'weekly',
      notes: 'Business case: pair with Sam, who has written three.',
      discussedItemIds: [discussed.id],
      commitments: [{ title: 'Draft the business case with Sam', dueAt: inDays(api, 3), owner: { type: 'user', userId: diego }, tags: ['next-step'] }],
    };
    expect((await api.call('POST', '/api/reviews', { as: 'priya', body })).status).toBe(403);
    const held = await api.call('POST', '/api/reviews', { as: 'morgan', body, headers: { 'idempotency-key': 'review-1' } });
    expect(held.status).toBe(201);
    expect(held.body.review).toMatchObject({ repId: diego, kind: 'weekly', heldBy: api.user('morgan').userId, discussedItemIds: [discussed.id] });
    expect(held.body.review.agenda.overdue.length).toBeGreaterThan(0);
    expect(held.body.items).toHaveLength(1);
    expect(held.body.items[0]).toMatchObject({ source: 'review', reviewId: held.body.review.id, accountableId: diego, tags: ['next-step', 'review-commitment'] });
    const replay = await api.call('POST', '/api/reviews', { as: 'morgan', body, headers: { 'idempotency-key': 'review-1' } });
    expect(replay.body.review.id).toBe(held.body.review.id);

    const next = await api.call('GET', agendaPath(diego), { as: 'morgan' });
    expect(next.body.since.reviewId).toBe(held.body.review.id);
    expect(next.body.commitments.map((c: { title: string }) => c.title)).toEqual(['Draft the business case with Sam']);

    const mine = await api.call('GET', `/api/reviews?teamId=${east().id}`, { as: 'diego' });
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([held.body.review.id, api.host.demo.reviews[0]?.id]);
    expect((await api.call('GET', `/api/reviews/${held.body.review.id}`, { as: 'diego' })).status).toBe(200);
    expect((await api.call('GET', `/api/reviews/${held.body.review.id}`, { as: 'priya' })).status).toBe(404);
    expect((await api.call('GET', `/api/reviews?teamId=${east().id}&repId=${diego}`, { as: 'priya' })).status).toBe(403);
  });

  it('refuse a rep outside the team and bad commitments, storing nothing', async () => {
    const before = await api.snapshot();
    const outsider = await api.call('POST', '/api/reviews', { as: 'morgan', body: { teamId: east().id, repId: api.user('jordan').userId } });
    expect(outsider.status).toBe(400);
    const bad = await api.call('POST', '/api/reviews', { as: 'morgan', body: { teamId: east().id, repId: api.user('sam').userId, commitments: [{ title: '', dueAt: 'soon', owner: { type: 'user', userId: 'x' } }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['commitments.0.title', 'commitments.0.dueAt']));
    expect(await api.snapshot()).toBe(before);
  });
});

describe('review commitments and deals', () => {
  it("refuse a deal the manager cannot see, as a new item would, and store nothing", async () => {
    // Jordan (the admin) owns a deal outside Morgan's team.
    const hidden = await api.call('POST', '/api/deals', { as: 'jordan', body: { name: 'Board seats', account: 'Contoso Holdings' } });
    expect(hidden.status).toBe(201);
    expect((await api.call('GET', `/api/deals/${hidden.body.id}`, { as: 'morgan' })).status).toBe(404);
    const commitment = { title: 'Chase the board seats', dueAt: inDays(api, 3), owner: { type: 'user', userId: api.user('sam').userId }, dealId: hidden.body.id };
    expect((await api.call('POST', '/api/action-items', { as: 'morgan', body: commitment })).status).toBe(400);

    const before = await api.snapshot();
    const review = await api.call('POST', '/api/reviews', { as: 'morgan', body: { teamId: east().id, repId: api.user('sam').userId, commitments: [commitment] } });
    expect(review.status).toBe(400);
    expect(review.body.errors).toEqual([{ path: 'commitments.0.dealId', message: 'No such deal' }]);
    expect(await api.snapshot()).toBe(before);

    const visible = api.host.demo.deals.find((d) => d.account === 'Wingtip Toys')!;
    const held = await api.call('POST', '/api/reviews', { as: 'morgan', body: { teamId: east().id, repId: api.user('sam').userId, commitments: [{ ...commitment, dealId: visible.id }] } });
    expect(held.status).toBe(201);
    expect(held.body.items[0].dealId).toBe(visible.id);
  });
});

describe('goals', () => {
  it("are the manager's to set per rep per quarter, and the quarterly agenda measures against them", async () => {
    const path = `/api/teams/${east().id}/goals`;
    expect((await api.call('GET', path, { as: 'morgan' })).body).toEqual({ quotas: [] });
    expect((await api.call('GET', path, { as: 'priya' })).status).toBe(403);
    const now = api.clock.now();
    const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
    const quotas = [{ repId: api.user('priya').userId, quarter, amount: 250000 }];
    const put = await api.call('PUT', path, { as: 'morgan', body: { quotas } });
    expect(put.status).toBe(200);
    expect((await api.call('PUT', path, { as: 'morgan', body: { quotas } })).status).toBe(428);
    const duplicate = await api.call('PUT', path, { as: 'morgan', headers: { 'if-match': put.headers.get('etag')! }, body: { quotas: [...quotas, ...quotas] } });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors[0].path).toBe('quotas.1.quarter');
    const quarterly = await api.call('GET', `/api/teams/${east().id}/agenda?repId=${api.user('priya').userId}&kind=quarterly`, { as: 'morgan' });
    expect(quarterly.body.plan).toMatchObject({ quarter, quota: 250000 });
    expect(quarterly.body.plan.wonByMonth).toHaveLength(3);
  });
});
