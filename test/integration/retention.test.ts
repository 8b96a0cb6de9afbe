import type { PluginConfig } from '@azure/cosmos';
import { RETENTION_CHECKPOINT_ID } from '../../functions/src/domain';
import { TestApi } from '../support/harness';

/** Every delete the database carried out, by document id (a delete of what is gone already is a 404, not counted). */
const deleted: string[] = [];
const deleteRecorder: PluginConfig = {
  on: 'request',
  plugin: async (context, _node, next) => {
    const response = await next(context);
    if (String(context.operationType) === 'delete' && context.resourceType === 'docs') {
      const id = decodeURIComponent(/\/docs\/([^/]+)$/.exec(context.path ?? '')?.[1] ?? '');
      if (response.code === undefined || response.code < 400) deleted.push(id);
    }
    return response;
  },
};

/**
 * The `retention` timer: per tenant, by its own settings, hard-deletes what closed before the cut-off and
 * pseudonymizes leavers; killed midway and run again, it leaves nothing behind and does nothing twice.
 *
 * The story, written out (now = 2026-12-01; Northwind keeps closed items 24 months, reviews 60, the rest 36;
 * Tailwind the defaults, 36 months for everything):
 * - 2021-06-01: Northwind's team; a review of Priya (R1).
 * - 2022-03-01: Priya's items A (done), B (cancelled), C (open), D (removed); meeting M1 with E (done), meeting M2 with
 *   F (open); deal X won, deal Y lost with an open item H; Diego's open deal V and open item I; a review of Diego (R3)
 *   that names him. Tailwind: Casey's item K (done).
 * - 2022-03-02: Diego leaves; V and I go to Morgan with a note naming him.
 * - 2024-06-01: Priya's item G (done), deal W won. Tailwind: Casey's item L (done).
 */
describe('retention', () => {
  let api: TestApi;
  const ids: Record<string, string> = {};
  let northwind: string;
  let tailwind: string;
  const at = (iso: string) => api.clock.set(new Date(iso));

  beforeAll(async () => {
    api = await TestApi.start({ demo: false, now: new Date('2021-06-01T09:00:00.000Z'), cosmosPlugins: [deleteRecorder] });
    northwind = api.user('priya').tenantId;
    tailwind = api.user('casey').tenantId;
    const user = (key: 'morgan' | 'priya' | 'diego' | 'sam') => api.user(key).userId;
    for (const key of ['morgan', 'priya', 'diego', 'jordan', 'casey'] as const) await api.call('GET', '/api/me', { as: key });

    const team = await api.call('POST', '/api/teams', { as: 'jordan', body: { name: 'East Enterprise', managerId: user('morgan'), memberIds: [user('priya'), user('diego')] } });
    ids.team = team.body.id;
    ids.R1 = (await api.call('POST', '/api/reviews', { as: 'morgan', body: { teamId: ids.team, repId: user('priya'), notes: 'R1' } })).body.review.id;

    at('2022-03-01T09:00:00.000Z');
    const item = async (key: string, as: 'priya' | 'diego' | 'casey', extra: Record<string, unknown> = {}) => {
      const created = await api.call('POST', '/api/action-items', { as, body: { title: key, dueAt: '2022-03-04T17:00:00Z', owner: { type: 'user', userId: api.user(as).userId }, ...extra } });
      ids[key] = created.body.id;
      return created.body.id as string;
    };
    const patch = (key: string, body: unknown, as: 'priya' | 'casey' = 'priya') => api.call('PATCH', `/api/action-items/${ids[key]}`, { as, headers: { 'if-match': '*' }, body });
    await item('A', 'priya');
    await patch('A', { status: 'done' });
    await item('B', 'priya');
    await patch('B', { status: 'cancelled' });
    await item('C', 'priya');
    await item('D', 'priya');
    await api.call('DELETE', `/api/action-items/${ids.D}`, { as: 'priya', headers: { 'if-match': '*' } });
    const meeting = { subject: 'Old meeting', start: '2022-03-01T08:00:00Z', end: '2022-03-01T08:30:00Z', attendees: [] };
    const m1 = await api.call('POST', '/api/meetings/old-m1/outcomes', { as: 'priya', body: { meeting, items: [{ title: 'E', dueAt: '2022-03-04T17:00:00Z', owner: { type: 'user', userId: user('priya') } }] } });
    ids.E = m1.body.items[0].id;
    await patch('E', { status: 'done' });
    const m2 = await api.call('POST', '/api/meetings/old-m2/outcomes', { as: 'priya', body: { meeting, items: [{ title: 'F', dueAt: '2022-03-04T17:00:00Z', owner: { type: 'user', userId: user('priya') } }] } });
    ids.F = m2.body.items[0].id;
    ids.X = (await api.call('POST', '/api/deals', { as: 'priya', body: { name: 'X', account: 'Won long ago', stage: 'won' } })).body.id;
    ids.Y = (await api.call('POST', '/api/deals', { as: 'priya', body: { name: 'Y', account: 'Lost long ago', stage: 'lost' } })).body.id;
    await item('H', 'priya', { dealId: ids.Y });
    ids.V = (await api.call('POST', '/api/deals', { as: 'diego', body: { name: 'V', account: 'Diego’s prospect' } })).body.id;
    await item('I', 'diego');
    ids.R3 = (await api.call('POST', '/api/reviews', { as: 'morgan', body: { teamId: ids.team, repId: user('diego'), notes: 'Diego Alvarez agreed to send the pricing (diego.alvarez@northwind.example).' } })).body.review.id;
    await item('K', 'casey');
    await patch('K', { status: 'done' }, 'casey');

    at('2022-03-02T09:00:00.000Z');
    expect((await api.call('PUT', `/api/tenant/users/${user('diego')}/departure`, { as: 'jordan', body: {} })).body).toMatchObject({ reassignTo: user('morgan'), movedItems: 1, movedDeals: 1 });

    at('2024-06-01T09:00:00.000Z');
    await item('G', 'priya');
    await patch('G', { status: 'done' });
    ids.W = (await api.call('POST', '/api/deals', { as: 'priya', body: { name: 'W', account: 'Won recently', stage: 'won' } })).body.id;
    await item('L', 'casey');
    await patch('L', { status: 'done' }, 'casey');

    at('2026-12-01T06:00:00.000Z');
    const saved = await api.call('PUT', '/api/tenant/settings', { as: 'jordan', headers: { 'if-match': '"defaults"' }, body: { retention: { closedItemsMonths: 24, reviewsMonths: 60 } } });
    expect(saved.status).toBe(200);
    deleted.length = 0;
  });
  afterAll(() => api.stop());

  const exists = async (container: 'items' | 'deals' | 'reviews', key: string, tenantId = northwind) => Boolean(await api.stored(container, ids[key] as string, tenantId));
  const meetingCount = async () => {
    const c = await api.host.services.store.container('items');
    return (await c.items.query("SELECT VALUE c.key FROM c WHERE c.type = 'meeting'").fetchAll()).resources.sort();
  };
  const checkpoints = async () => {
    const c = await api.host.services.store.container('jobs');
    return (await c.items.query({ query: 'SELECT * FROM c WHERE c.id = @id', parameters: [{ name: '@id', value: RETENTION_CHECKPOINT_ID }] }).fetchAll()).resources;
  };

  it('has the story in place', async () => {
    for (const key of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']) expect(await exists('items', key)).toBe(true);
    for (const key of ['K', 'L']) expect(await exists('items', key, tailwind)).toBe(true);
    expect(await meetingCount()).toEqual(['old-m1', 'old-m2']);
  });

  /** The audit entries older than a tenant's items cut-off (Northwind 24 months, Tailwind 36), read straight from the store. */
  const auditOlderThanCutoffs = async () => {
    const c = await api.host.services.store.container('audit');
    const query = (tenantId: string, cutoff: string) =>
      c.items.query<{ id: string }>({ query: 'SELECT c.id FROM c WHERE c.tenantId = @t AND c.at < @cutoff', parameters: [{ name: '@t', value: tenantId }, { name: '@cutoff', value: cutoff }] }).fetchAll();
    const [n, t] = await Promise.all([query(northwind, '2024-12-01T06:00:00.000Z'), query(tailwind, '2023-12-01T06:00:00.000Z')]);
    return [...n.resources, ...t.resources].map((r) => r.id);
  };
  let oldAudit: string[] = [];

  it('resumes a run killed midway, and deletes exactly what is past, once, per tenant', async () => {
    // The trail of what happened before the cut-offs goes with it; what the story did since stays.
    oldAudit = await auditOlderThanCutoffs();
    expect(oldAudit.length).toBeGreaterThan(0);
    await expect(api.host.services.retention.run({ pageSize: 2, failAfter: 3 })).rejects.toThrow('retention: injected failure after 3 documents');
    expect(deleted).toHaveLength(3);
    expect(await checkpoints()).toHaveLength(1);

    const run = await api.host.services.retention.run({ pageSize: 2 });
    expect(run).toEqual({ tenants: 2, resumed: 1, busy: 0, closedItems: 6, meetings: 1, reviews: 1, closedDeals: 1, auditEntries: oldAudit.length, departedUsers: 1 });
    expect(await auditOlderThanCutoffs()).toEqual([]);
    // Tailwind's trail of L (2024-06, inside its 36 months) is still there.
    const trail = await api.call('GET', `/api/action-items/${ids.L}/history`, { as: 'casey' });
    expect(trail.body.items.length).toBeGreaterThan(0);
    expect(deleted.filter((id) => oldAudit.includes(id)).sort()).toEqual([...oldAudit].sort());

    // Gone: A, B, D, E, G (Northwind, 24 months), K (Tailwind, 36 months); M1 with its last item; R1; deal X.
    for (const key of ['A', 'B', 'D', 'E', 'G']) expect(await exists('items', key)).toBe(false);
    expect(await exists('items', 'K', tailwind)).toBe(false);
    expect(await meetingCount()).toEqual(['old-m2']);
    expect(await exists('reviews', 'R1')).toBe(false);
    expect(await exists('deals', 'X')).toBe(false);
    // Kept: open items whatever their age; L, as old as G, under Tailwind's own 36 months; M2 for its open item F; R3
    // (60 months); Y for its open item H; W (closed 30 months ago); V (open).
    for (const key of ['C', 'F', 'H', 'I']) expect(await exists('items', key)).toBe(true);
    expect(await exists('items', 'L', tailwind)).toBe(true);
    expect(await exists('reviews', 'R3')).toBe(true);
    for (const key of ['Y', 'W', 'V']) expect(await exists('deals', key)).toBe(true);

    // Each document deleted once, whichever run got to it.
    const expected = ['A', 'B', 'D', 'E', 'G', 'K', 'R1', 'X'].map((k) => ids[k] as string);
    expect(deleted.filter((id) => expected.includes(id)).sort()).toEqual([...expected].sort());
    expect(deleted.filter((id) => id.startsWith('meeting-'))).toHaveLength(1);
    expect(deleted.filter((id) => id !== RETENTION_CHECKPOINT_ID)).toHaveLength(9 + oldAudit.length);
    expect(await checkpoints()).toEqual([]);
  });

  it('replaces a leaver’s name and email with a pseudonym after the period: in the directory, their reviews and the notes that named them', async () => {
    const diego = await api.stored('users', api.user('diego').userId, northwind);
    expect(diego).toMatchObject({ displayName: 'Former employee 34b8', email: '', departure: { anonymizedAt: '2026-12-01T06:00:00.000Z', reassignTo: api.user('morgan').userId } });
    expect((await api.stored('reviews', ids.R3 as string, northwind)).notes).toBe('Former employee 34b8 agreed to send the pricing (Former employee 34b8).');
    expect((await api.stored('items', ids.I as string, northwind)).notes).toBe('Reassigned from Former employee 34b8 (left on 2022-03-02)');
    expect((await api.stored('deals', ids.V as string, northwind)).notes).toBe('Reassigned from Former employee 34b8 (left on 2022-03-02)');
    // The review is still read, with the pseudonym where the name was.
    const review = await api.call('GET', `/api/reviews/${ids.R3}`, { as: 'morgan' });
    expect(review.body).toMatchObject({ repId: api.user('diego').userId, notes: 'Former employee 34b8 agreed to send the pricing (Former employee 34b8).' });
  });

  it('records one audit entry per tenant and run, summing up, not one per document', async () => {
    const c = await api.host.services.store.container('audit');
    const entries = (await c.items.query("SELECT * FROM c WHERE c.action = 'expire'").fetchAll()).resources;
    const byTenant = Object.fromEntries(entries.map((e) => [e.tenantId, e]));
    expect(entries).toHaveLength(2);
    expect(byTenant[northwind]).toMatchObject({
      entity: { kind: 'tenantSettings', id: 'retention' },
      by: { kind: 'system', name: 'retention' },
      via: 'timer',
      changes: expect.arrayContaining([
        { field: 'deleted', before: null, after: { closedItems: 5, meetings: 1, reviews: 1, closedDeals: 1, auditEntries: expect.any(Number) } },
        { field: 'pseudonymizedLeavers', before: null, after: 1 },
      ]),
    });
    expect(byTenant[tailwind].changes).toEqual(expect.arrayContaining([{ field: 'deleted', before: null, after: { closedItems: 1, meetings: 0, reviews: 0, closedDeals: 0, auditEntries: expect.any(Number) } }]));
    const deletedAudit = (tenant: string) => byTenant[tenant].changes.find((c: { field: string }) => c.field === 'deleted').after.auditEntries as number;
    expect(deletedAudit(northwind) + deletedAudit(tailwind)).toBe(oldAudit.length);
  });

  it('finds nothing more to do when run again, and leaves no checkpoint', async () => {
    const before = await api.snapshot();
    deleted.length = 0;
    expect(await api.host.services.retention.run()).toEqual({ tenants: 2, resumed: 0, busy: 0, closedItems: 0, meetings: 0, reviews: 0, closedDeals: 0, auditEntries: 0, departedUsers: 0 });
    expect(deleted.filter((id) => id !== RETENTION_CHECKPOINT_ID)).toEqual([]);
    expect(await api.snapshot()).toBe(before);
    // As the timer both hosts run.
    const timer = await api.host.scheduler.runNow('retention');
    expect(timer.summary).toMatchObject({ tenants: 2, closedItems: 0 });
  });
});
