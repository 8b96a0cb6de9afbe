import { TestApi } from '../support/harness';

/** `GET|PUT /api/tenant/settings`: the tenant's retention periods, for its admins only, saved under If-Match. */
describe('tenant settings', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(() => api.stop());

  const DEFAULTS = { closedItemsMonths: 36, reviewsMonths: 36, closedDealsMonths: 36, departedUsersMonths: 36 };

  it('gives an admin the defaults at the version "defaults" until they are saved', async () => {
    const got = await api.call('GET', '/api/tenant/settings', { as: 'jordan' });
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"defaults"');
    expect(got.body).toEqual({ retention: DEFAULTS, updatedAt: null, updatedBy: null, etag: 'defaults' });
  });

  it('refuses everyone but a tenant admin with 403, whatever they send', async () => {
    for (const who of ['morgan', 'priya', 'alex'] as const) {
      expect((await api.call('GET', '/api/tenant/settings', { as: who })).status).toBe(403);
      // Not 428 for the missing If-Match, nor 400 for the body: the guard comes first.
      const put = await api.call('PUT', '/api/tenant/settings', { as: who, body: { retention: { closedItemsMonths: 'x' } } });
      expect(put.status).toBe(403);
      expect(put.body.title).toBe('Forbidden');
    }
    expect((await api.call('GET', '/api/tenant/settings')).status).toBe(401);
  });

  it('needs If-Match to save (428), and the version read (412)', async () => {
    const body = { retention: { closedItemsMonths: 24 } };
    expect((await api.call('PUT', '/api/tenant/settings', { as: 'jordan', body })).status).toBe(428);
    const stale = await api.call('PUT', '/api/tenant/settings', { as: 'jordan', body, headers: { 'if-match': '"not-the-version"' } });
    expect(stale.status).toBe(412);
    expect((await api.call('GET', '/api/tenant/settings', { as: 'jordan' })).body.retention).toEqual(DEFAULTS);
  });

  it('names every bad field with its path', async () => {
    const bad = await api.call('PUT', '/api/tenant/settings', {
      as: 'jordan',
      headers: { 'if-match': '"defaults"' },
      body: { retention: { closedItemsMonths: 0, reviewsMonths: 2.5, closedDealsMonths: 241, departedUsersMonths: '12', forever: true }, other: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'retention.closedItemsMonths', message: 'Must be at least 1 month' },
        { path: 'retention.reviewsMonths', message: 'Must be a whole number of months' },
        { path: 'retention.closedDealsMonths', message: 'Must be at most 240 months (20 years)' },
        { path: 'retention.departedUsersMonths', message: 'Must be a whole number of months from 1 to 240, or null to keep forever' },
        { path: 'retention.forever', message: 'Unknown field' },
        { path: 'other', message: 'Unknown field' },
      ]),
    );
    expect(bad.body.errors).toHaveLength(6);
  });

  it('saves the first settings against "defaults", then only against the version it read', async () => {
    api.clock.set(new Date('2026-12-01T09:00:00.000Z'));
    const first = await api.call('PUT', '/api/tenant/settings', {
      as: 'jordan',
      headers: { 'if-match': '"defaults"' },
      body: { retention: { closedItemsMonths: 24, reviewsMonths: null } },
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      retention: { closedItemsMonths: 24, reviewsMonths: null, closedDealsMonths: 36, departedUsersMonths: 36 },
      updatedAt: '2026-12-01T09:00:00.000Z',
      updatedBy: api.user('jordan').userId,
      etag: expect.any(String),
    });
    expect(first.headers.get('etag')).toBe(`"${first.body.etag}"`);

    // "defaults" is stale now: a second admin who read the defaults cannot overwrite the first's save.
    expect((await api.call('PUT', '/api/tenant/settings', { as: 'jordan', headers: { 'if-match': '"defaults"' }, body: {} })).status).toBe(412);

    const second = await api.call('PUT', '/api/tenant/settings', { as: 'jordan', headers: { 'if-match': first.headers.get('etag') as string }, body: { retention: { departedUsersMonths: 12 } } });
    expect(second.status).toBe(200);
    expect(second.body.retention).toEqual({ closedItemsMonths: 36, reviewsMonths: 36, closedDealsMonths: 36, departedUsersMonths: 12 });
    expect((await api.call('GET', '/api/tenant/settings', { as: 'jordan' })).body.retention).toEqual(second.body.retention);
  });

  it('keeps each tenant’s settings to itself, and out of the team list', async () => {
    // Alex is no admin; Tailwind's settings are its own defaults whatever Northwind saved.
    const tailwind = await api.host.services.tenantSettings.get({ ...(await api.host.services.directory.viewerFor({ tenantId: api.user('alex').tenantId, userId: api.user('alex').userId, displayName: 'Alex Rivera', email: api.user('alex').email, roles: ['admin'] })) });
    expect(tailwind.retention).toEqual(DEFAULTS);
    const teams = await api.call('GET', '/api/teams', { as: 'jordan' });
    expect(teams.body.items.map((t: { name: string }) => t.name)).toEqual(['East Enterprise']);
    expect((await api.call('GET', '/api/teams/tenant-settings', { as: 'jordan' })).status).toBe(404);
  });
});
