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
