import type { PluginConfig } from '@azure/cosmos';
import type { ActionItem } from '../../functions/src/domain';
import { inDays, TestApi } from '../support/harness';

/** Runs `before` once, right before the next replace of document `id` reaches the database: a concurrent writer. */
let interleave: { id: string; before: () => Promise<unknown> } | null = null;
const concurrentWriter: PluginConfig = {
  on: 'request',
  plugin: async (context, _node, next) => {
    const hook = interleave;
    if (hook && String(context.operationType) === 'replace' && (context.path ?? '').endsWith(`/docs/${hook.id}`)) {
      interleave = null;
      await hook.before();
    }
    return next(context);
  },
};

/**
 * `PUT /api/tenant/users/{userId}/departure`: a leaver's open items and open deals move to the reassignee (their
 * manager, or the calling admin when they have none, unless the admin names someone), each with a note; a leaver
 * who manages a team hands it to the reassignee; the leaver is nobody's pick from then on.
 */
describe('leavers', () => {
  let api: TestApi;
  const DAY = '2026-12-01';
  beforeAll(async () => {
    api = await TestApi.start({ now: new Date(`${DAY}T10:00:00.000Z`), cosmosPlugins: [concurrentWriter] });
  });
  afterAll(() => api.stop());

  const id = (key: Parameters<TestApi['user']>[0]) => api.user(key).userId;
  const depart = (userId: string, body: unknown = {}, as: Parameters<TestApi['user']>[0] = 'jordan') => api.call('PUT', `/api/tenant/users/${userId}/departure`, { as, body });
  /** Open, not deleted items of the demo data a user is accountable for. */
  const openItemsOf = (userId: string) => api.host.demo.items.filter((i) => i.accountableId === userId && i.status === 'open' && !i.deleted).map((i) => i.id).sort();
  const stored = (itemId: string) => api.stored('items', itemId, api.user('jordan').tenantId) as Promise<ActionItem>;
  const mine = async (as: Parameters<TestApi['user']>[0]) => (await api.call('GET', '/api/action-items?ownerId=me&status=open&limit=200', { as })).body.items.map((i: { id: string }) => i.id).sort();

  it('is for tenant admins only: 403 for anyone else, 404 for an unknown user or another tenant’s', async () => {
    for (const who of ['morgan', 'priya'] as const) {
      const refused = await depart(id('sam'), {}, who);
      expect(refused.status).toBe(403);
    }
    expect((await depart(id('casey'))).status).toBe(404);
    expect((await depart('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await depart('not a valid id')).status).toBe(404);
    // Nothing happened to Sam.
    expect((await api.stored('users', id('sam'), api.user('sam').tenantId)).departure).toBeUndefined();
  });

  it('refuses a reassignee who is the leaver, unknown, or of another tenant, naming reassignTo', async () => {
    const cases: [string, string][] = [
      [id('sam'), 'Must be someone other than the person who is leaving'],
      ['11111111-1111-4111-8111-111111111111', 'No such user in your organization'],
      [id('casey'), 'No such user in your organization'],
    ];
    for (const [reassignTo, message] of cases) {
      const bad = await depart(id('sam'), { reassignTo });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ path: 'reassignTo', message }]);
    }
    const unknownField = await depart(id('sam'), { reassignTo: id('morgan'), when: 'now' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors).toEqual([{ path: 'when', message: 'Unknown field' }]);
    expect((await api.stored('users', id('sam'), api.user('sam').tenantId)).departure).toBeUndefined();
  });

  it('moves a rep’s open items and open deals to their manager by default, each with a note, and the manager sees them', async () => {
    // A reminder for Sam waits to go out when he leaves.
    await api.host.services.overdueSweep.run();
    const samsPending = (await api.notifications()).filter((n) => n.recipientId === id('sam') && n.status === 'pending');
    expect(samsPending.length).toBeGreaterThan(0);

    const items = openItemsOf(id('sam'));
    expect(items.length).toBe(9);
    const deals = api.host.demo.deals.filter((d) => d.ownerId === id('sam')).map((d) => d.id).sort();
    expect(deals.length).toBe(4);
    const closed = api.host.demo.items.filter((i) => i.accountableId === id('sam') && i.status !== 'open').map((i) => i.id);

    const left = await depart(id('sam'));
    expect(left.status).toBe(200);
    expect(left.body).toEqual({ userId: id('sam'), displayName: 'Sam Carter', departedOn: DAY, reassignTo: id('morgan'), completed: true, movedItems: 9, movedDeals: 4, teamIds: [api.host.demo.teams[0]?.id] });

    for (const itemId of items) {
      const item = await stored(itemId);
      expect(item.accountableId).toBe(id('morgan'));
      expect(item.notes?.endsWith('Reassigned from Sam Carter (left on 2026-12-01)')).toBe(true);
      if (item.owner.type === 'user') expect(item.owner.userId).toBe(id('morgan'));
    }
    // What Sam had closed stays his: history is not rewritten.
    for (const itemId of closed) expect((await stored(itemId)).accountableId).toBe(id('sam'));
    expect(await mine('morgan')).toEqual(expect.arrayContaining(items));

    const morgansDeals = (await api.call('GET', '/api/deals?ownerId=me&limit=200', { as: 'morgan' })).body.items;
    expect(morgansDeals.map((d: { id: string }) => d.id).sort()).toEqual(deals);
    expect(morgansDeals.every((d: { notes: string }) => d.notes === 'Reassigned from Sam Carter (left on 2026-12-01)')).toBe(true);

    // Through the services, audited as an admin's change.
    const history = await api.call('GET', `/api/action-items/${items[0]}/history`, { as: 'jordan' });
    expect(history.body.items.at(-1)).toMatchObject({ action: 'reassign', via: 'admin', by: { kind: 'user', userId: id('jordan') } });
    // The team no longer lists him.
    const team = await api.call('GET', `/api/teams/${api.host.demo.teams[0]?.id}`, { as: 'morgan' });
    expect(team.body.members.map((m: { userId: string }) => m.userId)).toEqual([id('priya'), id('diego')]);

    // His waiting reminder goes to nobody.
    await api.host.services.dispatcher.run();
    for (const n of samsPending) {
      const after = (await api.notifications()).find((m) => m.id === n.id);
      expect(after).toMatchObject({ status: 'cancelled', lastError: 'The recipient has left the organization.' });
    }
    expect(api.host.outbox?.deliveries.some((d) => d.recipientId === id('sam'))).toBe(false);
  });

  it('is idempotent: the same PUT again answers the same departure and moves nothing twice', async () => {
    const before = await api.snapshot();
    const again = await depart(id('sam'));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ userId: id('sam'), reassignTo: id('morgan'), completed: true, movedItems: 9, movedDeals: 4 });
    expect(await depart(id('sam'), { reassignTo: id('morgan') })).toMatchObject({ status: 200 });
    expect(await api.snapshot()).toBe(before);
    // Naming someone else now is a conflict: his work went to Morgan.
    expect((await depart(id('sam'), { reassignTo: id('priya') })).status).toBe(409);
  });

  it('ends the leaver’s own use of Followthrough: 403 with a reason, even with a valid token', async () => {
    const me = await api.call('GET', '/api/me', { as: 'sam' });
    expect(me.status).toBe(403);
    expect(me.body.detail).toBe('Your organization has recorded that you left, so Followthrough is no longer yours to use. Ask your admin if this is a mistake.');
    const write = await api.call('POST', '/api/action-items', { as: 'sam', body: { title: 'After leaving', dueAt: inDays(api, 2), owner: { type: 'user', userId: id('sam') } } });
    expect(write.status).toBe(403);
  });

  it('makes the leaver nobody’s pick: not a colleague, owner, deal owner or team member any more', async () => {
    const lookup = await api.call('GET', `/api/users?emails=${api.user('sam').email},${api.user('priya').email}`, { as: 'priya' });
    expect(lookup.body.items.map((u: { userId: string }) => u.userId)).toEqual([id('priya')]);
    const assign = await api.call('POST', '/api/action-items', { as: 'morgan', body: { title: 'For Sam', dueAt: inDays(api, 2), owner: { type: 'user', userId: id('sam') } } });
    expect(assign.status).toBe(400);
    expect(assign.body.errors).toEqual([{ path: 'owner.userId', message: 'This person has left your organization' }]);
    const team = await api.call('POST', '/api/teams', { as: 'jordan', body: { name: 'Ghosts', managerId: id('sam') } });
    expect(team.status).toBe(400);
    expect(team.body.errors).toEqual([{ path: 'managerId', message: 'This person has left your organization' }]);
    // Nor a reassignee.
    const other = await depart(id('diego'), { reassignTo: id('sam') });
    expect(other.status).toBe(400);
    expect(other.body.errors).toEqual([{ path: 'reassignTo', message: 'This person has left your organization too' }]);
  });

  it('moves the work to the reassignee the admin names, working a concurrent change in rather than overwriting it', async () => {
    const items = openItemsOf(id('diego'));
    // While the departure moves this item, Morgan changes its notes: the move is worked out again on his version.
    const raced = items[1] as string;
    interleave = { id: raced, before: () => api.call('PATCH', `/api/action-items/${raced}`, { as: 'morgan', headers: { 'if-match': '*' }, body: { notes: 'Morgan: call them Tuesday' } }) };
    const left = await depart(id('diego'), { reassignTo: id('priya') });
    expect(interleave).toBeNull();
    expect((await stored(raced)).notes).toBe('Morgan: call them Tuesday\nReassigned from Diego Alvarez (left on 2026-12-01)');
    expect(left.status).toBe(200);
    expect(left.body).toMatchObject({ reassignTo: id('priya'), completed: true, movedItems: items.length, movedDeals: 3 });
    expect(await mine('priya')).toEqual(expect.arrayContaining(items));
    expect((await stored(items[0] as string)).notes?.endsWith('Reassigned from Diego Alvarez (left on 2026-12-01)')).toBe(true);
    // His lost deal stays his: only open deals move.
    const coho = api.host.demo.deals.find((d) => d.account === 'Coho Winery');
    expect((await api.stored('deals', coho?.id as string, coho?.tenantId as string)).ownerId).toBe(id('diego'));
  });

  it('hands a leaving manager’s team to the reassignee — by default the calling admin, when the manager has none', async () => {
    const team = api.host.demo.teams[0]?.id as string;
    // His own open items and the nine he took over from Sam.
    const items: string[] = await mine('morgan');
    expect(items).toEqual(expect.arrayContaining(openItemsOf(id('sam'))));
    expect(items.length).toBe(openItemsOf(id('morgan')).length + 9);
    const left = await depart(id('morgan'));
    expect(left.status).toBe(200);
    expect(left.body).toMatchObject({ reassignTo: id('jordan'), completed: true, movedItems: items.length, movedDeals: 4, teamIds: [team] });

    const handed = await api.call('GET', `/api/teams/${team}`, { as: 'jordan' });
    expect(handed.body.managerId).toBe(id('jordan'));
    expect(handed.body.members.map((m: { userId: string }) => m.userId)).toEqual([id('priya')]);
    // Sam's items, moved to Morgan, move on to Jordan with a second note.
    const samsFirst = openItemsOf(id('sam'))[0] as string;
    const notes = (await stored(samsFirst)).notes ?? '';
    expect(notes.split('\n').slice(-2)).toEqual(['Reassigned from Sam Carter (left on 2026-12-01)', 'Reassigned from Morgan Lee (left on 2026-12-01)']);
    expect(await mine('jordan')).toEqual(expect.arrayContaining(items));
    expect((await api.call('GET', '/api/me', { as: 'jordan' })).body.roles).toEqual(['admin', 'manager']);
  });

  it('needs a reassignee named when the admin leaves and has no manager', async () => {
    const self = await depart(id('jordan'));
    expect(self.status).toBe(400);
    expect(self.body.errors).toEqual([{ path: 'reassignTo', message: 'Jordan Kim has no manager: name who takes over their work' }]);
  });
});
