import { DEFAULT_TRAPS } from '../../functions/src/domain';
import { TestApi } from '../support/harness';

let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(() => api.stop());

const eastTeam = () => api.host.demo.teams.find((t) => t.name === 'East Enterprise')!;

describe('teams', () => {
  it('lists the teams a user belongs to or manages, and every team of the tenant for an admin', async () => {
    const asPriya = await api.call('GET', '/api/teams', { as: 'priya' });
    expect(asPriya.body.items.map((t: { name: string }) => t.name)).toEqual(['East Enterprise']);
    const asMorgan = await api.call('GET', '/api/teams', { as: 'morgan' });
    expect(asMorgan.body.items[0]).toMatchObject({ name: 'East Enterprise', managerId: api.user('morgan').userId });
    expect(asMorgan.body.items[0].members.map((m: { displayName: string }) => m.displayName).sort()).toEqual(['Diego Alvarez', 'Priya Shah', 'Sam Carter']);
    const asJordan = await api.call('GET', '/api/teams', { as: 'jordan' });
    expect(asJordan.body.items.map((t: { name: string }) => t.name)).toEqual(['East Enterprise']);
    const asAlex = await api.call('GET', '/api/teams', { as: 'alex' });
    expect(asAlex.body.items.map((t: { name: string }) => t.name)).toEqual(['Tailwind Sales']);
  });

  it("answers 404 for a team of another tenant", async () => {
    expect((await api.call('GET', `/api/teams/${eastTeam().id}`, { as: 'alex' })).status).toBe(404);
    expect((await api.call('GET', `/api/teams/${eastTeam().id}/traps`, { as: 'alex' })).status).toBe(404);
  });

  it('lets only an admin create a team, with people of the tenant', async () => {
    const body = { name: 'Inside Sales', managerId: api.user('morgan').userId, memberIds: [api.user('sam').userId] };
    expect((await api.call('POST', '/api/teams', { as: 'morgan', body })).status).toBe(403);
    const foreign = await api.call('POST', '/api/teams', { as: 'jordan', body: { ...body, memberIds: [api.user('casey').userId] } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([{ path: 'memberIds.0', message: 'No such user in your organization' }]);
    const created = await api.call('POST', '/api/teams', { as: 'jordan', body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Inside Sales', managerId: api.user('morgan').userId, traps: DEFAULT_TRAPS });
    expect(created.body.members).toEqual([{ userId: api.user('sam').userId, displayName: 'Sam Carter', email: 'sam.carter@northwind.example' }]);
  });

  it('changes a team with If-Match, and the new manager sees the new member at once', async () => {
    const created = await api.call('POST', '/api/teams', { as: 'jordan', body: { name: 'Renewals', managerId: api.user('priya').userId } });
    const diegosItem = api.host.demo.items.find((i) => i.accountableId === api.user('diego').userId)!;
    expect((await api.call('GET', `/api/action-items/${diegosItem.id}`, { as: 'priya' })).status).toBe(404);
    const patched = await api.call('PATCH', `/api/teams/${created.body.id}`, { as: 'jordan', headers: { 'if-match': created.headers.get('etag')! }, body: { memberIds: [api.user('diego').userId] } });
    expect(patched.status).toBe(200);
    expect((await api.call('GET', `/api/action-items/${diegosItem.id}`, { as: 'priya' })).status).toBe(200);
    const stale = await api.call('PATCH', `/api/teams/${created.body.id}`, { as: 'jordan', headers: { 'if-match': created.headers.get('etag')! }, body: { name: 'Lost update' } });
    expect(stale.status).toBe(412);
    expect((await api.call('PATCH', `/api/teams/${created.body.id}`, { as: 'priya', headers: { 'if-match': '*' }, body: { name: 'Mine now' } })).status).toBe(403);
  });
});

describe("a team's traps", () => {
  it("are the manager's and the admin's to see and set; a member gets 403", async () => {
    const path = `/api/teams/${eastTeam().id}/traps`;
    const asMorgan = await api.call('GET', path, { as: 'morgan' });
    expect(asMorgan.status).toBe(200);
    expect(asMorgan.body).toEqual(eastTeam().traps);
    expect((await api.call('GET', path, { as: 'jordan' })).status).toBe(200);
    expect((await api.call('GET', path, { as: 'priya' })).status).toBe(403);
    expect((await api.call('PUT', path, { as: 'priya', headers: { 'if-match': '*' }, body: {} })).status).toBe(403);
  });

  it('are replaced whole, with defaults for what is left out, and need If-Match', async () => {
    const path = `/api/teams/${eastTeam().id}/traps`;
    expect((await api.call('PUT', path, { as: 'morgan', body: { staleDealDays: 10 } })).status).toBe(428);
    const current = await api.call('GET', path, { as: 'morgan' });
    const ladder = [
      { afterDays: 0, action: 'remind-owner' },
      { afterDays: 1, action: 'notify-manager' },
    ];
    const put = await api.call('PUT', path, { as: 'morgan', headers: { 'if-match': current.headers.get('etag')! }, body: { ladder, weeklyProspectingTarget: 8 } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ ...DEFAULT_TRAPS, ladder, weeklyProspectingTarget: 8 });
    expect((await api.call('GET', path, { as: 'morgan' })).body).toEqual(put.body);
    const again = await api.call('PUT', path, { as: 'morgan', headers: { 'if-match': current.headers.get('etag')! }, body: {} });
    expect(again.status).toBe(412);
  });

  it.each([
    ['a negative day', { ladder: [{ afterDays: -1, action: 'remind-owner' }] }, 'ladder.0.afterDays'],
    ['unsorted steps', { ladder: [{ afterDays: 3, action: 'remind-owner' }, { afterDays: 1, action: 'notify-manager' }] }, 'ladder.1.afterDays'],
    ['two steps on one day', { ladder: [{ afterDays: 2, action: 'remind-owner' }, { afterDays: 2, action: 'notify-manager' }] }, 'ladder.1.afterDays'],
    ['an unknown action', { ladder: [{ afterDays: 0, action: 'call-mom' }] }, 'ladder.0.action'],
    ['a target of 10,000', { weeklyProspectingTarget: 10000 }, 'weeklyProspectingTarget'],
    ['an hour of 24', { digest: { repDailyHour: 24 } }, 'digest.repDailyHour'],
    ['an unknown field', { snooze: true }, 'snooze'],
  ])('refuse %s, naming the field and changing nothing', async (_name, body, path) => {
    const before = await api.snapshot();
    const reply = await api.call('PUT', `/api/teams/${eastTeam().id}/traps`, { as: 'morgan', headers: { 'if-match': '*' }, body });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(reply.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await api.snapshot()).toBe(before);
  });
});
