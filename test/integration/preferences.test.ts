import { TestApi } from '../support/harness';

const NOW = new Date('2026-11-24T10:00:00Z');

describe('GET|PUT /api/me/preferences', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({ now: NOW });
  });
  afterAll(() => api.stop());

  it('answers the defaults, in the user’s own zone, before anything was saved', async () => {
    const read = await api.call('GET', '/api/me/preferences', { as: 'priya' });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ channels: ['card', 'feed', 'email'], quietHours: null, digestOnly: false, timeZone: 'America/New_York', updatedAt: null, etag: expect.any(String) });
    expect(read.headers.get('etag')).toBe(`"${read.body.etag}"`);
  });

  it('replaces them with a PUT, If-Match or not, and reads them back', async () => {
    const before = await api.call('GET', '/api/me/preferences', { as: 'priya' });
    const mine = { channels: ['feed', 'card'], quietHours: { start: '22:00', end: '07:00' }, digestOnly: true };
    const put = await api.call('PUT', '/api/me/preferences', { as: 'priya', headers: { 'if-match': before.headers.get('etag')! }, body: mine });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ ...mine, timeZone: 'America/New_York', updatedAt: '2026-11-24T10:00:00.000Z', etag: expect.any(String) });
    expect(put.body.etag).not.toBe(before.body.etag);
    expect((await api.call('GET', '/api/me/preferences', { as: 'priya' })).body).toEqual(put.body);

    // Without If-Match: whatever is current is replaced; fields left out take their defaults.
    api.clock.advance(60_000);
    const blind = await api.call('PUT', '/api/me/preferences', { as: 'priya', body: { channels: ['email'] } });
    expect(blind.status).toBe(200);
    expect(blind.body).toEqual({ channels: ['email'], quietHours: null, digestOnly: false, timeZone: 'America/New_York', updatedAt: '2026-11-24T10:01:00.000Z', etag: expect.any(String) });
    // Stored on her user document, beside her name and zone.
    const user = await api.stored('users', api.user('priya').userId, api.user('priya').tenantId);
    expect(user.preferences).toEqual({ channels: ['email'], quietHours: null, digestOnly: false, updatedAt: '2026-11-24T10:01:00.000Z' });
    expect(user).toMatchObject({ type: 'user', displayName: 'Priya Shah', timeZone: 'America/New_York' });
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const current = await api.call('GET', '/api/me/preferences', { as: 'priya' });
    await api.call('PUT', '/api/me/preferences', { as: 'priya', headers: { 'if-match': current.headers.get('etag')! }, body: { channels: ['card'] } });
    const before = await api.snapshot();
    const stale = await api.call('PUT', '/api/me/preferences', { as: 'priya', headers: { 'if-match': current.headers.get('etag')! }, body: { channels: ['feed'] } });
    expect(stale.status).toBe(412);
    expect(await api.snapshot()).toBe(before);
    expect((await api.call('GET', '/api/me/preferences', { as: 'priya' })).body.channels).toEqual(['card']);
  });

  it('refuses bad input with 400 naming every bad field, and changes nothing', async () => {
    const before = await api.snapshot();
    const bad = await api.call('PUT', '/api/me/preferences', {
      as: 'priya',
      body: { channels: ['card', 'card', 'pager'], quietHours: { start: '25:00', end: '07:00' }, digestOnly: 'sometimes', sms: true },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['channels.2', 'digestOnly', 'quietHours.start', 'sms']);
    expect((await api.call('PUT', '/api/me/preferences', { as: 'priya', body: { channels: ['card', 'email', 'card'] } })).body.errors).toEqual([
      { path: 'channels.2', message: 'card is listed twice: give each channel once' },
    ]);
    expect((await api.call('PUT', '/api/me/preferences', { as: 'priya', body: { channels: [] } })).body.errors).toEqual([{ path: 'channels', message: 'Give at least one channel' }]);
    expect((await api.call('PUT', '/api/me/preferences', { as: 'priya', rawBody: 'channels=card' })).status).toBe(400);
    expect(await api.snapshot()).toBe(before);
  });

  it('is always the caller’s own: each user reads and writes theirs, nobody else’s', async () => {
    const priyas = await api.call('GET', '/api/me/preferences', { as: 'priya' });
    // Her manager and her tenant's admin get their own, not hers.
    for (const who of ['morgan', 'jordan', 'casey'] as const) {
      const theirs = await api.call('GET', '/api/me/preferences', { as: who });
      expect(theirs.status).toBe(200);
      expect(theirs.body).toMatchObject({ channels: ['card', 'feed', 'email'], quietHours: null, digestOnly: false });
      expect(theirs.body.etag).not.toBe(priyas.body.etag);
    }
    // A write with her version changes only the caller's own (and is stale for them).
    expect((await api.call('PUT', '/api/me/preferences', { as: 'morgan', headers: { 'if-match': priyas.headers.get('etag')! }, body: { digestOnly: true } })).status).toBe(412);
    await api.call('PUT', '/api/me/preferences', { as: 'morgan', body: { digestOnly: true } });
    expect((await api.call('GET', '/api/me/preferences', { as: 'priya' })).body).toEqual(priyas.body);
    // There is no path to anyone else's.
    expect((await api.call('GET', '/api/me/preferences?userId=' + api.user('priya').userId, { as: 'morgan' })).body.digestOnly).toBe(true);
    expect((await api.call('GET', '/api/me/preferences', {})).status).toBe(401);
  });

  it('records the change in the audit trail as the user’s own, through the API', async () => {
    const audit = await api.call('GET', '/api/tenant/audit?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z', { as: 'jordan' });
    const mine = audit.body.items.filter((e: { entity: { kind: string; id: string } }) => e.entity.kind === 'user' && e.entity.id === api.user('priya').userId);
    expect(mine.map((e: { via: string; action: string; changes: { field: string }[] }) => [e.via, e.action, e.changes.map((c) => c.field)])).toEqual([
      ['api', 'update', ['preferences']],
      ['api', 'update', ['preferences']],
      ['api', 'update', ['preferences']],
    ]);
    expect(mine[0].changes[0]).toEqual({ field: 'preferences', before: { channels: ['card', 'feed', 'email'], quietHours: null, digestOnly: false }, after: { channels: ['feed', 'card'], quietHours: { start: '22:00', end: '07:00' }, digestOnly: true } });
  });
});
