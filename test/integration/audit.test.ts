import type { PluginConfig } from '@azure/cosmos';
import { AuditPageReply } from '../../functions/src/domain';
import { type DemoUserKey, TestApi } from '../support/harness';

/**
 * The audit trail: every change to an item, deal, team, traps and goals records who, when, which fields before →
 * after and through what; an item's history for whoever may see the item; the tenant's trail for its admins.
 * The clock is fixed, and moved a minute for each change, so every entry's `at` is written out.
 */
const NOW = new Date('2026-11-24T10:00:00.000Z');
const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ now: NOW });
});
afterAll(() => api.stop());

const NAMES: Record<string, string> = { priya: 'Priya Shah', morgan: 'Morgan Lee', sam: 'Sam Carter', diego: 'Diego Alvarez', jordan: 'Jordan Kim' };
const id = (key: DemoUserKey) => api.user(key).userId;
const by = (key: DemoUserKey) => ({ kind: 'user', userId: id(key), displayName: NAMES[key] });
const at = (iso: string) => api.clock.set(new Date(iso));
const etagOf = async (itemId: string, as: DemoUserKey) => (await api.call('GET', `/api/action-items/${itemId}`, { as })).headers.get('etag') as string;
const history = (itemId: string, as: DemoUserKey = 'priya') => api.call('GET', `/api/action-items/${itemId}/history`, { as });
const tenantAudit = (query: string, as: DemoUserKey = 'jordan') => api.call('GET', `/api/tenant/audit?${query}`, { as });
const patch = async (itemId: string, body: object, as: DemoUserKey = 'priya') => {
  const reply = await api.call('PATCH', `/api/action-items/${itemId}`, { as, body, headers: { 'if-match': await etagOf(itemId, as) } });
  expect(reply.status).toBe(200);
  return reply;
};

/** Every entry of the tenant's trail in a window, across its pages. */
async function allEntries(from: string, to: string, limit = 50): Promise<any[]> {
  const entries: any[] = [];
  let cursor: string | null = null;
  do {
    const reply: { status: number; body: { items: any[]; nextCursor: string | null } } = await tenantAudit(`from=${from}&to=${to}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(reply.status).toBe(200);
    entries.push(...reply.body.items);
    cursor = reply.body.nextCursor;
  } while (cursor);
  return entries;
}

let pricingId: string;

describe("an item's changes", () => {
  it('records its creation, an edit, a reschedule with its reason, a reassignment and its completion: who, when, what and through what', async () => {
    at('2026-11-24T10:00:00.000Z');
    const created = await api.call('POST', '/api/action-items', {
      as: 'priya',
      body: { title: 'Send pricing to Dana', dueAt: '2026-11-30T17:00:00Z', owner: { type: 'user', userId: id('priya') }, tags: ['next-step'] },
    });
    expect(created.status).toBe(201);
    pricingId = created.body.id;
    at('2026-11-24T10:01:00.000Z');
    await patch(pricingId, { title: 'Send tiered pricing to Dana', notes: 'Three tiers' });
    at('2026-11-24T10:02:00.000Z');
    await patch(pricingId, { dueAt: '2026-12-04T17:00:00Z', slip: { reason: 'buyer', note: 'Waiting on their budget call' } });
    at('2026-11-24T10:03:00.000Z');
    await patch(pricingId, { owner: { type: 'user', userId: id('sam') } });
    at('2026-11-24T10:04:00.000Z');
    await patch(pricingId, { status: 'done' });

    const reply = await history(pricingId);
    expect(reply.status).toBe(200);
    const entity = { kind: 'actionItem', id: pricingId };
    expect(reply.body).toEqual({
      items: [
        {
          id: UUID,
          entity,
          at: '2026-11-24T10:00:00.000Z',
          by: by('priya'),
          via: 'api',
          action: 'create',
          changes: [
            { field: 'title', before: null, after: 'Send pricing to Dana' },
            { field: 'owner', before: null, after: { type: 'user', userId: id('priya') } },
            { field: 'accountableId', before: null, after: id('priya') },
            { field: 'dueAt', before: null, after: '2026-11-30T17:00:00.000Z' },
            { field: 'status', before: null, after: 'open' },
            { field: 'tags', before: null, after: ['next-step'] },
            { field: 'source', before: null, after: 'manual' },
            { field: 'createdBy', before: null, after: id('priya') },
          ],
        },
        {
          id: UUID,
          entity,
          at: '2026-11-24T10:01:00.000Z',
          by: by('priya'),
          via: 'api',
          action: 'update',
          changes: [
            { field: 'title', before: 'Send pricing to Dana', after: 'Send tiered pricing to Dana' },
            { field: 'notes', before: null, after: 'Three tiers' },
          ],
        },
        {
          id: UUID,
          entity,
          at: '2026-11-24T10:02:00.000Z',
          by: by('priya'),
          via: 'api',
          action: 'update',
          changes: [
            { field: 'dueAt', before: '2026-11-30T17:00:00.000Z', after: '2026-12-04T17:00:00.000Z' },
            { field: 'slip', before: null, after: { reason: 'buyer', note: 'Waiting on their budget call' } },
          ],
        },
        {
          id: UUID,
          entity,
          at: '2026-11-24T10:03:00.000Z',
          by: by('priya'),
          via: 'api',
          action: 'reassign',
          changes: [
            { field: 'owner', before: { type: 'user', userId: id('priya') }, after: { type: 'user', userId: id('sam') } },
            { field: 'accountableId', before: id('priya'), after: id('sam') },
          ],
        },
        { id: UUID, entity, at: '2026-11-24T10:04:00.000Z', by: by('priya'), via: 'api', action: 'update', changes: [{ field: 'status', before: 'open', after: 'done' }] },
      ],
      nextCursor: null,
      people: { [id('priya')]: 'Priya Shah', [id('sam')]: 'Sam Carter' },
    });
    // The entries of one item live in its bucket (one logical partition): their ids start with the item's two digits.
    expect(reply.body.items.every((e: { id: string }) => e.id.slice(0, 2) === pricingId.slice(0, 2))).toBe(true);
    expect(() => AuditPageReply.parse(reply.body)).not.toThrow();
  });

  it('records a deletion; the deleted item has no history to show, the tenant audit still lists it', async () => {
    at('2026-11-24T10:05:00.000Z');
    const gone = await api.call('DELETE', `/api/action-items/${pricingId}`, { as: 'priya', headers: { 'if-match': await etagOf(pricingId, 'priya') } });
    expect(gone.status).toBe(204);
    expect((await history(pricingId)).status).toBe(404);
    expect(await allEntries('2026-11-24T10:05:00Z', '2026-11-24T10:06:00Z')).toEqual([
      { id: UUID, entity: { kind: 'actionItem', id: pricingId }, at: '2026-11-24T10:05:00.000Z', by: by('priya'), via: 'api', action: 'delete', changes: [{ field: 'deleted', before: false, after: true }] },
    ]);
  });

  it('records the items of a capture as captured in the meeting, once even when the capture is retried with its Idempotency-Key', async () => {
    at('2026-11-24T10:10:00.000Z');
    const fabrikam = api.host.demo.deals.find((d) => d.account === 'Fabrikam')!;
    const body = {
      meeting: { subject: 'Audit capture', start: '2026-11-24T09:00:00Z', end: '2026-11-24T09:30:00Z', attendees: [{ name: 'Dana Whitfield', email: 'dana@fabrikam.example' }] },
      dealId: fabrikam.id,
      items: [
        { title: 'Share the security questionnaire', dueAt: '2026-11-27T17:00:00Z', owner: { type: 'user', userId: id('priya') } },
        { title: 'Return the signed order form', dueAt: '2026-12-01T17:00:00Z', owner: { type: 'contact', name: 'Dana Whitfield', email: 'dana@fabrikam.example' } },
      ],
    };
    const first = await api.call('POST', '/api/meetings/audit-capture/outcomes', { as: 'priya', body, headers: { 'idempotency-key': 'audit-capture-1' } });
    expect(first.status).toBe(201);
    const again = await api.call('POST', '/api/meetings/audit-capture/outcomes', { as: 'priya', body, headers: { 'idempotency-key': 'audit-capture-1' } });
    expect(again.body.items.map((i: { id: string }) => i.id)).toEqual(first.body.items.map((i: { id: string }) => i.id));
    const [ours, theirs] = first.body.items as { id: string }[];

    expect((await history(ours!.id)).body.items).toEqual([
      {
        id: UUID,
        entity: { kind: 'actionItem', id: ours!.id },
        at: '2026-11-24T10:10:00.000Z',
        by: by('priya'),
        via: 'api',
        action: 'create',
        changes: [
          { field: 'title', before: null, after: 'Share the security questionnaire' },
          { field: 'owner', before: null, after: { type: 'user', userId: id('priya') } },
          { field: 'accountableId', before: null, after: id('priya') },
          { field: 'dueAt', before: null, after: '2026-11-27T17:00:00.000Z' },
          { field: 'status', before: null, after: 'open' },
          { field: 'dealId', before: null, after: fabrikam.id },
          { field: 'meetingKey', before: null, after: 'audit-capture' },
          { field: 'source', before: null, after: 'meeting' },
          { field: 'createdBy', before: null, after: id('priya') },
        ],
      },
    ]);
    expect((await history(theirs!.id)).body.items.map((e: any) => [e.action, e.changes.find((c: any) => c.field === 'owner').after])).toEqual([
      ['create', { type: 'contact', name: 'Dana Whitfield', email: 'dana@fabrikam.example' }],
    ]);
  });

  it("records a review's commitments as created by the manager who held it", async () => {
    at('2026-11-24T10:20:00.000Z');
    const team = api.host.demo.teams.find((t) => t.name === 'East Enterprise')!;
    const held = await api.call('POST', '/api/reviews', {
      as: 'morgan',
      body: { teamId: team.id, repId: id('priya'), commitments: [{ title: 'Book two first meetings', dueAt: '2026-11-28T17:00:00Z', owner: { type: 'user', userId: id('priya') }, tags: ['prospecting'] }] },
    });
    expect(held.status).toBe(201);
    const commitment = held.body.items[0].id as string;
    const reply = await history(commitment, 'priya');
    expect(reply.body.items).toEqual([
      {
        id: UUID,
        entity: { kind: 'actionItem', id: commitment },
        at: '2026-11-24T10:20:00.000Z',
        by: by('morgan'),
        via: 'api',
        action: 'create',
        changes: [
          { field: 'title', before: null, after: 'Book two first meetings' },
          { field: 'owner', before: null, after: { type: 'user', userId: id('priya') } },
          { field: 'accountableId', before: null, after: id('priya') },
          { field: 'dueAt', before: null, after: '2026-11-28T17:00:00.000Z' },
          { field: 'status', before: null, after: 'open' },
          { field: 'tags', before: null, after: ['prospecting', 'review-commitment'] },
          { field: 'source', before: null, after: 'review' },
          { field: 'reviewId', before: null, after: held.body.review.id },
          { field: 'createdBy', before: null, after: id('morgan') },
        ],
      },
    ]);
    expect(reply.body.people).toEqual({ [id('priya')]: 'Priya Shah', [id('morgan')]: 'Morgan Lee' });
  });
});

describe('deals, teams, traps and goals', () => {
  it('records a deal created and changed', async () => {
    at('2026-11-24T10:30:00.000Z');
    const deal = await api.call('POST', '/api/deals', { as: 'priya', body: { name: 'Audit pilot', account: 'Contoso', amount: 1000 } });
    expect(deal.status).toBe(201);
    at('2026-11-24T10:31:00.000Z');
    const changed = await api.call('PATCH', `/api/deals/${deal.body.id}`, { as: 'priya', body: { stage: 'qualify', amount: 2500 }, headers: { 'if-match': deal.headers.get('etag') as string } });
    expect(changed.status).toBe(200);
    const entity = { kind: 'deal', id: deal.body.id };
    expect(await allEntries('2026-11-24T10:30:00Z', '2026-11-24T10:32:00Z')).toEqual([
      {
        id: UUID,
        entity,
        at: '2026-11-24T10:30:00.000Z',
        by: by('priya'),
        via: 'api',
        action: 'create',
        changes: [
          { field: 'name', before: null, after: 'Audit pilot' },
          { field: 'account', before: null, after: 'Contoso' },
          { field: 'stage', before: null, after: 'prospect' },
          { field: 'amount', before: null, after: 1000 },
          { field: 'currency', before: null, after: 'USD' },
          { field: 'ownerId', before: null, after: id('priya') },
          { field: 'createdBy', before: null, after: id('priya') },
        ],
      },
      {
        id: UUID,
        entity,
        at: '2026-11-24T10:31:00.000Z',
        by: by('priya'),
        via: 'api',
        action: 'update',
        changes: [
          { field: 'stage', before: 'prospect', after: 'qualify' },
          { field: 'amount', before: 1000, after: 2500 },
        ],
      },
    ]);
  });

  it('records a team created and changed by an admin, its traps set by its manager, and its goals created and changed', async () => {
    at('2026-11-24T10:40:00.000Z');
    const team = await api.call('POST', '/api/teams', { as: 'jordan', body: { name: 'Audit team', managerId: id('morgan'), memberIds: [id('diego')] } });
    expect(team.status).toBe(201);
    const teamId = team.body.id as string;
    at('2026-11-24T10:41:00.000Z');
    expect((await api.call('PATCH', `/api/teams/${teamId}`, { as: 'jordan', body: { name: 'Audit team West' }, headers: { 'if-match': team.headers.get('etag') as string } })).status).toBe(200);
    at('2026-11-24T10:42:00.000Z');
    const traps = await api.call('GET', `/api/teams/${teamId}/traps`, { as: 'morgan' });
    const saved = await api.call('PUT', `/api/teams/${teamId}/traps`, { as: 'morgan', body: { ...traps.body, weeklyProspectingTarget: 7 }, headers: { 'if-match': traps.headers.get('etag') as string } });
    expect(saved.status).toBe(200);
    at('2026-11-24T10:43:00.000Z');
    const goals = await api.call('PUT', `/api/teams/${teamId}/goals`, { as: 'morgan', body: { quotas: [{ repId: id('diego'), quarter: '2026-Q4', amount: 100000 }] } });
    expect(goals.status).toBe(200);
    at('2026-11-24T10:44:00.000Z');
    const raised = await api.call('PUT', `/api/teams/${teamId}/goals`, { as: 'morgan', body: { quotas: [{ repId: id('diego'), quarter: '2026-Q4', amount: 120000 }] }, headers: { 'if-match': goals.headers.get('etag') as string } });
    expect(raised.status).toBe(200);

    const reply = await tenantAudit('from=2026-11-24T10:40:00Z&to=2026-11-24T10:45:00Z');
    expect(reply.body.items).toEqual([
      {
        id: UUID,
        entity: { kind: 'team', id: teamId },
        at: '2026-11-24T10:40:00.000Z',
        by: by('jordan'),
        via: 'api',
        action: 'create',
        changes: [
          { field: 'name', before: null, after: 'Audit team' },
          { field: 'managerId', before: null, after: id('morgan') },
          { field: 'memberIds', before: null, after: [id('diego')] },
        ],
      },
      {
        id: UUID,
        entity: { kind: 'traps', id: teamId },
        at: '2026-11-24T10:40:00.000Z',
        by: by('jordan'),
        via: 'api',
        action: 'create',
        changes: [
          {
            field: 'ladder',
            before: null,
            after: [
              { afterDays: 0, action: 'remind-owner' },
              { afterDays: 2, action: 'remind-owner' },
              { afterDays: 3, action: 'notify-manager' },
              { afterDays: 7, action: 'flag-agenda' },
            ],
          },
          { field: 'nextStepWithinDays', before: null, after: 14 },
          { field: 'staleDealDays', before: null, after: 21 },
          { field: 'weeklyProspectingTarget', before: null, after: 5 },
          { field: 'snoozeLimit', before: null, after: 3 },
          { field: 'digest', before: null, after: { repDailyHour: 8, managerWeeklyDay: 'mon', managerWeeklyHour: 8 } },
        ],
      },
      { id: UUID, entity: { kind: 'team', id: teamId }, at: '2026-11-24T10:41:00.000Z', by: by('jordan'), via: 'api', action: 'update', changes: [{ field: 'name', before: 'Audit team', after: 'Audit team West' }] },
      { id: UUID, entity: { kind: 'traps', id: teamId }, at: '2026-11-24T10:42:00.000Z', by: by('morgan'), via: 'api', action: 'update', changes: [{ field: 'weeklyProspectingTarget', before: 5, after: 7 }] },
      {
        id: UUID,
        entity: { kind: 'goals', id: teamId },
        at: '2026-11-24T10:43:00.000Z',
        by: by('morgan'),
        via: 'api',
        action: 'create',
        changes: [{ field: 'quotas', before: null, after: [{ repId: id('diego'), quarter: '2026-Q4', amount: 100000 }] }],
      },
      {
        id: UUID,
        entity: { kind: 'goals', id: teamId },
        at: '2026-11-24T10:44:00.000Z',
        by: by('morgan'),
        via: 'api',
        action: 'update',
        changes: [{ field: 'quotas', before: [{ repId: id('diego'), quarter: '2026-Q4', amount: 100000 }], after: [{ repId: id('diego'), quarter: '2026-Q4', amount: 120000 }] }],
      },
    ]);
    // The names of everyone the entries name, from the directory; never an email.
    expect(reply.body.people).toEqual({ [id('jordan')]: 'Jordan Kim', [id('morgan')]: 'Morgan Lee', [id('diego')]: 'Diego Alvarez' });
  });

  it('records nothing for a change that changes nothing', async () => {
    at('2026-11-24T10:50:00.000Z');
    const item = await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Unchanged', dueAt: '2026-11-30T17:00:00Z', owner: { type: 'user', userId: id('priya') } } });
    at('2026-11-24T10:51:00.000Z');
    await patch(item.body.id, { title: 'Unchanged' });
    expect((await history(item.body.id)).body.items.map((e: { action: string }) => e.action)).toEqual(['create']);
  });
});

describe('who may read the trail', () => {
  it("shows an item's history to whoever may see the item: its owner, their manager, an admin; to anyone else it does not exist", async () => {
    at('2026-11-24T11:00:00.000Z');
    const item = await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Visible to few', dueAt: '2026-11-30T17:00:00Z', owner: { type: 'user', userId: id('priya') } } });
    for (const who of ['priya', 'morgan', 'jordan'] as const) {
      const reply = await history(item.body.id, who);
      expect([who, reply.status, reply.body.items.length]).toEqual([who, 200, 1]);
    }
    for (const who of ['diego', 'casey'] as const) {
      const reply = await history(item.body.id, who);
      expect([who, reply.status, reply.headers.get('content-type')]).toEqual([who, 404, 'application/problem+json']);
    }
    expect((await history('9f1c0a52-7d2e-4c3b-8a41-6b5e2f0d9c11')).status).toBe(404);
    expect((await history('not an id!')).status).toBe(404);
  });

  it("lists the tenant's audit for its admins only: a rep or a manager of either tenant gets 403", async () => {
    expect((await tenantAudit('', 'jordan')).status).toBe(200);
    for (const who of ['priya', 'morgan', 'casey', 'alex'] as const) {
      const reply = await tenantAudit('', who);
      expect([who, reply.status, reply.body.title]).toEqual([who, 403, 'Forbidden']);
    }
  });

  it('refuses a window that is not one: not an instant, outside 2000–2100, to not after from', async () => {
    const cases: [string, { path: string; message: string }[]][] = [
      ['from=yesterday', [{ path: 'from', message: 'Must be a date and time with an offset, e.g. 2026-11-24T17:00:00Z' }]],
      ['from=1999-12-31T00:00:00Z', [{ path: 'from', message: 'Must be between 2000-01-01 and 2100-12-31' }]],
      ['to=2101-01-01T00:00:00Z', [{ path: 'to', message: 'Must be between 2000-01-01 and 2100-12-31' }]],
      ['from=2026-11-24T10:00:00Z&to=2026-11-24T10:00:00Z', [{ path: 'to', message: 'Must be later than from' }]],
      ['from=2026-11-24T10:00:00Z&to=2026-11-23T10:00:00Z', [{ path: 'to', message: 'Must be later than from' }]],
      ['from=2030-01-01T00:00:00Z', [{ path: 'from', message: 'Must be earlier than to (now, when to is left out)' }]],
      ['since=2026-11-01T00:00:00Z', [{ path: 'since', message: 'Unknown field' }]],
    ];
    for (const [query, errors] of cases) {
      const reply = await tenantAudit(query);
      expect([query, reply.status, reply.body.errors]).toEqual([query, 400, errors]);
    }
  });

  it('pages the tenant audit with cursors, oldest first, and refuses a cursor of another list or window', async () => {
    const entries: any[] = [];
    const pages: number[] = [];
    let cursor: string | null = null;
    do {
      const reply: any = await tenantAudit(`from=2026-11-24T10:00:00Z&to=2026-11-24T10:06:00Z&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(reply.status).toBe(200);
      pages.push(reply.body.items.length);
      entries.push(...reply.body.items);
      cursor = reply.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual([2, 2, 2]);
    expect(entries.map((e) => [e.at, e.action])).toEqual([
      ['2026-11-24T10:00:00.000Z', 'create'],
      ['2026-11-24T10:01:00.000Z', 'update'],
      ['2026-11-24T10:02:00.000Z', 'update'],
      ['2026-11-24T10:03:00.000Z', 'reassign'],
      ['2026-11-24T10:04:00.000Z', 'update'],
      ['2026-11-24T10:05:00.000Z', 'delete'],
    ]);

    const first = await tenantAudit('from=2026-11-24T10:00:00Z&to=2026-11-24T10:06:00Z&limit=2');
    const ofItems = await api.call('GET', '/api/action-items?limit=1', { as: 'jordan' });
    const invalid = [{ path: 'cursor', message: 'Not a cursor from this list; start again without it' }];
    for (const query of [
      `from=2026-11-24T10:00:00Z&to=2026-11-24T10:06:00Z&limit=2&cursor=${encodeURIComponent(ofItems.body.nextCursor)}`,
      `from=2026-11-24T10:00:00Z&to=2026-11-24T10:07:00Z&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    ]) {
      const reply = await tenantAudit(query);
      expect([reply.status, reply.body.errors]).toEqual([400, invalid]);
    }
    // Nor does the tenant audit's cursor open another list.
    const asItems = await api.call('GET', `/api/action-items?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, { as: 'jordan' });
    expect([asItems.status, asItems.body.errors]).toEqual([400, invalid]);
  });

  it('defaults to the last 30 days up to now, and keeps the window of the first page on the next ones', async () => {
    at('2026-10-24T09:00:00.000Z');
    const old = await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'From October', dueAt: '2026-10-30T17:00:00Z', owner: { type: 'user', userId: id('priya') } } });
    at('2026-11-24T12:00:00.000Z');
    const now = await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Just now', dueAt: '2026-11-30T17:00:00Z', owner: { type: 'user', userId: id('priya') } } });
    const listed: any[] = [];
    let reply = await tenantAudit('limit=3');
    listed.push(...reply.body.items);
    while (reply.body.nextCursor) {
      // Time moves on between pages; the cursor keeps the first page's window.
      api.clock.advance(60_000);
      reply = await tenantAudit(`limit=3&cursor=${encodeURIComponent(reply.body.nextCursor)}`);
      expect(reply.status).toBe(200);
      listed.push(...reply.body.items);
    }
    const entityIds = listed.map((e) => e.entity.id);
    expect(entityIds).toContain(now.body.id);
    expect(entityIds).toContain(pricingId);
    expect(entityIds).not.toContain(old.body.id);
    expect(listed.map((e) => e.at)).toEqual([...listed.map((e) => e.at)].sort());
    expect(listed.every((e) => e.at >= '2026-10-25T12:00:00.000Z' && e.at <= '2026-11-24T12:00:00.000Z')).toBe(true);
    expect((await tenantAudit('from=2026-10-01T00:00:00Z&to=2026-10-25T00:00:00Z')).body.items.map((e: any) => e.entity.id)).toEqual([old.body.id]);
  });
});

describe('the overdue sweep', () => {
  it('records the ladder step it took, once per item per run, by the system through the timer; a replayed or concurrent sweep records nothing twice', async () => {
    at('2026-11-25T12:00:00.000Z');
    const item = await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Chase the signed MSA', dueAt: '2026-11-25T11:00:00Z', owner: { type: 'user', userId: id('priya') } } });
    const { overdueSweep } = api.host.services;
    await overdueSweep.run();
    await overdueSweep.run();
    at('2026-11-27T12:00:00.000Z');
    await Promise.all([overdueSweep.run(), overdueSweep.run()]);

    const sweep = { kind: 'system', name: 'overdue-sweep' };
    const entity = { kind: 'actionItem', id: item.body.id };
    expect((await history(item.body.id)).body.items.slice(1)).toEqual([
      { id: UUID, entity, at: '2026-11-25T12:00:00.000Z', by: sweep, via: 'timer', action: 'update', changes: [{ field: 'nudge', before: null, after: { step: 0, action: 'remind-owner', outcome: 'taken' } }] },
      { id: UUID, entity, at: '2026-11-27T12:00:00.000Z', by: sweep, via: 'timer', action: 'update', changes: [{ field: 'nudge', before: null, after: { step: 1, action: 'remind-owner', outcome: 'taken' } }] },
    ]);
  });
});

describe('an audit write that fails', () => {
  let faulty: TestApi;
  /** While set, every write to the audit container answers 503, as a throttled or failing-over database would. */
  let auditDown = false;
  const faults: PluginConfig = {
    on: 'request',
    plugin: async (context, _node, next) => {
      if (auditDown && context.resourceType === 'docs' && /colls\/audit(\/|$)/.test(context.path ?? '') && context.operationType !== 'read' && context.operationType !== 'query') {
        throw Object.assign(new Error('Service unavailable (injected)'), { code: 503, headers: {} });
      }
      return next(context);
    },
  };
  beforeAll(async () => {
    faulty = await TestApi.start({ now: NOW, cosmosPlugins: [faults] });
  });
  afterAll(() => faulty.stop());

  it('keeps the change and answers 503 saying so; the create retried with its Idempotency-Key records it once', async () => {
    const body = { title: 'Survives an audit outage', dueAt: '2026-11-30T17:00:00Z', owner: { type: 'user', userId: faulty.user('priya').userId } };
    auditDown = true;
    const failed = await faulty.call('POST', '/api/action-items', { as: 'priya', body, headers: { 'idempotency-key': 'audit-outage-1' } });
    auditDown = false;
    expect([failed.status, failed.body.detail]).toEqual([503, 'Your change was saved, but the audit trail could not record it yet. Retry shortly.']);
    expect(failed.headers.get('retry-after')).toBe('1');

    faulty.clock.advance(60_000);
    const retried = await faulty.call('POST', '/api/action-items', { as: 'priya', body, headers: { 'idempotency-key': 'audit-outage-1' } });
    expect(retried.status).toBe(201);
    const again = await faulty.call('POST', '/api/action-items', { as: 'priya', body, headers: { 'idempotency-key': 'audit-outage-1' } });
    expect(again.body.id).toBe(retried.body.id);
    const reply = await faulty.call('GET', `/api/action-items/${retried.body.id}/history`, { as: 'priya' });
    // One entry, stamped with the item's creation (not the retry's minute).
    expect(reply.body.items.map((e: any) => [e.action, e.at])).toEqual([['create', '2026-11-24T10:00:00.000Z']]);
  });

  it('records a deal and a team created during the outage once their creates are retried with the same keys', async () => {
    faulty.clock.set(new Date('2026-11-24T11:00:00.000Z'));
    const deal = { name: 'Outage pilot', account: 'Contoso' };
    const team = { name: 'Outage team', managerId: faulty.user('morgan').userId, memberIds: [] };
    auditDown = true;
    const failed = [
      await faulty.call('POST', '/api/deals', { as: 'priya', body: deal, headers: { 'idempotency-key': 'audit-outage-deal' } }),
      await faulty.call('POST', '/api/teams', { as: 'jordan', body: team, headers: { 'idempotency-key': 'audit-outage-team' } }),
    ];
    auditDown = false;
    expect(failed.map((r) => r.status)).toEqual([503, 503]);
    faulty.clock.advance(60_000);
    const retried = [
      await faulty.call('POST', '/api/deals', { as: 'priya', body: deal, headers: { 'idempotency-key': 'audit-outage-deal' } }),
      await faulty.call('POST', '/api/teams', { as: 'jordan', body: team, headers: { 'idempotency-key': 'audit-outage-team' } }),
    ];
    expect(retried.map((r) => r.status)).toEqual([201, 201]);
    const trail = await faulty.call('GET', '/api/tenant/audit?from=2026-11-24T11:00:00Z&to=2026-11-24T11:05:00Z', { as: 'jordan' });
    expect(trail.body.items.map((e: any) => [e.entity.kind, e.entity.id, e.action, e.at])).toEqual([
      ['deal', retried[0]!.body.id, 'create', '2026-11-24T11:00:00.000Z'],
      ['team', retried[1]!.body.id, 'create', '2026-11-24T11:00:00.000Z'],
      ['traps', retried[1]!.body.id, 'create', '2026-11-24T11:00:00.000Z'],
    ]);
  });

  it('leaves a PATCH applied when its entry cannot be written (the documented gap), and a retry with the old If-Match gets 412', async () => {
    const item = await faulty.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Before', dueAt: '2026-11-30T17:00:00Z', owner: { type: 'user', userId: faulty.user('priya').userId } } });
    const ifMatch = item.headers.get('etag') as string;
    auditDown = true;
    const failed = await faulty.call('PATCH', `/api/action-items/${item.body.id}`, { as: 'priya', body: { title: 'After' }, headers: { 'if-match': ifMatch } });
    auditDown = false;
    expect(failed.status).toBe(503);
    expect((await faulty.call('GET', `/api/action-items/${item.body.id}`, { as: 'priya' })).body.title).toBe('After');
    expect((await faulty.call('PATCH', `/api/action-items/${item.body.id}`, { as: 'priya', body: { title: 'After' }, headers: { 'if-match': ifMatch } })).status).toBe(412);
    const reply = await faulty.call('GET', `/api/action-items/${item.body.id}/history`, { as: 'priya' });
    expect(reply.body.items.map((e: any) => e.action)).toEqual(['create']);
  });
});
