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

  it('reschedules an overdue item only with a reason, and records each slip', async () => {
    const overdue = api.host.demo.items.find((i) => i.accountableId === api.user('sam').userId && i.status === 'open' && Date.parse(i.dueAt) < api.clock.now().getTime());
    const path = `/api/action-items/${overdue?.id}`;
    const read = await api.call('GET', path, { as: 'sam' });
    expect(read.body.overdue).toBe(true);
    const silent = await api.call('PATCH', path, { as: 'sam', headers: { 'if-match': read.body.etag }, body: { dueAt: inDays(api, 3) } });
    expect(silent.status).toBe(400);
    expect(silent.body.errors).toEqual([{ path: 'slip', message: expect.stringContaining('overdue') }]);

    const moved = await api.call('PATCH', path, {
      as: 'sam',
      headers: { 'if-match': read.headers.get('etag') as string },
      body: { dueAt: inDays(api, 3), slip: { reason: 'obstacle', note: 'Legal review queue' } },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.overdue).toBe(false);
    expect(moved.body.slips.at(-1)).toEqual({ from: read.body.dueAt, to: inDays(api, 3), reason: 'obstacle', note: 'Legal review queue', at: api.clock.now().toISOString(), by: api.user('sam').userId });
    expect(moved.body.slips).toHaveLength(read.body.slips.length + 1);
    expect(moved.body.nextNudgeAt).toBe(inDays(api, 3));
  });

  it('soft-deletes: gone from reads and lists, kept in storage', async () => {
    const created = await api.call('POST', '/api/action-items', { as: 'diego', body: { title: 'Throwaway', dueAt: inDays(api, 1), owner: { type: 'user', userId: api.user('diego').userId } } });
    const gone = await api.call('DELETE', `/api/action-items/${created.body.id}`, { as: 'diego', headers: { 'if-match': created.headers.get('etag') as string } });
    expect(gone.status).toBe(204);
    expect((await api.call('GET', `/api/action-items/${created.body.id}`, { as: 'diego' })).status).toBe(404);
    const listed = await api.call('GET', '/api/action-items?ownerId=me&limit=200', { as: 'diego' });
    expect(listed.body.items.some((i: { id: string }) => i.id === created.body.id)).toBe(false);
    const stored = await api.stored('items', created.body.id, api.user('diego').tenantId);
    expect(stored).toMatchObject({ id: created.body.id, title: 'Throwaway', deleted: true, nextNudgeAt: null });
  });

  it('filters by deal and by due date', async () => {
    const fabrikam = api.host.demo.deals.find((d) => d.account === 'Fabrikam');
    const byDeal = await api.call('GET', `/api/action-items?dealId=${fabrikam?.id}&limit=200`, { as: 'priya' });
    expect(byDeal.body.items.length).toBeGreaterThan(0);
    expect(byDeal.body.items.every((i: { dealId: string }) => i.dealId === fabrikam?.id)).toBe(true);
    const cutoff = inDays(api, -10);
    const early = await api.call('GET', `/api/action-items?dueBefore=${encodeURIComponent(cutoff)}&limit=200`, { as: 'morgan' });
    expect(early.body.items.length).toBeGreaterThan(0);
    expect(early.body.items.every((i: { dueAt: string }) => i.dueAt < cutoff)).toBe(true);
  });
});
