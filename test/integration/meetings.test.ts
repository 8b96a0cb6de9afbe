import { MeetingOutcomesInput } from '../../functions/src/domain';
import { AuditTrail } from '../../functions/src/services/audit';
import { randomIds } from '../../functions/src/services/ids';
import { MeetingService } from '../../functions/src/services/meetings';
import type { MeetingRepository } from '../../functions/src/services/ports';
import { CosmosAuditRepository } from '../../functions/src/store/audit';
import { CosmosDealRepository } from '../../functions/src/store/deals';
import { CosmosMeetingRepository } from '../../functions/src/store/meetings';
import { inDays, TestApi } from '../support/harness';

let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(() => api.stop());

const meeting = (api: TestApi) => ({
  subject: 'Fabrikam pricing follow-up',
  start: inDays(api, -1),
  end: inDays(api, -1).replace('T17:', 'T18:'),
  organizer: { name: 'Priya Shah', email: 'priya.shah@northwind.example' },
  attendees: [
    { name: 'Priya Shah', email: 'priya.shah@northwind.example' },
    { name: 'Dana Whitfield', email: 'dana.whitfield@fabrikam.example' },
  ],
});

describe('meeting outcomes', () => {
  const key = 'AAMkAGI2TG93AAA=/with+odd/chars';

  it('captures a meeting and its items at once, linked to the deal', async () => {
    const fabrikam = api.host.demo.deals.find((d) => d.account === 'Fabrikam');
    const path = `/api/meetings/${encodeURIComponent(key)}/outcomes`;
    const captured = await api.call('POST', path, {
      as: 'priya',
      body: {
        meeting: meeting(api),
        dealId: fabrikam?.id,
        items: [
          { title: 'Send pricing to Dana', dueAt: inDays(api, 2), owner: { type: 'user', userId: api.user('priya').userId }, tags: ['next-step'] },
          { title: 'Share the security review', dueAt: inDays(api, 4), owner: { type: 'contact', name: 'Dana Whitfield', email: 'dana.whitfield@fabrikam.example' }, tags: ['map-milestone'] },
          { title: 'Line up a solutions engineer', dueAt: inDays(api, 1), owner: { type: 'user', userId: api.user('morgan').userId }, tags: ['internal'] },
        ],
      },
    });
    expect(captured.status).toBe(201);
    expect(captured.body.meeting).toMatchObject({ key, subject: 'Fabrikam pricing follow-up', dealId: fabrikam?.id, createdBy: api.user('priya').userId });
    expect(captured.body.items).toHaveLength(3);
    expect(captured.body.items.every((i: { meetingKey: string; dealId: string; source: string }) => i.meetingKey === key && i.dealId === fabrikam?.id && i.source === 'meeting')).toBe(true);
    expect(captured.body.items[1].accountableId).toBe(api.user('priya').userId);

    const read = await api.call('GET', `/api/meetings/${encodeURIComponent(key)}`, { as: 'priya' });
    expect(read.status).toBe(200);
    expect(read.body.items.map((i: { id: string }) => i.id).sort()).toEqual(captured.body.items.map((i: { id: string }) => i.id).sort());

    const listed = await api.call('GET', `/api/action-items?meetingKey=${encodeURIComponent(key)}`, { as: 'priya' });
    expect(listed.body.items).toHaveLength(3);
  });

  it('adds a second capture to the same meeting and keeps its deal', async () => {
    const again = await api.call('POST', `/api/meetings/${encodeURIComponent(key)}/outcomes`, {
      as: 'priya',
      body: { meeting: meeting(api), items: [{ title: 'Book the executive call', dueAt: inDays(api, 6), owner: { type: 'user', userId: api.user('priya').userId } }] },
    });
    expect(again.status).toBe(201);
    const fabrikam = api.host.demo.deals.find((d) => d.account === 'Fabrikam');
    expect(again.body.meeting.dealId).toBe(fabrikam?.id);
    expect(again.body.items[0].dealId).toBe(fabrikam?.id);
    const read = await api.call('GET', `/api/meetings/${encodeURIComponent(key)}`, { as: 'priya' });
    expect(read.body.items).toHaveLength(4);
  });

  it('shows attendees only the items they may see, and hides the meeting from outsiders', async () => {
    const asMorgan = await api.call('GET', `/api/meetings/${encodeURIComponent(key)}`, { as: 'morgan' });
    expect(asMorgan.status).toBe(200);
    expect(asMorgan.body.items).toHaveLength(4); // the manager sees Priya's items and the one he owns
    const asSam = await api.call('GET', `/api/meetings/${encodeURIComponent(key)}`, { as: 'sam' });
    expect(asSam.status).toBe(404);
    const asOtherTenant = await api.call('GET', `/api/meetings/${encodeURIComponent(key)}`, { as: 'alex' });
    expect(asOtherTenant.status).toBe(404);
  });

  it('replays a capture retried with the same Idempotency-Key without duplicating items', async () => {
    const body = {
      meeting: { ...meeting(api), subject: 'Retry me' },
      items: [{ title: 'Only once', dueAt: inDays(api, 3), owner: { type: 'user', userId: api.user('priya').userId } }],
    };
    const headers = { 'idempotency-key': 'capture-retry-1' };
    const first = await api.call('POST', '/api/meetings/retry-meeting/outcomes', { as: 'priya', body, headers });
    const second = await api.call('POST', '/api/meetings/retry-meeting/outcomes', { as: 'priya', body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const read = await api.call('GET', '/api/meetings/retry-meeting', { as: 'priya' });
    expect(read.body.items).toHaveLength(1);
  });
});

describe('one meeting, several people capturing on it', () => {
  const priyaDeal = () => api.host.demo.deals.find((d) => d.account === 'Fabrikam')!;
  const samDeal = () => api.host.demo.deals.find((d) => d.account === 'Wingtip Toys')!;
  const shared = (subject: string) => ({
    subject,
    start: inDays(api, -2),
    end: inDays(api, -2).replace('T17:', 'T18:'),
    organizer: { name: 'Priya Shah', email: 'priya.shah@northwind.example' },
    attendees: [
      { name: 'Priya Shah', email: 'priya.shah@northwind.example' },
      { name: 'Sam Carter', email: 'sam.carter@northwind.example' },
      { name: 'Dana Whitfield', email: 'dana.whitfield@fabrikam.example' },
    ],
  });
  const capture = (as: 'priya' | 'sam' | 'diego', key: string, body: object) => api.call('POST', `/api/meetings/${encodeURIComponent(key)}/outcomes`, { as, body });

  it("lets a colleague add items to a rep's meeting without rewriting it, and never onto a deal she cannot see", async () => {
    const key = 'ical-shared-1';
    const first = await capture('priya', key, { meeting: shared('Fabrikam security review'), dealId: priyaDeal().id, items: [{ title: 'Send the SOC 2 report', dueAt: inDays(api, 2), owner: { type: 'user', userId: api.user('priya').userId } }] });
    expect(first.status).toBe(201);

    // Sam was in the meeting. His copy says something else; he owns none of Priya's deals.
    expect((await api.call('GET', `/api/deals/${priyaDeal().id}`, { as: 'sam' })).status).toBe(404);
    const second = await capture('sam', key, {
      meeting: { ...shared('Sam renamed this'), attendees: [{ name: 'Sam Carter', email: 'sam.carter@northwind.example' }] },
      items: [
        { title: 'Chase Dana for the data map', dueAt: inDays(api, 3), owner: { type: 'contact', name: 'Dana Whitfield', email: 'dana.whitfield@fabrikam.example' } },
        { title: 'Draft the integration note', dueAt: inDays(api, 4), owner: { type: 'user', userId: api.user('sam').userId } },
      ],
    });
    expect(second.status).toBe(201);
    expect(second.body.meeting).toMatchObject({ key, subject: 'Fabrikam security review', createdBy: api.user('priya').userId, dealId: null });
    expect(second.body.items.map((i: { dealId: string | null; accountableId: string }) => [i.dealId, i.accountableId])).toEqual([
      [null, api.user('sam').userId],
      [null, api.user('sam').userId],
    ]);

    // The meeting is as Priya captured it; her view has her deal, and her items stay on it.
    const asPriya = await api.call('GET', `/api/meetings/${encodeURIComponent(key)}`, { as: 'priya' });
    expect(asPriya.body.meeting).toMatchObject({ subject: 'Fabrikam security review', dealId: priyaDeal().id });
    expect(asPriya.body.meeting.attendees).toHaveLength(3);
    expect(asPriya.body.items.map((i: { title: string }) => i.title)).toEqual(['Send the SOC 2 report']);
  });

  it('refuses a deal the caller cannot see when named, and lets an item go onto his own deal instead', async () => {
    const key = 'ical-shared-2';
    await capture('priya', key, { meeting: shared('Joint call'), dealId: priyaDeal().id, items: [] });
    const named = await capture('sam', key, { meeting: shared('Joint call'), dealId: priyaDeal().id, items: [{ title: 'X', dueAt: inDays(api, 2), owner: { type: 'user', userId: api.user('sam').userId } }] });
    expect(named.status).toBe(400);
    expect(named.body.errors.map((e: { path: string }) => e.path)).toEqual(['dealId']);

    const own = await capture('sam', key, { meeting: shared('Joint call'), dealId: samDeal().id, items: [{ title: 'Quote for Wingtip', dueAt: inDays(api, 2), owner: { type: 'user', userId: api.user('sam').userId } }] });
    expect(own.status).toBe(201);
    expect(own.body.items[0].dealId).toBe(samDeal().id);
    // The meeting's deal stays Priya's: only its owner moves it.
    const asPriya = await api.call('GET', `/api/meetings/${encodeURIComponent(key)}`, { as: 'priya' });
    expect(asPriya.body.meeting.dealId).toBe(priyaDeal().id);
  });

  it("lets the deal's owner move the meeting to another of her deals", async () => {
    const key = 'ical-shared-3';
    const litware = api.host.demo.deals.find((d) => d.account === 'Litware')!;
    await capture('priya', key, { meeting: shared('Which deal?'), dealId: priyaDeal().id, items: [] });
    const moved = await capture('priya', key, { meeting: shared('Which deal?'), dealId: litware.id, items: [] });
    expect(moved.status).toBe(201);
    expect(moved.body.meeting.dealId).toBe(litware.id);
  });

  it('converges on one meeting when two attendees capture at the same moment, and keeps every item', async () => {
    const key = 'ical-shared-race';
    const { store, verifier, directory, clock } = api.host.services;
    // Both captures read "no meeting yet" before either writes: the real repository, held at a barrier after get().
    const real = new CosmosMeetingRepository(store);
    let waiting: (() => void)[] = [];
    const barrier = () => new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (waiting.length === 2) {
        waiting.forEach((go) => go());
        waiting = [];
      }
    });
    let reads = 0;
    const racing: MeetingRepository = {
      get: async (tenantId, k) => {
        const found = await real.get(tenantId, k);
        if (++reads <= 2) await barrier();
        return found;
      },
      saveCapture: (write, items) => real.saveCapture(write, items),
      listItems: (tenantId, k) => real.listItems(tenantId, k),
      listLinkedToDeals: (tenantId, createdBy, limit) => real.listLinkedToDeals(tenantId, createdBy, limit),
    };
    const service = new MeetingService(racing, new CosmosDealRepository(store), directory, clock, new AuditTrail(new CosmosAuditRepository(store)));
    const viewer = async (who: 'priya' | 'sam') => directory.viewerFor(await verifier.verify(`Bearer ${await api.token(who)}`));
    const item = (title: string, who: 'priya' | 'sam') => ({ title, dueAt: inDays(api, 2), owner: { type: 'user' as const, userId: api.user(who).userId }, tags: [] });
    const input = (subject: string, items: ReturnType<typeof item>[], dealId?: string) => MeetingOutcomesInput.parse({ meeting: shared(subject), ...(dealId ? { dealId } : {}), items });

    const [a, b] = await Promise.all([
      service.captureOutcomes(await viewer('priya'), key, input('Raced', [item('Priya one', 'priya'), item('Priya two', 'priya')], priyaDeal().id), randomIds),
      service.captureOutcomes(await viewer('sam'), key, input('Raced', [item('Sam one', 'sam')]), randomIds),
    ]);
    expect(reads).toBeGreaterThanOrEqual(3); // the loser read the winner's meeting again
    expect([a.items.length, b.items.length]).toEqual([2, 1]);
    const stored = await api.call('GET', `/api/action-items?meetingKey=${encodeURIComponent(key)}`, { as: 'morgan' });
    expect(stored.body.items.map((i: { title: string }) => i.title).sort()).toEqual(['Priya one', 'Priya two', 'Sam one']);
    const meetingDocs = await store.container('items').then((c) =>
      c.items.query({ query: "SELECT * FROM c WHERE c.type = 'meeting' AND c.key = @key", parameters: [{ name: '@key', value: key }] }).fetchAll(),
    );
    expect(meetingDocs.resources).toHaveLength(1);
    // Whoever won the race created it; the other's capture did not rewrite it.
    expect([api.user('priya').userId, api.user('sam').userId]).toContain(meetingDocs.resources[0].createdBy);
  });
});
