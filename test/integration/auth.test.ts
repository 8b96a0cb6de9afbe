import { randomUUID } from 'node:crypto';
import { base64url, decodeJwt, exportSPKI, generateKeyPair, importJWK, type JWTPayload, SignJWT } from 'jose';
import { inDays, type Reply, TestApi } from '../support/harness';

/**
 * Every protected function refuses a missing, malformed or untrusted bearer token with 401 problem+json and a
 * `WWW-Authenticate: Bearer …` challenge, before it reads or writes anything.
 */

let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(() => api.stop());

const nowSeconds = () => Math.floor(Date.now() / 1000);

function expectUnauthorized(reply: Reply, what = ''): void {
  expect({ what, status: reply.status }).toEqual({ what, status: 401 });
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
  expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  expect(reply.body).toEqual(
    expect.objectContaining({ type: expect.stringMatching(/\S/), title: expect.stringMatching(/\S/), status: 401, detail: expect.stringMatching(/\S/) }),
  );
}

/** A request body each route would accept from an authorized caller, so a 401 is about the token alone. */
function bodyFor(routeName: string): unknown {
  const priya = api.user('priya').userId;
  switch (routeName) {
    case 'action-items-create':
      return { title: 'Forged item', dueAt: inDays(api, 2), owner: { type: 'user', userId: priya } };
    case 'action-items-update':
      return { title: 'Forged change' };
    case 'deals-create':
      return { name: 'Forged deal', account: 'Forged Inc' };
    case 'deals-update':
      return { name: 'Forged change' };
    case 'teams-create':
      return { name: 'Forged team', memberIds: [priya] };
    case 'teams-update':
      return { name: 'Forged change' };
    case 'teams-traps-replace':
      return { weeklyProspectingTarget: 0 };
    case 'teams-goals-replace':
      return { quotas: [] };
    case 'reviews-create':
      return { teamId: api.host.demo.teams[0]?.id, repId: priya, notes: 'Forged review' };
    case 'meetings-outcomes-capture':
      return {
        meeting: { subject: 'Forged', start: inDays(api, -1).replace('T17:', 'T15:'), end: inDays(api, -1), attendees: [] },
        items: [{ title: 'Forged item', dueAt: inDays(api, 2), owner: { type: 'user', userId: priya } }],
      };
    default:
      return {};
  }
}

/** A real value for each path parameter: priya's own deal, item and meeting. */
function fillPath(route: string): string {
  const priya = api.user('priya').userId;
  const item = api.host.demo.items.find((i) => i.accountableId === priya && i.status === 'open' && !i.deleted);
  const deal = api.host.demo.deals.find((d) => d.ownerId === priya);
  const meeting = api.host.demo.meetings.find((m) => m.createdBy === priya);
  if (!item || !deal || !meeting) throw new Error('demo data: priya has no open item, deal or meeting');
  return `/api/${route.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (name === 'meetingKey') return encodeURIComponent(meeting.key);
    if (name === 'id' && route.startsWith('reviews/')) return api.host.demo.reviews[0]?.id ?? 'no-review';
    if (name === 'id') return route.startsWith('deals/') ? deal.id : item.id;
    if (name === 'teamId') return api.host.demo.teams.find((t) => t.memberIds.includes(priya))?.id ?? 'no-team';
    if (name === 'userId') return priya;
    if (name === 'kind') return 'items';
    throw new Error(`no value for path parameter {${name}} in ${route}`);
  })}`;
}

function protectedCalls(): { name: string; method: string; path: string }[] {
  return api.host.routes
    .filter((r) => r.name !== 'health-get')
    .flatMap((r) => r.methods.map((method) => ({ name: r.name, method, path: fillPath(r.route) })));
}

describe('every protected route', () => {
  it('covers the routes of the app', () => {
    const names = protectedCalls().map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['me-get', 'action-items-create', 'action-items-update', 'action-items-delete', 'deals-get', 'meetings-get']));
  });

  it.each([
    ['no Authorization header', undefined],
    ['"Bearer" alone', 'Bearer'],
    ['"Bearer " with an empty token', 'Bearer '],
    ['"Basic xyz"', 'Basic xyz'],
    ['a Basic header with credentials', `Basic ${Buffer.from('priya:password').toString('base64')}`],
    ['a bearer token that is not a JWT', 'Bearer not-a-jwt'],
    ['a bearer token of three garbage parts', 'Bearer abc.def.ghi'],
  ])('answers 401 to %s and changes nothing', async (_what, authorization) => {
    const before = await api.snapshot();
    for (const call of protectedCalls()) {
      const headers: Record<string, string> = { 'if-match': '*' };
      if (authorization !== undefined) headers.authorization = authorization;
      const reply = await api.call(call.method, call.path, {
        headers,
        ...(call.method === 'POST' || call.method === 'PATCH' ? { body: bodyFor(call.name) } : {}),
      });
      expectUnauthorized(reply, `${call.method} ${call.path} (${call.name})`);
    }
    expect(await api.snapshot()).toBe(before);
  });
});

/** The claims of a valid token for priya, to forge bad ones from. */
async function validClaims(): Promise<JWTPayload> {
  return decodeJwt(await api.host.identity.mint(api.user('priya')));
}

function tenantOf(key: 'priya' | 'casey'): string {
  return api.user(key).tenantId;
}

const BAD_TOKENS: [string, () => Promise<string>][] = [
  [
    'signed by a different RSA key with the same kid',
    async () => {
      const { privateKey } = await generateKeyPair('RS256');
      return new SignJWT(await validClaims()).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: api.host.identity.kid }).sign(privateKey);
    },
  ],
  [
    'a valid token whose payload was changed (another user)',
    async () => {
      const [header, , signature] = (await api.host.identity.mint(api.user('priya'))).split('.');
      const payload = base64url.encode(JSON.stringify({ ...(await validClaims()), oid: api.user('morgan').userId }));
      return `${header}.${payload}.${signature}`;
    },
  ],
  [
    'expired an hour ago',
    async () => {
      const now = nowSeconds();
      return api.host.identity.mint(api.user('priya'), { iat: now - 7200, nbf: now - 7200, exp: now - 3600 });
    },
  ],
  [
    'not valid for another hour',
    async () => {
      const now = nowSeconds();
      return api.host.identity.mint(api.user('priya'), { iat: now, nbf: now + 3600, exp: now + 7200 });
    },
  ],
  ['for another audience', () => api.host.identity.mint(api.user('priya'), { aud: `api://${randomUUID()}` })],
  ['without an audience', () => api.host.identity.mint(api.user('priya'), { aud: undefined })],
  [
    "with the issuer of the other tenant (iss does not match tid)",
    () => api.host.identity.mint(api.user('priya'), { iss: api.host.identity.issuerFor(tenantOf('casey')) }),
  ],
  [
    'of a tenant that is not allowed (with its own matching issuer)',
    () => {
      const tid = randomUUID();
      return api.host.identity.mint(api.user('priya'), { tid, iss: api.host.identity.issuerFor(tid) });
    },
  ],
  ['without a scope', () => api.host.identity.mint(api.user('priya'), { scp: undefined })],
  ['with the wrong scope (User.Read)', () => api.host.identity.mint(api.user('priya'), { scp: 'User.Read' })],
  ['without tid', () => api.host.identity.mint(api.user('priya'), { tid: undefined })],
  ['without oid', () => api.host.identity.mint(api.user('priya'), { oid: undefined })],
  [
    'unsigned (alg: none)',
    async () => {
      const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
      return `${header}.${base64url.encode(JSON.stringify(await validClaims()))}.`;
    },
  ],
  [
    'unsigned (alg: none) naming the real kid',
    async () => {
      const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT', kid: api.host.identity.kid }));
      return `${header}.${base64url.encode(JSON.stringify(await validClaims()))}.`;
    },
  ],
  [
    "HS256 with the public key's JWK as the HMAC secret",
    async () => {
      const jwk = api.host.identity.jwks.keys[0];
      const secret = new TextEncoder().encode(JSON.stringify(jwk));
      return new SignJWT(await validClaims()).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: api.host.identity.kid }).sign(secret);
    },
  ],
  [
    "HS256 with the public key's PEM as the HMAC secret",
    async () => {
      const jwk = api.host.identity.jwks.keys[0];
      if (!jwk) throw new Error('no published key');
      const pem = await exportSPKI((await importJWK(jwk, 'RS256')) as Parameters<typeof exportSPKI>[0]);
      return new SignJWT(await validClaims()).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: api.host.identity.kid }).sign(new TextEncoder().encode(pem));
    },
  ],
];

describe('untrusted tokens', () => {
  it.each(BAD_TOKENS)('answers 401 to a token %s on GET /api/me and POST /api/action-items, storing nothing', async (_what, forge) => {
    const token = await forge();
    const before = await api.snapshot();

    expectUnauthorized(await api.call('GET', '/api/me', { as: { token } }), 'GET /api/me');
    expectUnauthorized(
      await api.call('POST', '/api/action-items', { as: { token }, body: bodyFor('action-items-create'), headers: { 'idempotency-key': randomUUID() } }),
      'POST /api/action-items',
    );

    expect(await api.snapshot()).toBe(before);
  });

  it('forges what it says it forges', async () => {
    const now = nowSeconds();
    expect(decodeJwt(await api.host.identity.mint(api.user('priya'), { scp: undefined }))).not.toHaveProperty('scp');
    expect(decodeJwt(await api.host.identity.mint(api.user('priya'), { aud: undefined }))).not.toHaveProperty('aud');
    expect(decodeJwt(await api.host.identity.mint(api.user('priya'), { exp: now - 3600 })).exp).toBeLessThan(now - 300);
    expect(tenantOf('casey')).not.toBe(tenantOf('priya'));
  });
});

describe('trusted tokens', () => {
  it('accepts a valid token', async () => {
    const reply = await api.call('GET', '/api/me', { as: 'priya' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ userId: api.user('priya').userId, tenantId: tenantOf('priya') });
    expect(reply.headers.get('www-authenticate')).toBeNull();
  });

  it('accepts a token that expired 2 minutes ago (inside the 5-minute clock skew)', async () => {
    const now = nowSeconds();
    const token = await api.host.identity.mint(api.user('priya'), { iat: now - 3720, nbf: now - 3720, exp: now - 120 });
    const reply = await api.call('GET', '/api/me', { as: { token } });
    expect(reply.status).toBe(200);
    expect(reply.body.userId).toBe(api.user('priya').userId);
  });

  it('accepts a token that becomes valid in 2 minutes (inside the 5-minute clock skew)', async () => {
    const now = nowSeconds();
    const token = await api.host.identity.mint(api.user('priya'), { iat: now, nbf: now + 120, exp: now + 3600 });
    const reply = await api.call('GET', '/api/me', { as: { token } });
    expect(reply.status).toBe(200);
  });

  it('accepts the "Bearer" scheme in any case', async () => {
    const reply = await api.call('GET', '/api/me', { headers: { authorization: `bearer ${await api.token('priya')}` } });
    expect(reply.status).toBe(200);
  });
});

describe('GET /api/health', () => {
  it('answers without a token', async () => {
    const reply = await api.call('GET', '/api/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'ok', version: expect.stringMatching(/\S/) });
  });

  it('answers even with a bad token', async () => {
    const reply = await api.call('GET', '/api/health', { headers: { authorization: 'Bearer abc.def.ghi' } });
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('ok');
  });
});
