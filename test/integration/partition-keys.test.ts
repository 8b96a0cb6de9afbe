import type { PluginConfig } from '@azure/cosmos';
import { EXPIRED_DOCUMENTS } from '../../functions/local/expiry-sweep';
import { ITEMS_DUE_FOR_NUDGE, TENANT_IDS } from '../../functions/src/store/follow-up';
import { type ContainerName, containerNameOf, isBucketed } from '../../functions/src/store/layout';
import { ACTIVE_EXPORTS, EXPIRED_EXPORTS } from '../../functions/src/store/exports';
import { NOTIFICATIONS_DUE } from '../../functions/src/store/notifications';
import { type ChatMessage, chatOf, elementsOf, press } from '../support/bot';
import { inDays, TestApi } from '../support/harness';

/**
 * The local stand-in reads only the first level of a hierarchical partition key, so a point read or write with a
 * wrong or missing bucket would pass every other test here and fail in Azure. This records what the real SDK sends
 * for every request of a broad workload — the API's writes and reads, captures, reviews, settings, every timer, the
 * demo seeding — and holds it to the layout: every point operation names the document's full key, every query names
 * its tenant, except the sweeps that serve every tenant by design.
 */
interface Sent {
  operation: string;
  container: ContainerName;
  partitionKey: unknown;
  query: string | null;
}

const sent: Sent[] = [];
const recorder: PluginConfig = {
  on: 'request',
  plugin: async (context, _node, next) => {
    const collection = /(?:^|\/)colls\/([^/]+)/.exec(context.path ?? '')?.[1];
    if (context.resourceType === 'docs' && collection && !context.headers?.['x-ms-cosmos-is-query-plan-request']) {
      const header = context.headers?.['x-ms-documentdb-partitionkey'];
      const raw = context.body as unknown;
      const body = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { query?: string } | undefined;
      sent.push({
        operation: String(context.operationType),
        container: containerNameOf(decodeURIComponent(collection)),
        partitionKey: typeof header === 'string' ? JSON.parse(header) : null,
        query: typeof body?.query === 'string' ? body.query : null,
      });
    }
    return next(context);
  },
};

// The local host's expiry sweep is the stand-in's TTL, across tenants as Cosmos DB's own is.
const CROSS_TENANT = [ITEMS_DUE_FOR_NUDGE, NOTIFICATIONS_DUE, TENANT_IDS, EXPIRED_DOCUMENTS, ACTIVE_EXPORTS, EXPIRED_EXPORTS];
const TENANT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^_deployment$/;

let api: TestApi;
beforeAll(async () => {
  // The bot's card channel too: its conversations (users container) and its cards' actions are part of the workload.
  api = await TestApi.start({ cosmosPlugins: [recorder], cardChannel: true });
  await workload(api);
});
afterAll(() => api.stop());

/** A bit of everything the product does. */
async function workload(api: TestApi): Promise<void> {
  const priya = api.user('priya').userId;
  const fabrikam = api.host.demo.deals.find((d) => d.account === 'Fabrikam')!;
  const team = api.host.demo.teams.find((t) => t.name === 'East Enterprise')!;
  const created = await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Partition check', dueAt: inDays(api, 2), owner: { type: 'user', userId: priya }, dealId: fabrikam.id }, headers: { 'idempotency-key': 'pk-1' } });
  const etag = (await api.call('GET', `/api/action-items/${created.body.id}`, { as: 'priya' })).headers.get('etag') as string;
  await api.call('PATCH', `/api/action-items/${created.body.id}`, { as: 'priya', body: { notes: 'n' }, headers: { 'if-match': etag } });
  await api.call('PATCH', `/api/action-items/${created.body.id}`, { as: 'priya', body: { status: 'done' }, headers: { 'if-match': '*' } });
  const history = await api.call('GET', `/api/action-items/${created.body.id}/history?limit=2`, { as: 'priya' });
  await api.call('GET', `/api/action-items/${created.body.id}/history?limit=2&cursor=${encodeURIComponent(history.body.nextCursor)}`, { as: 'priya' });
  await api.call('DELETE', `/api/action-items/${created.body.id}`, { as: 'priya', headers: { 'if-match': '*' } });
  const page = await api.call('GET', '/api/action-items?limit=2', { as: 'priya' });
  await api.call('GET', `/api/action-items?limit=2&cursor=${page.body.nextCursor}`, { as: 'priya' });
  const meeting = { subject: 'S', start: inDays(api, -1), end: inDays(api, -1), attendees: [] };
  const item = (title: string, who: string) => ({ title, dueAt: inDays(api, 3), owner: { type: 'user', userId: who } });
  await api.call('POST', '/api/meetings/pk-meeting/outcomes', { as: 'priya', body: { meeting, dealId: fabrikam.id, items: [item('a', priya), item('b', priya)] }, headers: { 'idempotency-key': 'pk-2' } });
  await api.call('POST', '/api/meetings/pk-meeting/outcomes', { as: 'priya', body: { meeting, items: [item('c', priya)] } });
  await api.call('POST', '/api/meetings/pk-meeting/outcomes', { as: 'sam', body: { meeting, items: [item('d', api.user('sam').userId)] } });
  await api.call('GET', '/api/meetings/pk-meeting', { as: 'priya' });
  const deal = await api.call('POST', '/api/deals', { as: 'priya', body: { name: 'Pk', account: 'Pk Inc' } });
  await api.call('PATCH', `/api/deals/${deal.body.id}`, { as: 'priya', body: { stage: 'qualify' }, headers: { 'if-match': '*' } });
  await api.call('GET', `/api/deals/suggestions?emails=dana.whitfield@fabrikam.example`, { as: 'priya' });
  await api.call('GET', `/api/teams/${team.id}/agenda?repId=${priya}`, { as: 'morgan' });
  await api.call('GET', `/api/teams/${team.id}/agenda`, { as: 'morgan' });
  await api.call('POST', '/api/reviews', { as: 'morgan', body: { teamId: team.id, repId: priya, commitments: [item('r1', priya), item('r2', priya)] } });
  await api.call('GET', `/api/reviews?teamId=${team.id}&repId=${priya}`, { as: 'morgan' });
  const traps = await api.call('GET', `/api/teams/${team.id}/traps`, { as: 'morgan' });
  await api.call('PUT', `/api/teams/${team.id}/traps`, { as: 'morgan', body: traps.body, headers: { 'if-match': traps.headers.get('etag') as string } });
  await api.call('PUT', `/api/teams/${team.id}/goals`, { as: 'morgan', body: { quotas: [{ repId: priya, quarter: '2026-Q4', amount: 1 }] } });
  await api.call('GET', '/api/notifications', { as: 'priya' });
  for (const timer of ['overdue-sweep', 'notification-dispatch', 'daily-digest', 'stale-deals']) await api.host.scheduler.runNow(timer);
  // The bot: an install recorded, a card refreshed and its item completed through the card, a manager's nudge.
  await api.host.botConnector.installFor([api.user('priya')]);
  const card = (await chatOf(api, 'priya')).activities[0] as ChatMessage;
  await press(api, 'priya', card, card.card.refresh.action);
  const done = elementsOf(card.card).find((e) => e.type === 'Action.Execute' && e.verb === 'done');
  await press(api, 'priya', card, done);
  const escalation = (await chatOf(api, 'morgan')).activities[0] as ChatMessage;
  const nudge = elementsOf(escalation.card).find((e) => e.type === 'Action.Execute' && e.verb === 'nudge');
  await press(api, 'morgan', escalation, nudge);
  const audit = await api.call('GET', '/api/tenant/audit?limit=5', { as: 'jordan' });
  await api.call('GET', `/api/tenant/audit?limit=5&cursor=${encodeURIComponent(audit.body.nextCursor)}`, { as: 'jordan' });
  // Tenant administration: settings, a leaver (items, deals and a team move), retention (its checkpoint in `jobs`),
  // and the local expiry sweep once something has expired.
  const settings = await api.call('GET', '/api/tenant/settings', { as: 'jordan' });
  await api.call('PUT', '/api/tenant/settings', { as: 'jordan', body: { retention: { closedItemsMonths: 1 } }, headers: { 'if-match': settings.headers.get('etag') as string } });
  await api.call('PUT', `/api/tenant/users/${api.user('sam').userId}/departure`, { as: 'jordan', body: {} });
  // An erasure of a buyer contact (every kind of document that names them), a capture naming them afterwards, and
  // an export written by its timer, read and downloaded (its expiry comes with the clock below).
  expect((await api.call('POST', '/api/tenant/erasure', { as: 'jordan', body: { email: 'dana.whitfield@fabrikam.example' } })).status).toBe(200);
  await api.call('POST', '/api/meetings/pk-erased/outcomes', { as: 'priya', body: { meeting: { ...meeting, attendees: [{ name: 'Dana Whitfield', email: 'dana.whitfield@fabrikam.example' }] }, items: [item('e', priya)] } });
  const exported = await api.call('POST', '/api/tenant/exports', { as: 'jordan' });
  await api.host.scheduler.runNow('tenant-exports');
  await api.call('GET', `/api/tenant/exports/${exported.body.id}`, { as: 'jordan' });
  expect((await api.call('GET', `/api/tenant/exports/${exported.body.id}/files/items`, { as: 'jordan' })).status).toBe(200);
  api.clock.advance(400 * 86_400_000);
  for (const timer of ['entra-leavers', 'retention', 'expiry-sweep', 'tenant-exports']) await api.host.scheduler.runNow(timer);
}

describe('every request names the partition it means', () => {
  it('recorded a workload that touches every container', () => {
    const touched = new Set(sent.map((s) => s.container));
    // Written out: a container added to the layout joins this list once the workload above uses it.
    expect([...touched].sort()).toEqual(['audit', 'deals', 'idempotency', 'items', 'jobs', 'notifications', 'reviews', 'teams', 'users']);
    expect(sent.filter((s) => s.operation === 'batch').length).toBeGreaterThan(0);
  });

  it('gives every point read and write of a bucketed container its full key: the tenant, then a bucket', () => {
    const points = sent.filter((s) => s.operation !== 'query' && isBucketed(s.container));
    expect(points.length).toBeGreaterThan(50);
    const wrong = points.filter((s) => !(Array.isArray(s.partitionKey) && s.partitionKey.length === 2 && TENANT.test(String(s.partitionKey[0])) && /^[0-9a-f]{2}$/.test(String(s.partitionKey[1]))));
    expect(wrong).toEqual([]);
  });

  it('gives every point read and write of a tenant container the tenant', () => {
    const points = sent.filter((s) => s.operation !== 'query' && !isBucketed(s.container));
    expect(points.length).toBeGreaterThan(0);
    expect(points.filter((s) => !(Array.isArray(s.partitionKey) && s.partitionKey.length === 1 && TENANT.test(String(s.partitionKey[0]))))).toEqual([]);
  });

  it('scopes every query to one tenant (or one partition of it), but for the sweeps across tenants named as such', () => {
    const queries = sent.filter((s) => s.operation === 'query');
    // An item's audit history is one logical partition: the full key, tenant then bucket. Two pages of it through the
    // API; two more where a card shows a done item and looks up who completed it.
    const partitionQueries = queries.filter((s) => Array.isArray(s.partitionKey) && s.partitionKey.length === 2 && TENANT.test(String(s.partitionKey[0])) && /^[0-9a-f]{2}$/.test(String(s.partitionKey[1])));
    expect(partitionQueries.map((s) => s.container)).toEqual(['audit', 'audit', 'audit', 'audit']);
    const unscoped = queries.filter((s) => !partitionQueries.includes(s) && !(Array.isArray(s.partitionKey) && s.partitionKey.length === 1 && TENANT.test(String(s.partitionKey[0]))));
    expect(unscoped.length).toBeGreaterThan(0);
    expect(unscoped.filter((s) => !CROSS_TENANT.includes(s.query ?? ''))).toEqual([]);
    // And every tenant-scoped query filters the tenant in its text too (the stand-in ignores a query's partition key).
    expect(queries.filter((s) => !CROSS_TENANT.includes(s.query ?? '') && !/c\.tenantId = @tenantId/.test(s.query ?? ''))).toEqual([]);
  });
});
