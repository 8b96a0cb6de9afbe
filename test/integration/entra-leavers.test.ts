import { GraphDirectoryChanges } from '../../functions/src/notify/graph-directory';
import { EntraLeaverCheck } from '../../functions/src/services/entra-leavers';
import { CosmosFollowUpRepository } from '../../functions/src/store/follow-up';
import { CosmosJobStateRepository } from '../../functions/src/store/jobs';
import { graphError, GraphStandIn, USERS_DELTA_PATH } from '../support/graph-standin';
import { TestApi } from '../support/harness';

/**
 * The daily check for users deleted in Entra ID (where permitted: User.Read.All granted and ENTRA_LEAVERS_CHECK=on):
 * Microsoft Graph's `GET /users/delta?$select=id`, paged by `@odata.nextLink` up to an `@odata.deltaLink`; a deleted
 * user comes back with `@removed` and is treated as a departure with the default reassignee.
 */
describe('leavers from Entra ID', () => {
  let api: TestApi;
  let graph: GraphStandIn;
  let check: EntraLeaverCheck;
  const logged: string[] = [];
  let northwind: string;

  beforeAll(async () => {
    api = await TestApi.start({ now: new Date('2026-12-01T02:30:00.000Z') });
    graph = await GraphStandIn.start();
    northwind = api.user('priya').tenantId;
    // Northwind's directory: our five users and two who never used Followthrough. Tailwind granted nothing (403).
    graph.setDirectory(northwind, [...api.host.users.filter((u) => u.tenantId === northwind).map((u) => u.userId), 'e0000000-0000-4000-8000-000000000001', 'e0000000-0000-4000-8000-000000000002']);
    const tokens = { getToken: async (tenantId: string) => `app-token:${tenantId}` };
    const store = api.host.services.store;
    check = new EntraLeaverCheck(new CosmosFollowUpRepository(store), new CosmosJobStateRepository(store), api.host.services.leavers, new GraphDirectoryChanges({ baseUrl: graph.baseUrl, tokens }), (line) => logged.push(line));
  });
  afterAll(async () => {
    await graph.stop();
    await api.stop();
  });

  it('is off unless configured: the deployed check does nothing without the permission’s setting', async () => {
    expect(await api.host.services.entraLeavers.run()).toEqual({ tenants: 0, failedTenants: 0, removed: 0, departures: 0 });
    expect(graph.requests).toEqual([]);
  });

  it('starts with a full round that only sets the starting point, page by page, asking for ids alone', async () => {
    expect(await check.run()).toEqual({ tenants: 1, failedTenants: 1, removed: 0, departures: 0 });
    const northwindCalls = graph.to(USERS_DELTA_PATH).filter((r) => r.headers.authorization === `Bearer app-token:${northwind}`);
    // Seven users, two a page: four pages, the first asking $select=id, the rest following @odata.nextLink.
    expect(northwindCalls.map((r) => r.query.split('=')[0])).toEqual(['$select', '$skiptoken', '$skiptoken', '$skiptoken']);
    expect(northwindCalls[0]?.query).toBe('$select=id');
    expect(logged).toEqual([expect.stringMatching(/^entra-leavers: tenant [0-9a-f-]+: GET \/users\/delta answered 403 Authorization_RequestDenied — the app holds no User\.Read\.All application permission/)]);
    expect((await api.stored('users', api.user('sam').userId, northwind)).departure).toBeUndefined();
  });

  it('treats a user deleted in Entra as a departure with the default reassignee, once', async () => {
    graph.removeUsers(northwind, api.user('sam').userId, 'e0000000-0000-4000-8000-000000000001');
    const calls = graph.requests.length;
    expect(await check.run()).toEqual({ tenants: 1, failedTenants: 1, removed: 2, departures: 1 });
    // The round started from the delta link the first one ended with.
    expect(graph.requests[calls]?.query).toMatch(/^\$deltatoken=/);

    const sam = await api.stored('users', api.user('sam').userId, northwind);
    expect(sam.departure).toMatchObject({ via: 'timer', by: { kind: 'system', name: 'entra-leavers' }, reassignTo: api.user('morgan').userId, completedAt: '2026-12-01T02:30:00.000Z' });
    const moved = api.host.demo.items.filter((i) => i.accountableId === api.user('sam').userId && i.status === 'open');
    for (const item of moved) {
      const stored = await api.stored('items', item.id, northwind);
      expect(stored.accountableId).toBe(api.user('morgan').userId);
      expect(stored.notes.endsWith('Reassigned from Sam Carter (left on 2026-12-01)')).toBe(true);
    }
    // Nothing new: nothing happens.
    expect(await check.run()).toEqual({ tenants: 1, failedTenants: 1, removed: 0, departures: 0 });
  });

  it('records a manager without a manager as departed, waiting for an admin to name the reassignee', async () => {
    graph.removeUsers(northwind, api.user('morgan').userId);
    expect(await check.run()).toMatchObject({ removed: 1, departures: 1 });
    const morgan = await api.stored('users', api.user('morgan').userId, northwind);
    expect(morgan.departure).toMatchObject({ reassignTo: null, completedAt: null });
    // Nobody's pick from now on.
    expect((await api.call('GET', `/api/users?emails=${api.user('morgan').email}`, { as: 'priya' })).body.items).toEqual([]);
    // Nor told anything while his items wait: at 08:00 in New York no digest for him (Priya, same zone, gets hers), and
    // the ladder records the steps for his items as `no-recipient`.
    api.clock.set(new Date('2026-12-01T13:00:00.000Z'));
    await api.host.services.digests.run();
    await api.host.services.overdueSweep.run();
    const digests = (await api.notifications()).filter((n) => n.kind === 'daily-digest');
    expect(digests.map((n) => n.recipientId)).toContain(api.user('priya').userId);
    expect((await api.notifications()).filter((n) => n.recipientId === api.user('morgan').userId)).toEqual([]);
    const items = await api.call('GET', `/api/action-items?ownerId=${api.user('morgan').userId}&status=overdue&limit=200`, { as: 'jordan' });
    const stepsNow = items.body.items.flatMap((i: { nudges: { at: string; action: string; outcome: string }[] }) => i.nudges.filter((n) => n.at === '2026-12-01T13:00:00.000Z' && n.action === 'remind-owner' && n.outcome !== 'skipped'));
    expect(stepsNow.length).toBeGreaterThan(0);
    expect(stepsNow.every((n: { outcome: string }) => n.outcome === 'no-recipient')).toBe(true);
    const done = await api.call('PUT', `/api/tenant/users/${api.user('morgan').userId}/departure`, { as: 'jordan', body: {} });
    expect(done.body).toMatchObject({ reassignTo: api.user('jordan').userId, completed: true, departedOn: '2026-12-01' });
    expect((await api.call('GET', `/api/teams/${api.host.demo.teams[0]?.id}`, { as: 'jordan' })).body.managerId).toBe(api.user('jordan').userId);
  });

  it('resumes a round from the page it had reached when Graph failed midway', async () => {
    graph.removeUsers(northwind, 'e0000000-0000-4000-8000-000000000002', api.user('diego').userId, api.user('priya').userId);
    // The second page of the round fails: the first page's leaver is recorded, the link to the second is kept.
    // (Tenants are checked in id order: Northwind, a30d…, before Tailwind, e2eb…, whose call gets the 503 too.)
    graph.script(USERS_DELTA_PATH, { status: 200, body: await firstPageOfNextRound() }, graphError(503, 'serviceNotAvailable', 'try later'));
    expect(await check.run()).toMatchObject({ tenants: 0, failedTenants: 2, removed: 2 });
    graph.script(USERS_DELTA_PATH);
    expect(await check.run()).toMatchObject({ tenants: 1, removed: 1 });
    for (const key of ['diego', 'priya'] as const) expect((await api.stored('users', api.user(key).userId, northwind)).departure).toBeDefined();
  });

  /** What the stand-in would answer first for the next round, fetched as the check would (then replayed). */
  async function firstPageOfNextRound(): Promise<unknown> {
    const jobs = new CosmosJobStateRepository(api.host.services.store);
    const state = await jobs.get<{ deltaLink: string } & { id: string; tenantId: string; etag: string }>(northwind, 'entra-users-delta');
    const response = await fetch(state?.deltaLink as string, { headers: { authorization: `Bearer app-token:${northwind}` } });
    return response.json();
  }
});
