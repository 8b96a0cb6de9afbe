import { ExpirySweep, expiringContainers } from '../../functions/local/expiry-sweep';
import { loadConfig } from '../../functions/src/platform/config';
import { NotificationDispatcher } from '../../functions/src/services/dispatch';
import { IdempotencyService } from '../../functions/src/services/idempotency';
import { DeliveryChannels } from '../../functions/src/services/delivery-policy';
import type { DeliveryChannel, DeliveryResult } from '../../functions/src/services/ports';
import { CosmosActionItemRepository } from '../../functions/src/store/action-items';
import { CosmosFollowUpRepository } from '../../functions/src/store/follow-up';
import { CosmosIdempotencyRepository } from '../../functions/src/store/idempotency';
import { CosmosNotificationRepository } from '../../functions/src/store/notifications';
import { inDays, TestApi } from '../support/harness';

const DAY = 86_400_000;

/**
 * What expires: notifications once final (sent, failed, cancelled), idempotency records after their last write. In
 * Azure a per-document `ttl` makes Cosmos DB delete them; the stand-in ignores TTL, so the local host's expiry sweep
 * does it, by the same rule (`_ts + ttl` has passed).
 */
describe('expiry', () => {
  let api: TestApi;
  beforeAll(async () => {
    // No demo data: every notification and record here is one the test made.
    api = await TestApi.start({ demo: false });
  });
  afterAll(() => api.stop());

  const raw = async (container: 'notifications' | 'idempotency') => {
    const c = await api.host.services.store.container(container);
    return (await c.items.query('SELECT * FROM c').fetchAll()).resources as { id: string; status?: string; ttl?: number; _ts: number }[];
  };

  it('reads the periods once from the settings, with defaults of 90 days and 24 hours', () => {
    const base = { COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/', AUTH_AUDIENCE: 'f1', AUTH_ALLOWED_TENANTS: 't1', GRAPH_CLIENT_ID: 'f1', TEAMS_APP_ID: 'b2' };
    expect(loadConfig(base).expiry).toEqual({ notificationSeconds: 7_776_000, idempotencySeconds: 86_400 });
    expect(loadConfig({ ...base, NOTIFICATION_RETENTION_DAYS: '30', IDEMPOTENCY_RETENTION_HOURS: '48' }).expiry).toEqual({ notificationSeconds: 2_592_000, idempotencySeconds: 172_800 });
    expect(() => loadConfig({ ...base, NOTIFICATION_RETENTION_DAYS: '0', IDEMPOTENCY_RETENTION_HOURS: 'a day' })).toThrow(/NOTIFICATION_RETENTION_DAYS: Must be at least 1 day\n {2}IDEMPOTENCY_RETENTION_HOURS: Must be a whole number of hours/);
  });

  it('turns TTL on, without a default, in exactly the containers whose documents expire', () => {
    expect(expiringContainers()).toEqual(['notifications', 'idempotency']);
  });

  it('gives an idempotency record its ttl when written (24 hours here; the period configured)', async () => {
    const priya = api.user('priya').userId;
    for (const key of ['exp-1', 'exp-2']) {
      const created = await api.call('POST', '/api/action-items', { as: 'priya', headers: { 'idempotency-key': key }, body: { title: `Expiring ${key}`, dueAt: inDays(api, 3), owner: { type: 'user', userId: priya } } });
      expect(created.status).toBe(201);
    }
    expect((await raw('idempotency')).map((r) => r.ttl)).toEqual([86_400, 86_400]);

    // The period comes from configuration: a service made with 2 hours writes 7,200 seconds.
    const twoHours = new IdempotencyService(new CosmosIdempotencyRepository(api.host.services.store), api.clock, 7_200);
    const viewer = await api.host.services.directory.viewerFor({ tenantId: api.user('priya').tenantId, userId: priya, displayName: 'Priya Shah', email: api.user('priya').email, roles: [] });
    await twoHours.run(viewer, 'exp-3', 'test-op', 'fp', async () => ({ status: 200, body: {} }));
    expect((await raw('idempotency')).map((r) => r.ttl).sort()).toEqual([7_200, 86_400, 86_400]);
  });

  it('gives a notification its ttl only when it becomes final: sent, failed or cancelled; never while pending', async () => {
    const priya = api.user('priya').userId;
    const store = api.host.services.store;
    const feed = (result: DeliveryResult): DeliveryChannel => ({ name: 'feed', deliver: async () => result });
    const dispatcher = (channel: DeliveryChannel, ttlSeconds?: number) =>
      new NotificationDispatcher(new CosmosNotificationRepository(store), new CosmosActionItemRepository(store), new CosmosFollowUpRepository(store), new DeliveryChannels([channel]), api.clock, ttlSeconds);
    const ok = feed({ ok: true, channel: 'feed' });
    // Items of Priya's due an hour ago, a few at a time: the sweep creates one reminder each, and the reminders of one
    // dispatch run go to her as one message with one outcome.
    const ids: Record<string, string> = {};
    const due = async (...titles: string[]) => {
      for (const title of titles) {
        const created = await api.call('POST', '/api/action-items', { as: 'priya', body: { title, dueAt: new Date(api.clock.now().getTime() - 3_600_000).toISOString(), owner: { type: 'user', userId: priya } } });
        ids[title] = created.body.id;
      }
      return (await api.host.services.overdueSweep.run()).notificationsCreated;
    };
    const byItem = async (title: string) => (await raw('notifications')).find((n) => (n as { itemId?: string }).itemId === ids[title]);
    const none = { sent: 0, retrying: 0, failed: 0, cancelled: 0, skipped: 0, deferred: 0, folded: 0 };

    expect(await due('Goes out')).toBe(1);
    expect((await raw('notifications')).map((n) => [n.status, n.ttl])).toEqual([['pending', undefined]]);
    // The default period: 90 days (what composition passes from NOTIFICATION_RETENTION_DAYS).
    expect(await dispatcher(ok).run()).toEqual({ ...none, examined: 1, sent: 1, messages: 1 });
    expect(await byItem('Goes out')).toMatchObject({ status: 'sent', ttl: 7_776_000 });

    expect(await due('Refused for good')).toBe(1);
    expect(await dispatcher(feed({ ok: false, retryable: false, error: 'refused' })).run()).toEqual({ ...none, examined: 1, failed: 1, messages: 0 });
    expect(await byItem('Refused for good')).toMatchObject({ status: 'failed', ttl: 7_776_000 });

    expect(await due('Graph is busy', 'Done before it went out')).toBe(2);
    await api.call('PATCH', `/api/action-items/${ids['Done before it went out']}`, { as: 'priya', headers: { 'if-match': '*' }, body: { status: 'done' } });
    expect(await dispatcher(feed({ ok: false, retryable: true, error: 'busy' })).run()).toEqual({ ...none, examined: 2, retrying: 1, cancelled: 1, messages: 0 });
    expect(await byItem('Done before it went out')).toMatchObject({ status: 'cancelled', ttl: 7_776_000 });
    const retrying = await byItem('Graph is busy');
    expect(retrying?.status).toBe('pending');
    expect(retrying?.ttl).toBeUndefined();

    // Another period configured (7 days): a fifth reminder, sent by a dispatcher made with it.
    expect(await due('Kept a week')).toBe(1);
    // The busy one is not due again yet (backoff): only the fifth goes out.
    expect((await dispatcher(ok, 604_800).run()).sent).toBe(1);
    expect(await byItem('Kept a week')).toMatchObject({ status: 'sent', ttl: 604_800 });
  });

  it('sweeps locally only what is past its ttl, in pages, and a sweep killed midway is finished by the next', async () => {
    const pending = (await raw('notifications')).filter((n) => n.status === 'pending').map((n) => n.id);
    expect(pending).toHaveLength(1);
    const sweep = new ExpirySweep(api.host.services.store, api.clock);

    // Nothing has expired yet.
    expect(await sweep.run()).toEqual({ examined: 0, deleted: 0 });

    // Three hours on: the 2-hour idempotency record has expired, nothing else.
    api.clock.advance(3 * 3_600_000);
    expect(await sweep.run()).toEqual({ examined: 1, deleted: 1 });
    expect((await raw('idempotency')).map((r) => r.ttl)).toEqual([86_400, 86_400]);

    // Eight days on: the two day-long records and the notification kept for 7 days.
    api.clock.advance(8 * DAY);
    expect(await sweep.run()).toEqual({ examined: 3, deleted: 3 });
    expect(await raw('idempotency')).toEqual([]);
    expect((await raw('notifications')).map((n) => n.status).sort()).toEqual(['cancelled', 'failed', 'pending', 'sent']);

    // 91 days on: the three final notifications kept for 90 days go — in pages of one, the sweep killed after two.
    api.clock.advance(83 * DAY);
    await expect(sweep.run({ pageSize: 1, failAfter: 2 })).rejects.toThrow('expiry-sweep: injected failure after 2 documents');
    expect(await raw('notifications')).toHaveLength(2);
    expect(await sweep.run({ pageSize: 1 })).toEqual({ examined: 1, deleted: 1 });

    // The pending notification is still there, however old: it expires only once final.
    expect((await raw('notifications')).map((n) => n.id)).toEqual(pending);
    expect(await sweep.run()).toEqual({ examined: 0, deleted: 0 });
  });

  it('runs as the local host’s timer, POST /admin/functions/expiry-sweep, and only there', async () => {
    const response = await fetch(`${api.host.baseUrl}/admin/functions/expiry-sweep`, { method: 'POST' });
    expect(response.status).toBe(202);
    expect(((await response.json()) as { summary: unknown }).summary).toEqual({ examined: 0, deleted: 0 });
    // Not in the table Azure registers: Cosmos DB's TTL does it there.
    const { followUpTimers } = await import('../../functions/src/timers/follow-up');
    const { tenantDataTimers } = await import('../../functions/src/timers/tenant-data');
    expect([...followUpTimers(api.host.services), ...tenantDataTimers(api.host.services)].map((t) => t.name)).not.toContain('expiry-sweep');
  });
});
