import { randomUUID } from 'node:crypto';
import { type DemoUserKey, inDays, type Reply, TestApi } from '../support/harness';

/**
 * "Bad input it must survive" (issue 2): every bad request gets its exact status as problem+json, names the
 * offending field, never answers 500, and leaves the stored data exactly as it was.
 */

let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(() => api.stop());

/** Asserts a problem+json reply; for 400 also that `errors` names exactly these field paths. */
function expectProblem(reply: Reply, status: number, paths?: string[]): void {
  expect({ status: reply.status, body: reply.body }).toEqual({ status, body: expect.anything() });
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
  expect(reply.body).toEqual(
    expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }),
  );
  expect(reply.body.type).not.toBe('');
  expect(reply.body.title).not.toBe('');
  expect(reply.body.detail).not.toBe('');
  if (status === 400) {
    expect(Array.isArray(reply.body.errors)).toBe(true);
    for (const issue of reply.body.errors) expect(issue).toEqual({ path: expect.any(String), message: expect.stringMatching(/\S/) });
    if (paths) expect(reply.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([...paths].sort());
  }
}

function validBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: 'Send the proposal', dueAt: inDays(api, 3), owner: { type: 'user', userId: api.user('priya').userId }, ...overrides };
}

/** Calls the API and asserts that nothing stored changed. */
async function unchanged(method: string, path: string, options: Parameters<TestApi['call']>[2]): Promise<Reply> {
  const before = await api.snapshot();
  const reply = await api.call(method, path, options);
  expect(await api.snapshot()).toBe(before);
  return reply;
}

async function storedItems(): Promise<{ id: string; title: string; type: string }[]> {
  return (JSON.parse(await api.snapshot()) as { id: string; title: string; type: string }[]).filter((d) => d.type === 'actionItem');
}

/** A fresh open item of priya's, due in 3 days, as the API returns it. */
async function newItem(as: DemoUserKey = 'priya', title = `Item ${randomUUID()}`): Promise<{ id: string; etag: string; dueAt: string; title: string }> {
  const created = await api.call('POST', '/api/action-items', { as, body: validBody({ title, owner: { type: 'user', userId: api.user(as).userId } }) });
  expect(created.status).toBe(201);
  return created.body;
}

const tailwindDeal = () => {
  const deal = api.host.demo.deals.find((d) => d.account === 'Relecloud');
  if (!deal || deal.tenantId === api.user('priya').tenantId) throw new Error('demo data: no deal of the other tenant');
  return deal;
};

describe('bad input on POST /api/action-items', () => {
  it('answers 400 to a malformed JSON body', async () => {
    const reply = await unchanged('POST', '/api/action-items', { as: 'priya', rawBody: '{"title": "Send the proposal", "dueAt": ' });
    expectProblem(reply, 400, ['']);
  });

  it('answers 400 to a body that is JSON but not an object', async () => {
    const reply = await unchanged('POST', '/api/action-items', { as: 'priya', rawBody: '[1, 2, 3]' });
    expectProblem(reply, 400);
    expect(reply.body.errors.length).toBeGreaterThan(0);
  });

  it('answers 400 naming `title` when the title is a number', async () => {
    const reply = await unchanged('POST', '/api/action-items', { as: 'priya', body: validBody({ title: 5 }) });
    expectProblem(reply, 400, ['title']);
  });

  it('answers 400 naming `owner` when the owner is the string "me"', async () => {
    const reply = await unchanged('POST', '/api/action-items', { as: 'priya', body: validBody({ owner: 'me' }) });
    expectProblem(reply, 400, ['owner']);
  });

  it('answers 400 naming `tags` when tags is not an array', async () => {
    const reply = await unchanged('POST', '/api/action-items', { as: 'priya', body: validBody({ tags: 'next-step' }) });
    expectProblem(reply, 400, ['tags']);
  });

  it('rejects unknown fields, naming each one', async () => {
    const reply = await unchanged('POST', '/api/action-items', { as: 'priya', body: validBody({ colour: 'red', priority: 'high' }) });
    expectProblem(reply, 400, ['colour', 'priority']);
  });

  it('rejects an unknown field inside owner, naming its full path', async () => {
    const reply = await unchanged('POST', '/api/action-items', {
      as: 'priya',
      body: validBody({ owner: { type: 'user', userId: api.user('priya').userId, nickname: 'P' } }),
    });
    expectProblem(reply, 400, ['owner.nickname']);
  });

  it('answers 400 naming `title` when the title is empty', async () => {
    const reply = await unchanged('POST', '/api/action-items', { as: 'priya', body: validBody({ title: '' }) });
    expectProblem(reply, 400, ['title']);
  });

  it('answers 400 naming `title` when the title is only spaces', async () => {
    const reply = await unchanged('POST', '/api/action-items', { as: 'priya', body: validBody({ title: '    ' }) });
    expectProblem(reply, 400, ['title']);
  });

  it('answers 400 naming `title` for a 201-character title', async () => {
    const reply = await unchanged('POST', '/api/action-items', { as: 'priya', body: validBody({ title: 'x'.repeat(201) }) });
    expectProblem(reply, 400, ['title']);
  });

  it('accepts a 200-character title', async () => {
    const title = `${randomUUID()}${'y'.repeat(164)}`;
    expect(title).toHaveLength(200);
    const reply = await api.call('POST', '/api/action-items', { as: 'priya', body: validBody({ title }) });
    expect(reply.status).toBe(201);
    expect(reply.body.title).toBe(title);
    expect((await storedItems()).filter((d) => d.title === title)).toHaveLength(1);
  });

  it.each([
    ['an impossible date', '2026-02-30T10:00:00Z'],
    ['a word', 'tomorrow'],
    ['a date without a time', '2026-12-01'],
    ['a date and time without an offset', '2026-12-01T10:00:00'],
    ['a number', 1767225600000],
  ])('answers 400 naming `dueAt` for %s (%p)', async (_what, dueAt) => {
    const reply = await unchanged('POST', '/api/action-items', { as: 'priya', body: validBody({ dueAt }) });
    expectProblem(reply, 400, ['dueAt']);
  });

  it('answers 400 naming `owner.userId` for a user of another tenant, as for an unknown id', async () => {
    const casey = api.user('casey');
    expect(casey.tenantId).not.toBe(api.user('priya').tenantId);
    const otherTenant = await unchanged('POST', '/api/action-items', { as: 'priya', body: validBody({ owner: { type: 'user', userId: casey.userId } }) });
    expectProblem(otherTenant, 400, ['owner.userId']);
    const unknown = await unchanged('POST', '/api/action-items', { as: 'priya', body: validBody({ owner: { type: 'user', userId: randomUUID() } }) });
    expectProblem(unknown, 400, ['owner.userId']);
    // Nothing tells the caller that the other tenant's user exists.
    expect(otherTenant.body.errors).toEqual(unknown.body.errors);
    expect(otherTenant.body.detail).toBe(unknown.body.detail);
  });

  it("answers 400 naming `dealId` for another tenant's deal, exactly as for an id that does not exist", async () => {
    const foreign = await unchanged('POST', '/api/action-items', { as: 'priya', body: validBody({ dealId: tailwindDeal().id }) });
    expectProblem(foreign, 400, ['dealId']);
    const unknown = await unchanged('POST', '/api/action-items', { as: 'priya', body: validBody({ dealId: randomUUID() }) });
    expectProblem(unknown, 400, ['dealId']);
    expect(foreign.body).toEqual(unknown.body);
    expect(JSON.stringify(foreign.body)).not.toContain(tailwindDeal().name);
  });

  it("leaves nothing behind when a create with an Idempotency-Key is refused (another tenant's deal)", async () => {
    const reply = await unchanged('POST', '/api/action-items', {
      as: 'priya',
      body: validBody({ dealId: tailwindDeal().id }),
      headers: { 'idempotency-key': randomUUID() },
    });
    expectProblem(reply, 400, ['dealId']);
  });

  it('answers 413 to a body over 64 KB', async () => {
    const rawBody = JSON.stringify(validBody({ notes: 'n'.repeat(70 * 1024) }));
    expect(Buffer.byteLength(rawBody)).toBeGreaterThan(64 * 1024);
    const reply = await unchanged('POST', '/api/action-items', { as: 'priya', rawBody });
    expectProblem(reply, 413);
  });

  it('answers 413 when Content-Length declares more than 64 KB', async () => {
    const rawBody = JSON.stringify(validBody());
    const reply = await unchanged('POST', '/api/action-items', { as: 'priya', rawBody, headers: { 'content-type': 'application/json', 'content-length': String(65 * 1024) } });
    expectProblem(reply, 413);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])('answers 415 to a %s body', async (contentType) => {
    const reply = await unchanged('POST', '/api/action-items', {
      as: 'priya',
      rawBody: JSON.stringify(validBody()),
      headers: { 'content-type': contentType },
    });
    expectProblem(reply, 415);
  });
});

describe('bad paging on GET /api/action-items', () => {
  it.each([
    ['limit=0', 'limit'],
    ['limit=500', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=2.5', 'limit'],
    ['limit=-1', 'limit'],
    ['cursor=garbage', 'cursor'],
    ['cursor=%7B%22v%22%3A1%7D', 'cursor'],
    [`cursor=${Buffer.from('null').toString('base64url')}`, 'cursor'],
  ])('answers 400 naming `%s` → %s', async (query, path) => {
    const reply = await unchanged('GET', `/api/action-items?${query}`, { as: 'priya' });
    expectProblem(reply, 400, [path]);
  });

  // A client can decode our cursor and change the store's continuation token inside it.
  it.each(['garbage', '{"x":1}', '99999'])('answers 400 naming `cursor` for a real cursor whose continuation token was replaced by %p', async (token) => {
    const first = await api.call('GET', '/api/action-items?limit=1', { as: 'priya' });
    expect(first.status).toBe(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const decoded = JSON.parse(Buffer.from(first.body.nextCursor, 'base64url').toString('utf8'));
    const tampered = Buffer.from(JSON.stringify({ ...decoded, t: token })).toString('base64url');
    const reply = await unchanged('GET', `/api/action-items?limit=1&cursor=${tampered}`, { as: 'priya' });
    expectProblem(reply, 400, ['cursor']);
  });
});

describe('bad updates and deletes', () => {
  it('answers 428 to a PATCH without If-Match', async () => {
    const item = await newItem();
    const reply = await unchanged('PATCH', `/api/action-items/${item.id}`, { as: 'priya', body: { title: 'Changed without If-Match' } });
    expectProblem(reply, 428);
  });

  it('answers 412 to a PATCH with a stale If-Match and keeps the first write', async () => {
    const item = await newItem();
    const read = await api.call('GET', `/api/action-items/${item.id}`, { as: 'priya' });
    const etag = read.headers.get('etag') as string;
    expect(etag).toBeTruthy();

    const first = await api.call('PATCH', `/api/action-items/${item.id}`, { as: 'priya', body: { title: 'First writer wins' }, headers: { 'if-match': etag } });
    expect(first.status).toBe(200);
    expect(first.body.title).toBe('First writer wins');

    const second = await unchanged('PATCH', `/api/action-items/${item.id}`, { as: 'priya', body: { title: 'Second writer loses' }, headers: { 'if-match': etag } });
    expectProblem(second, 412);

    const after = await api.call('GET', `/api/action-items/${item.id}`, { as: 'priya' });
    expect(after.body.title).toBe('First writer wins');
    expect(after.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it('answers 428 to a DELETE without If-Match and the item stays', async () => {
    const item = await newItem();
    const reply = await unchanged('DELETE', `/api/action-items/${item.id}`, { as: 'priya' });
    expectProblem(reply, 428);
    expect((await api.call('GET', `/api/action-items/${item.id}`, { as: 'priya' })).status).toBe(200);
  });

  it('answers 412 to a DELETE with a stale If-Match and the item stays', async () => {
    const item = await newItem();
    const changed = await api.call('PATCH', `/api/action-items/${item.id}`, { as: 'priya', body: { title: 'Changed first' }, headers: { 'if-match': `"${item.etag}"` } });
    expect(changed.status).toBe(200);
    const reply = await unchanged('DELETE', `/api/action-items/${item.id}`, { as: 'priya', headers: { 'if-match': `"${item.etag}"` } });
    expectProblem(reply, 412);
    expect((await api.call('GET', `/api/action-items/${item.id}`, { as: 'priya' })).body.title).toBe('Changed first');
  });

  it('answers 400 naming `slip` when dueAt moves later without a slip', async () => {
    const item = await newItem();
    const reply = await unchanged('PATCH', `/api/action-items/${item.id}`, { as: 'priya', body: { dueAt: inDays(api, 6) }, headers: { 'if-match': `"${item.etag}"` } });
    expectProblem(reply, 400, ['slip']);
  });

  it('answers 400 naming `slip.note` for a slip with reason "other" and no note', async () => {
    const item = await newItem();
    const reply = await unchanged('PATCH', `/api/action-items/${item.id}`, {
      as: 'priya',
      body: { dueAt: inDays(api, 6), slip: { reason: 'other' } },
      headers: { 'if-match': `"${item.etag}"` },
    });
    expectProblem(reply, 400, ['slip.note']);
  });

  it('answers 400 naming `slip.reason` for an unknown slip reason', async () => {
    const item = await newItem();
    const reply = await unchanged('PATCH', `/api/action-items/${item.id}`, {
      as: 'priya',
      body: { dueAt: inDays(api, 6), slip: { reason: 'weather', note: 'It rained' } },
      headers: { 'if-match': `"${item.etag}"` },
    });
    expectProblem(reply, 400, ['slip.reason']);
  });

  it('answers 400 naming `slip.reason` for a slip without a reason', async () => {
    const item = await newItem();
    const reply = await unchanged('PATCH', `/api/action-items/${item.id}`, {
      as: 'priya',
      body: { dueAt: inDays(api, 6), slip: { note: 'Busy week' } },
      headers: { 'if-match': `"${item.etag}"` },
    });
    expectProblem(reply, 400, ['slip.reason']);
  });

  it('answers 400 naming each unknown field of a PATCH', async () => {
    const item = await newItem();
    const reply = await unchanged('PATCH', `/api/action-items/${item.id}`, {
      as: 'priya',
      body: { title: 'Fine', colour: 'red' },
      headers: { 'if-match': `"${item.etag}"` },
    });
    expectProblem(reply, 400, ['colour']);
  });
});

describe('Idempotency-Key on POST /api/action-items', () => {
  it('answers a retry with the first reply and stores one item', async () => {
    const key = randomUUID();
    const title = `Idempotent ${key}`;
    const body = validBody({ title });
    const before = (await storedItems()).length;

    const first = await api.call('POST', '/api/action-items', { as: 'priya', body, headers: { 'idempotency-key': key } });
    const second = await api.call('POST', '/api/action-items', { as: 'priya', body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body).toEqual(first.body);

    const items = await storedItems();
    expect(items).toHaveLength(before + 1);
    expect(items.filter((i) => i.title === title)).toHaveLength(1);
  });

  it('answers 422 to the same key with a different body and stores nothing more', async () => {
    const key = randomUUID();
    const first = await api.call('POST', '/api/action-items', { as: 'priya', body: validBody({ title: `First ${key}` }), headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    const reply = await unchanged('POST', '/api/action-items', { as: 'priya', body: validBody({ title: `Different ${key}` }), headers: { 'idempotency-key': key } });
    expectProblem(reply, 422);
  });
});

describe('bad meeting captures', () => {
  const capture = (items: Record<string, unknown>[]) => ({
    meeting: {
      subject: 'Bad input review',
      start: inDays(api, -1).replace('T17:', 'T14:'),
      end: inDays(api, -1),
      attendees: [{ name: 'Dana Whitfield', email: 'dana@fabrikam.example' }],
    },
    items,
  });
  const good = (title: string) => ({ title, dueAt: inDays(api, 2), owner: { type: 'user', userId: api.user('priya').userId } });

  it('answers 400 naming `items.1.dueAt` when item 2 of 3 has a bad due date, and stores nothing', async () => {
    const key = `bad-capture-${randomUUID()}`;
    const reply = await unchanged('POST', `/api/meetings/${key}/outcomes`, {
      as: 'priya',
      body: capture([good('First'), { ...good('Second'), dueAt: 'tomorrow' }, good('Third')]),
    });
    expectProblem(reply, 400, ['items.1.dueAt']);
    expectProblem(await api.call('GET', `/api/meetings/${key}`, { as: 'priya' }), 404);
  });

  it('answers 400 naming `items.1.owner.userId` when item 2 of 3 is owned by a user of another tenant, and stores nothing', async () => {
    const key = `bad-capture-${randomUUID()}`;
    const reply = await unchanged('POST', `/api/meetings/${key}/outcomes`, {
      as: 'priya',
      body: capture([good('First'), { ...good('Second'), owner: { type: 'user', userId: api.user('casey').userId } }, good('Third')]),
    });
    expectProblem(reply, 400, ['items.1.owner.userId']);
    expectProblem(await api.call('GET', `/api/meetings/${key}`, { as: 'priya' }), 404);
  });

  it("answers 400 naming `items.1.dealId` when item 2 of 3 names another tenant's deal, and stores nothing", async () => {
    const key = `bad-capture-${randomUUID()}`;
    const reply = await unchanged('POST', `/api/meetings/${key}/outcomes`, {
      as: 'priya',
      body: capture([good('First'), { ...good('Second'), dealId: tailwindDeal().id }, good('Third')]),
    });
    expectProblem(reply, 400, ['items.1.dealId']);
    expectProblem(await api.call('GET', `/api/meetings/${key}`, { as: 'priya' }), 404);
  });
});

describe('dates outside 2000–2100', () => {
  it.each([
    ['9999-12-31T23:59:59-23:59', 'dueAt'],
    ['0000-01-01T00:00:00Z', 'dueAt'],
    ['1999-12-31T23:59:59Z', 'dueAt'],
    ['2101-01-01T00:00:00Z', 'dueAt'],
    // A valid-looking instant whose offset pushes it out of the window.
    ['2100-12-31T23:00:00-02:00', 'dueAt'],
  ])('answers 400 naming `%s` on create and stores nothing', async (dueAt, path) => {
    const reply = await unchanged('POST', '/api/action-items', { as: 'priya', body: validBody({ dueAt }) });
    expectProblem(reply, 400, [path]);
    expect(reply.body.errors[0].message).toBe('Must be between 2000-01-01 and 2100-12-31');
  });

  it('accepts the edges of the window', async () => {
    for (const dueAt of ['2000-01-01T00:00:00Z', '2100-12-31T23:59:59Z']) {
      const reply = await api.call('POST', '/api/action-items', { as: 'priya', body: validBody({ dueAt }) });
      expect({ dueAt, status: reply.status }).toEqual({ dueAt, status: 201 });
    }
  });

  it('refuses such a date in a PATCH, a capture, a deal and a list filter', async () => {
    const item = await newItem();
    const patch = await unchanged('PATCH', `/api/action-items/${item.id}`, { as: 'priya', body: { dueAt: '9999-12-31T23:59:59-23:59', slip: { reason: 'priority' } }, headers: { 'if-match': item.etag } });
    expectProblem(patch, 400, ['dueAt']);
    const capture = await unchanged('POST', '/api/meetings/far-future/outcomes', {
      as: 'priya',
      body: { meeting: { subject: 'S', start: '0000-01-01T00:00:00Z', end: '0000-01-01T01:00:00Z', attendees: [] }, items: [] },
    });
    expectProblem(capture, 400, ['meeting.start', 'meeting.end']);
    const deal = await unchanged('POST', '/api/deals', { as: 'priya', body: { name: 'N', account: 'A', closeDate: '9999-12-31' } });
    expectProblem(deal, 400, ['closeDate']);
    const list = await unchanged('GET', '/api/action-items?dueBefore=9999-12-31T23:59:59Z', { as: 'priya' });
    expectProblem(list, 400, ['dueBefore']);
  });
});

describe('If-Match: *', () => {
  it('applies to whatever version is current, even when another write lands between read and write', async () => {
    const item = await newItem();
    // Another client changes the item while ours is on its way; ours says "*" and must still apply.
    const writes = await Promise.all([
      api.call('PATCH', `/api/action-items/${item.id}`, { as: 'priya', body: { notes: 'from the other client' }, headers: { 'if-match': item.etag } }),
      api.call('PATCH', `/api/action-items/${item.id}`, { as: 'priya', body: { title: 'Whatever is current' }, headers: { 'if-match': '*' } }),
      api.call('PATCH', `/api/action-items/${item.id}`, { as: 'priya', body: { tags: ['next-step'] }, headers: { 'if-match': '*' } }),
    ]);
    expect(writes[1].status).toBe(200);
    expect(writes[2].status).toBe(200);
    const read = await api.call('GET', `/api/action-items/${item.id}`, { as: 'priya' });
    expect(read.body).toMatchObject({ title: 'Whatever is current', tags: ['next-step'] });
  });

  it('still answers 412 to a named version that is no longer current', async () => {
    const item = await newItem();
    await api.call('PATCH', `/api/action-items/${item.id}`, { as: 'priya', body: { notes: 'first' }, headers: { 'if-match': '*' } });
    const stale = await unchanged('PATCH', `/api/action-items/${item.id}`, { as: 'priya', body: { notes: 'second' }, headers: { 'if-match': item.etag } });
    expectProblem(stale, 412);
  });
});

describe('cursors belong to the list, filters and user that made them', () => {
  it('refuses a cursor of /api/action-items on /api/deals, and one of priya on morgan', async () => {
    const items = await api.call('GET', '/api/action-items?limit=1', { as: 'priya' });
    expect(items.body.nextCursor).toEqual(expect.any(String));
    const deals = await unchanged('GET', `/api/deals?limit=1&cursor=${items.body.nextCursor}`, { as: 'priya' });
    expectProblem(deals, 400, ['cursor']);
    const other = await unchanged('GET', `/api/action-items?limit=1&cursor=${items.body.nextCursor}`, { as: 'morgan' });
    expectProblem(other, 400, ['cursor']);
    const filtered = await unchanged('GET', `/api/action-items?limit=1&status=open&cursor=${items.body.nextCursor}`, { as: 'priya' });
    expectProblem(filtered, 400, ['cursor']);
    const next = await api.call('GET', `/api/action-items?limit=1&cursor=${items.body.nextCursor}`, { as: 'priya' });
    expect(next.status).toBe(200);
    expect(next.body.items[0].id).not.toBe(items.body.items[0].id);
  });
});
