import { TestApi } from '../support/harness';

/**
 * Tenant administration (`/api/tenant/*`) is for a tenant's Followthrough admins only. Every such route in the route
 * table — whatever is added later — refuses a rep and a manager with 403 before it reads a body or changes anything,
 * and an admin of one tenant never reaches another's data.
 */
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(() => api.stop());

const tenantRoutes = () => api.host.routes.filter((r) => r.route.startsWith('tenant/'));

/** A plausible path for each route: ids that exist (a colleague, an export id), so a 403 is about the caller alone. */
function pathOf(route: string): string {
  return `/api/${route.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (name === 'userId') return api.user('sam').userId;
    if (name === 'id') return '0a0b0c0d-0000-4000-8000-000000000001';
    if (name === 'kind') return 'items';
    throw new Error(`no value for {${name}} in ${route}`);
  })}`;
}

describe('/api/tenant/*', () => {
  it('is the admin area named in the issue: settings, leavers, erasure, exports and the audit trail', () => {
    expect(tenantRoutes().map((r) => `${r.methods.join('|')} ${r.route}`).sort()).toEqual([
      'GET tenant/audit',
      'GET tenant/exports/{id}',
      'GET tenant/exports/{id}/files/{kind}',
      'GET tenant/settings',
      'POST tenant/erasure',
      'POST tenant/exports',
      'PUT tenant/settings',
      'PUT tenant/users/{userId}/departure',
    ]);
  });

  it.each(['priya', 'morgan'] as const)('answers 403 to %s on every route and changes nothing', async (who) => {
    const before = await api.snapshot();
    for (const route of tenantRoutes()) {
      for (const method of route.methods) {
        const reply = await api.call(method, pathOf(route.route), {
          as: who,
          headers: { 'if-match': '*' },
          ...(method === 'GET' ? {} : { body: { email: 'dana.whitfield@fabrikam.example', retention: {}, reassignTo: api.user('morgan').userId } }),
        });
        expect({ route: `${method} ${route.route}`, status: reply.status, type: reply.headers.get('content-type') }).toEqual({ route: `${method} ${route.route}`, status: 403, type: expect.stringMatching(/^application\/problem\+json/) });
      }
    }
    expect(await api.snapshot()).toBe(before);
  });

  it("gives an admin of one tenant nothing of another's: a user of another tenant is 404, an export id of another tenant 404", async () => {
    const started = await api.call('POST', '/api/tenant/exports', { as: 'jordan' });
    expect(started.status).toBe(202);
    // Alex is Tailwind's manager, not an admin: the only admin in the demo is Northwind's Jordan.
    const foreignUser = await api.call('PUT', `/api/tenant/users/${api.user('casey').userId}/departure`, { as: 'jordan', body: {} });
    expect(foreignUser.status).toBe(404);
    const job = await api.call('GET', `/api/tenant/exports/${started.body.id}`, { as: 'jordan' });
    expect(job.status).toBe(200);
    const other = await api.call('GET', '/api/tenant/exports/0a0b0c0d-0000-4000-8000-000000000001', { as: 'jordan' });
    expect(other.status).toBe(404);
  });
});
