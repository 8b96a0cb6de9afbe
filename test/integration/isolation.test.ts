import { randomUUID } from 'node:crypto';
import { inDays, TestApi } from '../support/harness';

let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(() => api.stop());

describe('who sees what, across roles and tenants', () => {
  it("shows a rep only their own items, a manager the team's, an admin the tenant's", async () => {
    const list = async (as: 'priya' | 'morgan' | 'jordan' | 'alex') => {
      const reply = await api.call('GET', '/api/action-items?limit=200', { as });
      expect(reply.status).toBe(200);
      return reply.body.items as { accountableId: string; createdBy: string; id: string }[];
    };
    const priya = api.user('priya').userId;
    const northwind = api.host.demo.items.filter((i) => i.tenantId === api.user('priya').tenantId);

    const asPriya = await list('priya');
    expect(asPriya.length).toBeGreaterThan(0);
    expect(asPriya.every((i) => i.accountableId === priya || i.createdBy === priya)).toBe(true);

    const asMorgan = await list('morgan');
    const team = new Set(['priya', 'diego', 'sam', 'morgan'].map((k) => api.user(k as 'priya').userId));
    expect(asMorgan.every((i) => team.has(i.accountableId) || team.has(i.createdBy))).toBe(true);
    expect(asMorgan.length).toBe(northwind.length);

    expect((await list('jordan')).length).toBe(northwind.length);
    const asAlex = await list('alex');
    expect(asAlex.length).toBeGreaterThan(0);
    expect(asAlex.every((i) => !northwind.some((n) => n.id === i.id))).toBe(true);
  });

  it("answers 404 for a teammate's item and another tenant's, for reads and writes alike", async () => {
    const diegos = api.host.demo.items.find((i) => i.accountableId === api.user('diego').userId && i.status === 'open');
    const tailwinds = api.host.demo.items.find((i) => i.tenantId === api.user('casey').tenantId);
    for (const [as, item] of [['priya', diegos], ['morgan', tailwinds], ['jordan', tailwinds]] as const) {
      const read = await api.call('GET', `/api/action-items/${item?.id}`, { as });
      const write = await api.call('PATCH', `/api/action-items/${item?.id}`, { as, headers: { 'if-match': '*' }, body: { title: 'taken over' } });
      const remove = await api.call('DELETE', `/api/action-items/${item?.id}`, { as, headers: { 'if-match': '*' } });
      expect([read.status, write.status, remove.status]).toEqual([404, 404, 404]);
    }
    const stored = await api.stored('items', tailwinds?.id as string, tailwinds?.tenantId as string);
    expect(stored.title).toBe(tailwinds?.title);
  });

  it("lets a manager complete a team member's item", async () => {
    const item = api.host.demo.items.find((i) => i.accountableId === api.user('sam').userId && i.status === 'open');
    const read = await api.call('GET', `/api/action-items/${item?.id}`, { as: 'morgan' });
    const done = await api.call('PATCH', `/api/action-items/${item?.id}`, { as: 'morgan', headers: { 'if-match': read.body.etag }, body: { status: 'done' } });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    expect(done.body.completedAt).toBe(api.clock.now().toISOString());
  });

  it("refuses an owner from another tenant, and another tenant's deal, without telling them apart from unknown ids", async () => {
    const body = { title: 'Cross-tenant', dueAt: inDays(api, 2), owner: { type: 'user', userId: api.user('casey').userId } };
    const foreignOwner = await api.call('POST', '/api/action-items', { as: 'priya', body });
    expect(foreignOwner.status).toBe(400);
    expect(foreignOwner.body.errors).toEqual([{ path: 'owner.userId', message: 'No such user in your organization' }]);
  });

  it('describes the caller on /api/me', async () => {
    const me = await api.call('GET', '/api/me', { as: 'morgan' });
    expect(me.body).toEqual({
      userId: api.user('morgan').userId,
      tenantId: api.user('morgan').tenantId,
      displayName: 'Morgan Lee',
      email: 'morgan.lee@northwind.example',
      roles: ['manager'],
      teamIds: [api.host.demo.teams[0]?.id],
    });
    const admin = await api.call('GET', '/api/me', { as: 'jordan' });
    expect(admin.body.roles).toEqual(['admin']);
  });

  it('enrols a first-time user of an allowed tenant as a rep with nothing to see', async () => {
    const newcomer = { userId: randomUUID(), tenantId: api.user('priya').tenantId, displayName: 'Nia Newcomer', email: 'Nia.Newcomer@northwind.example', roles: [] };
    const token = await api.host.identity.mint(newcomer);
    const me = await api.call('GET', '/api/me', { as: { token } });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ userId: newcomer.userId, tenantId: newcomer.tenantId, displayName: 'Nia Newcomer', email: 'nia.newcomer@northwind.example', roles: ['rep'], teamIds: [] });
    expect((await api.call('GET', '/api/action-items', { as: { token } })).body).toEqual({ items: [], nextCursor: null });
    expect(await api.stored('users', newcomer.userId, newcomer.tenantId)).toMatchObject({ displayName: 'Nia Newcomer', roles: ['rep'] });
  });
});

describe('looking up colleagues by email', () => {
  it("finds the caller's colleagues and nobody of another tenant", async () => {
    const emails = ['morgan.lee@northwind.example', 'SAM.CARTER@northwind.example', 'casey.nguyen@tailwind.example', 'dana@fabrikam.example'];
    const reply = await api.call('GET', `/api/users?emails=${encodeURIComponent(emails.join(','))}`, { as: 'priya' });
    expect(reply.status).toBe(200);
    expect(reply.body.items).toEqual([
      { userId: api.user('morgan').userId, displayName: 'Morgan Lee', email: 'morgan.lee@northwind.example' },
      { userId: api.user('sam').userId, displayName: 'Sam Carter', email: 'sam.carter@northwind.example' },
    ]);
    expect((await api.call('GET', '/api/users?emails=', { as: 'priya' })).status).toBe(400);
  });
});
