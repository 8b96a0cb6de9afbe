import { TestApi } from '../support/harness';

let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(() => api.stop());

describe('deals', () => {
  it('creates a deal owned by the caller with sensible defaults', async () => {
    const created = await api.call('POST', '/api/deals', { as: 'sam', body: { name: 'Robotics pilot', account: 'VanArsdel' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Robotics pilot', account: 'VanArsdel', stage: 'prospect', amount: 0, currency: 'USD', closeDate: null, ownerId: api.user('sam').userId });
    const read = await api.call('GET', `/api/deals/${created.body.id}`, { as: 'sam' });
    expect(read.body).toEqual(created.body);
  });

  it("lets a manager create a deal for a team member, and refuses a rep creating one for a teammate", async () => {
    const forPriya = await api.call('POST', '/api/deals', { as: 'morgan', body: { name: 'Expansion', account: 'Fabrikam', ownerId: api.user('priya').userId } });
    expect(forPriya.status).toBe(201);
    expect(forPriya.body.ownerId).toBe(api.user('priya').userId);
    const forDiego = await api.call('POST', '/api/deals', { as: 'priya', body: { name: 'Not mine', account: 'Litware', ownerId: api.user('diego').userId } });
    expect(forDiego.status).toBe(403);
  });

  it('lists deals by owner and stage, only those the caller may see', async () => {
    const mine = await api.call('GET', '/api/deals?ownerId=me&limit=200', { as: 'diego' });
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThanOrEqual(4);
    expect(mine.body.items.every((d: { ownerId: string }) => d.ownerId === api.user('diego').userId)).toBe(true);
    const names = mine.body.items.map((d: { name: string }) => d.name);
    expect(names).toEqual([...names].sort());

    const negotiating = await api.call('GET', '/api/deals?stage=negotiate&limit=200', { as: 'morgan' });
    const accounts = negotiating.body.items.map((d: { account: string }) => d.account).sort();
    expect(accounts).toEqual(['Adventure Works', 'Fabrikam', 'Wingtip Toys']);

    const teammate = await api.call('GET', `/api/deals?ownerId=${api.user('priya').userId}`, { as: 'diego' });
    expect(teammate.body.items).toEqual([]);
  });

  it('updates a deal with If-Match and answers the new version', async () => {
    const deal = api.host.demo.deals.find((d) => d.account === 'Litware');
    const read = await api.call('GET', `/api/deals/${deal?.id}`, { as: 'priya' });
    const updated = await api.call('PATCH', `/api/deals/${deal?.id}`, { as: 'priya', headers: { 'if-match': read.headers.get('etag') as string }, body: { stage: 'negotiate', amount: 52000 } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ stage: 'negotiate', amount: 52000 });
    expect(updated.body.etag).not.toBe(read.body.etag);
    const stale = await api.call('PATCH', `/api/deals/${deal?.id}`, { as: 'priya', headers: { 'if-match': read.headers.get('etag') as string }, body: { stage: 'lost' } });
    expect(stale.status).toBe(412);
    expect((await api.call('GET', `/api/deals/${deal?.id}`, { as: 'priya' })).body.stage).toBe('negotiate');
  });

  it("answers 404 for a teammate's deal and for another tenant's", async () => {
    const diegos = api.host.demo.deals.find((d) => d.account === 'Adventure Works');
    const tailwinds = api.host.demo.deals.find((d) => d.account === 'Relecloud');
    const teammate = await api.call('GET', `/api/deals/${diegos?.id}`, { as: 'priya' });
    const foreign = await api.call('GET', `/api/deals/${tailwinds?.id}`, { as: 'morgan' });
    const unknown = await api.call('GET', '/api/deals/00000000-0000-4000-a000-000000000000', { as: 'morgan' });
    expect([teammate.status, foreign.status, unknown.status]).toEqual([404, 404, 404]);
    expect(foreign.body.detail).toBe(unknown.body.detail);
  });
});

describe('deal suggestions for a meeting', () => {
  it('puts the deal of earlier meetings with the same people first, with the reason', async () => {
    const reply = await api.call('GET', `/api/deals/suggestions?emails=${encodeURIComponent('dana.whitfield@fabrikam.example,priya.shah@northwind.example')}`, { as: 'priya' });
    expect(reply.status).toBe(200);
    expect(reply.body.items[0].deal.account).toBe('Fabrikam');
    expect(reply.body.items[0].reason).toMatch(/^Met Dana Whitfield on \w+ \d+ \(Fabrikam/);
  });

  it('falls back to the company, and suggests nothing from deals the caller cannot see', async () => {
    const byCompany = await api.call('GET', `/api/deals/suggestions?emails=${encodeURIComponent('someone.new@litware.example')}`, { as: 'priya' });
    expect(byCompany.body.items.map((s: { deal: { account: string } }) => s.deal.account)).toEqual(['Litware']);
    const notMine = await api.call('GET', `/api/deals/suggestions?emails=${encodeURIComponent('rob.young@adventure-works.example')}`, { as: 'priya' });
    expect(notMine.body.items).toEqual([]);
    const bad = await api.call('GET', '/api/deals/suggestions?emails=nope', { as: 'priya' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toMatch(/^emails/);
  });
});
