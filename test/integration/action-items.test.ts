import { inDays, TestApi } from '../support/harness';

let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(() => api.stop());

describe('action items', () => {
  it('creates an item for the caller and reads it back with its computed fields', async () => {
    const dueAt = inDays(api, 3);
    const created = await api.call('POST', '/api/action-items', {
      as: 'priya',
      body: { title: '  Send pricing to Dana  ', dueAt, owner: { type: 'user', userId: api.user('priya').userId }, tags: ['Next-Step', 'next-step'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Send pricing to Dana',
      dueAt,
      status: 'open',
      overdue: false,
      daysOverdue: 0,
      tags: ['next-step'],
      slips: [],
      completedAt: null,
      accountableId: api.user('priya').userId,
      createdBy: api.user('priya').userId,
      source: 'manual',
    });
    expect(created.headers.get('etag')).toBe(`"${created.body.etag.replace(/"/g, '')}"`);
    expect(created.headers.get('location')).toBe(`/api/action-items/${created.body.id}`);

    const read = await api.call('GET', `/api/action-items/${created.body.id}`, { as: 'priya' });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('makes the deal owner accountable for a buyer-side item', async () => {
    const fabrikam = api.host.demo.deals.find((d) => d.account === 'Fabrikam');
    const created = await api.call('POST', '/api/action-items', {
      as: 'morgan',
      body: { title: 'Return the signed order form', dueAt: inDays(api, 2), owner: { type: 'contact', name: 'Dana Whitfield', email: 'Dana@Fabrikam.example' }, dealId: fabrikam?.id },
    });
    expect(created.status).toBe(201);
    expect(created.body.owner).toEqual({ type: 'contact', name: 'Dana Whitfield', email: 'dana@fabrikam.example' });
    expect(created.body.accountableId).toBe(api.user('priya').userId);
  });

  it("lists the caller's overdue items, most overdue first, a page at a time", async () => {
    const first = await api.call('GET', '/api/action-items?ownerId=me&status=overdue&limit=2', { as: 'diego' });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const all = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await api.call('GET', `/api/action-items?ownerId=me&status=overdue&limit=2&cursor=${encodeURIComponent(cursor)}`, { as: 'diego' });
      expect(page.status).toBe(200);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    const expected = api.host.demo.items.filter(
      (i) => i.accountableId === api.user('diego').userId && i.status === 'open' && Date.parse(i.dueAt) < api.clock.now().getTime(),
    );
    expect(all.map((i) => i.id).sort()).toEqual(expected.map((i) => i.id).sort());
    expect(all.every((i) => i.overdue && i.daysOverdue >= 0)).toBe(true);
    const dues = all.map((i) => i.dueAt);
    expect(dues).toEqual([...dues].sort());
  });

  it('refuses a cursor replayed with other filters', async () => {
    const first = await api.call('GET', '/api/action-items?limit=1', { as: 'priya' });
    const replay = await api.call('GET', `/api/action-items?limit=1&status=done&cursor=${encodeURIComponent(first.body.nextCursor)}`, { as: 'priya' });
    expect(replay.status).toBe(400);
    expect(replay.body.errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
  });
});
