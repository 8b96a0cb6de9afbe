import type { ActionItem, Meeting } from '../../functions/src/domain';
import { ContactErasure } from '../../functions/src/services/erasure';
import type { ErasureParticipant } from '../../functions/src/services/ports';
import { CosmosAuditRepository } from '../../functions/src/store/audit';
import { auditErasure, itemErasure, meetingErasure, notificationErasure, reviewErasure } from '../../functions/src/store/erasure';
import { CosmosJobStateRepository } from '../../functions/src/store/jobs';
import { type CONTAINERS } from '../../functions/src/store/layout';
import { inDays, TestApi } from '../support/harness';

/**
 * `POST /api/tenant/erasure {email}`: a buyer contact's name and email leave every item, meeting, review agenda and
 * audit entry of the tenant; the items stay. Idempotent, resumable, and a capture naming the contact while it runs
 * does not bring them back.
 */
describe('erasure of a buyer contact', () => {
  let api: TestApi;
  const DANA = 'dana.whitfield@fabrikam.example';
  const OMAR = 'omar.haddad@fabrikam.example';
  const erase = (email: unknown, as: 'jordan' | 'priya' | 'morgan' = 'jordan') => api.call('POST', '/api/tenant/erasure', { as, body: { email } });
  const northwind = () => api.user('jordan').tenantId;
  const tailwind = () => api.user('casey').tenantId;

  /** Every stored document of a tenant (all containers) whose JSON holds `text`, as `container/id`. */
  async function mentioning(tenantId: string, text: string, containers = ['items', 'deals', 'reviews', 'notifications', 'audit', 'jobs', 'users', 'teams'] as const): Promise<string[]> {
    const found: string[] = [];
    for (const name of containers) {
      const container = await api.host.services.store.container(name as keyof typeof CONTAINERS);
      const { resources } = await container.items.query({ query: 'SELECT * FROM c WHERE c.tenantId = @t', parameters: [{ name: '@t', value: tenantId }] }).fetchAll();
      for (const doc of resources) if (JSON.stringify(doc).toLowerCase().includes(text.toLowerCase())) found.push(`${name}/${doc.id}`);
    }
    return found.sort();
  }

  const participants = () => {
    const store = api.host.services.store;
    return [itemErasure(store), meetingErasure(store), reviewErasure(store), notificationErasure(store), auditErasure(new CosmosAuditRepository(store))];
  };
  const erasureWith = (list: ErasureParticipant[]) => new ContactErasure(list, new CosmosJobStateRepository(api.host.services.store), new CosmosAuditRepository(api.host.services.store), api.clock);
  const viewerOf = async (key: 'jordan') => api.host.services.directory.viewerFor({ tenantId: api.user(key).tenantId, userId: api.user(key).userId, roles: ['admin'], name: api.user(key).displayName, email: api.user(key).email } as never);

  beforeAll(async () => {
    api = await TestApi.start({ now: new Date('2026-12-01T10:00:00.000Z') });
    const priya = api.user('priya').userId;
    const fabrikam = api.host.demo.deals.find((d) => d.account === 'Fabrikam')!;
    // Dana in every kind of place: an item she owns (and its audit entry), an item handed to her (an audit change),
    // a capture she attended with an item of hers in its title, a review whose agenda lists her items.
    await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Dana Whitfield to send the usage report', notes: 'Ask Dana Whitfield twice', dueAt: inDays(api, 3), owner: { type: 'contact', name: 'Dana Whitfield', email: DANA }, dealId: fabrikam.id } });
    const mine = await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Draft the order form', dueAt: inDays(api, 4), owner: { type: 'user', userId: priya }, dealId: fabrikam.id } });
    await api.call('PATCH', `/api/action-items/${mine.body.id}`, { as: 'priya', headers: { 'if-match': '*' }, body: { owner: { type: 'contact', name: 'Dana Whitfield', email: DANA } } });
    await api.call('POST', '/api/meetings/erasure-sync/outcomes', {
      as: 'priya',
      body: {
        meeting: { subject: 'Sync with Dana Whitfield', start: inDays(api, -1), end: inDays(api, -1), organizer: { name: 'Dana Whitfield', email: DANA }, attendees: [{ name: 'Dana Whitfield', email: DANA }, { name: 'Omar Haddad', email: OMAR }, { name: 'Priya Shah', email: api.user('priya').email }] },
        dealId: fabrikam.id,
        items: [{ title: 'Confirm the CFO sign-off', dueAt: inDays(api, 2), owner: { type: 'contact', name: 'Omar Haddad', email: OMAR } }],
      },
    });
    const team = api.host.demo.teams.find((t) => t.name === 'East Enterprise')!;
    await api.call('POST', '/api/reviews', { as: 'morgan', body: { teamId: team.id, repId: priya, notes: 'Dana Whitfield is the blocker' } });
    // Her items come due: the sweep's reminders tell Priya to chase her, by name.
    api.clock.advance(6 * 86_400_000);
    await api.host.scheduler.runNow('overdue-sweep');
    // The same address in another tenant: not this erasure's business.
    await api.call('POST', '/api/action-items', { as: 'casey', body: { title: 'Ask Dana Whitfield', dueAt: inDays(api, 3), owner: { type: 'contact', name: 'Dana Whitfield', email: DANA } } });
  });
  afterAll(() => api.stop());

  it('is for tenant admins only, and needs an email', async () => {
    const before = await api.snapshot();
    expect((await erase(DANA, 'priya')).status).toBe(403);
    expect((await erase(DANA, 'morgan')).status).toBe(403);
    const bad = await erase('not an email');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'email', message: 'Must be an email address' }]);
    const unknown = await api.call('POST', '/api/tenant/erasure', { as: 'jordan', body: { email: DANA, name: 'Dana' } });
    expect(unknown.status).toBe(400);
    expect(await api.snapshot()).toBe(before);
  });

  it('removes the contact from every item, meeting, review and audit entry of the tenant, and keeps the items', async () => {
    const named = await mentioning(northwind(), DANA);
    const itemsBefore = await api.host.services.store.container('items').then((c) => c.items.query({ query: "SELECT * FROM c WHERE c.tenantId = @t AND c.type = 'actionItem' AND c.owner.email = @e", parameters: [{ name: '@t', value: northwind() }, { name: '@e', value: DANA }] }).fetchAll());
    const tailwindBefore = JSON.stringify(await mentioning(tailwind(), DANA));

    const namedByName = await mentioning(northwind(), 'Dana Whitfield');
    const reply = await erase('Dana.Whitfield@Fabrikam.example');
    expect(reply.status).toBe(200);
    // Written out: the demo data's one item of Dana's and the two made above; the three demo meetings she attended
    // and the capture above; the review above, whose agenda lists her items (the demo review's agenda is empty); the
    // audit entries of the item created for her and of the one handed to her (a capture records its items only).
    // The two reminders the sweep sent to chase her, one per item of hers come due.
    expect({ items: reply.body.items, meetings: reply.body.meetings, reviews: reply.body.reviews, notifications: reply.body.notifications, auditEntries: reply.body.auditEntries }).toEqual({
      items: 3,
      meetings: 4,
      reviews: 1,
      notifications: 2,
      auditEntries: 2,
    });
    expect(reply.body.email).toBe(DANA);
    expect(reply.body.resumed).toBe(false);
    // Every document that named her is among those it says it changed, and nothing else is.
    const changed = Object.entries(reply.body.ids as Record<string, string[]>).flatMap(([kind, ids]) => ids.map((id) => `${kind === 'items' || kind === 'meetings' ? 'items' : kind === 'auditEntries' ? 'audit' : kind}/${id}`));
    // (Reminders name her without her address.)
    expect([...changed].filter((c) => !c.startsWith('notifications/')).sort()).toEqual(named.filter((n) => !n.startsWith('jobs/')));
    expect(changed.filter((c) => c.startsWith('notifications/')).every((c) => namedByName.includes(c))).toBe(true);

    // Nothing of hers is left anywhere in the tenant: not her address, not her name.
    expect(await mentioning(northwind(), DANA)).toEqual([]);
    expect(await mentioning(northwind(), 'Dana Whitfield')).toEqual([]);
    // Her items stay, owned by "Removed contact", chased by the same user.
    for (const before of itemsBefore.resources as ActionItem[]) {
      const after = (await api.stored('items', before.id, northwind())) as ActionItem;
      expect(after.owner).toEqual({ type: 'contact', name: 'Removed contact' });
      expect(after.accountableId).toBe(before.accountableId);
      expect(after.status).toBe(before.status);
    }
    const created = (await api.call('GET', `/api/action-items?dealId=${api.host.demo.deals.find((d) => d.account === 'Fabrikam')!.id}&limit=200`, { as: 'priya' })).body.items.find((i: { title: string }) => i.title === 'Removed contact to send the usage report');
    expect(created).toMatchObject({ notes: 'Ask Removed contact twice', owner: { type: 'contact', name: 'Removed contact' } });
    // The meeting keeps its other people; Dana is gone from its organizer and attendees, and from its subject.
    const meeting = (await api.call('GET', '/api/meetings/erasure-sync', { as: 'priya' })).body.meeting;
    expect({ subject: meeting.subject, organizer: meeting.organizer, attendees: meeting.attendees }).toEqual({
      subject: 'Sync with Removed contact',
      organizer: null,
      attendees: [{ name: 'Omar Haddad', email: OMAR }, { name: 'Priya Shah', email: api.user('priya').email }],
    });
    // Another tenant's data with the same address is untouched.
    expect(JSON.stringify(await mentioning(tailwind(), DANA))).toBe(tailwindBefore);
    expect(await mentioning(tailwind(), DANA)).toHaveLength(2);
  });

  it('records one audit entry for the erasure, with counts and no trace of the address', async () => {
    const list = await api.call('GET', '/api/tenant/audit?from=2026-11-30T00:00:00Z&to=2026-12-09T00:00:00Z&limit=200', { as: 'jordan' });
    const erasures = list.body.items.filter((e: { action: string }) => e.action === 'erase');
    expect(erasures).toHaveLength(1);
    expect(erasures[0]).toMatchObject({ via: 'admin', by: { kind: 'user', userId: api.user('jordan').userId }, entity: { kind: 'contact' } });
    expect(erasures[0].changes).toEqual([
      { field: 'items', before: null, after: 3 },
      { field: 'meetings', before: null, after: 4 },
      { field: 'reviews', before: null, after: 1 },
      { field: 'notifications', before: null, after: 2 },
      { field: 'auditEntries', before: null, after: 2 },
    ]);
    expect(JSON.stringify(erasures[0]).toLowerCase()).not.toContain('dana');
  });

  it('changes nothing the second time, and answers zeros', async () => {
    const before = await api.snapshot();
    const again = await erase(DANA);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      email: DANA,
      items: 0,
      meetings: 0,
      reviews: 0,
      notifications: 0,
      auditEntries: 0,
      ids: { items: [], meetings: [], reviews: [], notifications: [], auditEntries: [] },
      resumed: false,
    });
    // Only the erasure's own bookkeeping moved: its job (run 2) and its audit entry (run 2).
    const after = JSON.parse(await api.snapshot()) as { id: string; type: string }[];
    const changedDocs = after.filter((d) => !before.includes(JSON.stringify(d))).map((d) => d.type).sort();
    expect(changedDocs).toEqual(['audit', 'erasureJob']);
  });

  it('finishes an erasure killed midway when called again, counting each document once', async () => {
    const named = (await mentioning(northwind(), OMAR)).filter((n) => !n.startsWith('jobs/'));
    expect(named.length).toBeGreaterThan(4);
    // A run that dies after two scrubs: the process is gone before it could do more or answer.
    let scrubs = 0;
    const dying = participants().map((p): ErasureParticipant => ({
      kind: p.kind,
      naming: (t, e, n, touched) => p.naming(t, e, n, touched),
      scrub: async (t, id, e) => {
        if (++scrubs > 2) throw new Error('killed');
        return p.scrub(t, id, e);
      },
    }));
    await expect(erasureWith(dying).erase(await viewerOf('jordan'), OMAR)).rejects.toThrow('killed');
    expect((await mentioning(northwind(), OMAR)).filter((n) => !n.startsWith('jobs/')).length).toBe(named.length - 2);

    const resumed = await erase(OMAR);
    expect(resumed.status).toBe(200);
    expect(resumed.body.resumed).toBe(true);
    const changed = Object.entries(resumed.body.ids as Record<string, string[]>).flatMap(([kind, ids]) => (kind === 'notifications' ? [] : ids));
    expect(changed.length).toBe(named.length);
    expect(new Set(changed).size).toBe(changed.length);
    expect(await mentioning(northwind(), OMAR)).toEqual([]);
    expect(await mentioning(northwind(), 'Omar Haddad')).toEqual([]);
  });

  it('does not let a capture that lands while the erasure runs bring the contact back', async () => {
    const LENA = 'lena.fischer@fabrikam.example';
    const capture = (key: string) =>
      api.call('POST', `/api/meetings/${key}/outcomes`, {
        as: 'priya',
        body: {
          meeting: { subject: 'Legal review with Lena Fischer', start: inDays(api, -1), end: inDays(api, -1), attendees: [{ name: 'Lena Fischer', email: LENA }] },
          items: [{ title: 'Lena Fischer to return the MSA', dueAt: inDays(api, 2), owner: { type: 'contact', name: 'Lena Fischer', email: LENA } }],
        },
      });
    // The capture lands right after the erasure began (its erased-contact list is written, the scan not yet done):
    // in the middle of the erasure's first query.
    let landed: Awaited<ReturnType<typeof capture>> | null = null;
    const [items, ...others] = participants();
    const racing: ErasureParticipant = {
      kind: items!.kind,
      naming: async (t, e, n, touched) => {
        const ids = await items!.naming(t, e, n, touched);
        landed ??= await capture('erasure-race');
        return ids;
      },
      scrub: (t, id, e) => items!.scrub(t, id, e),
    };
    await erasureWith([racing, ...others]).erase(await viewerOf('jordan'), LENA);
    expect(landed!.status).toBe(201);
    // The capture's reply and what is stored name nobody erased.
    expect(JSON.stringify(landed!.body)).not.toContain('Lena');
    expect(await mentioning(northwind(), LENA)).toEqual([]);
    expect(await mentioning(northwind(), 'Lena Fischer')).toEqual([]);

    // And one that comes after the erasure finished is scrubbed as it is stored.
    const later = await capture('erasure-after');
    expect(later.status).toBe(201);
    expect(later.body.items[0].owner).toEqual({ type: 'contact', name: 'Removed contact' });
    expect(later.body.meeting.attendees).toEqual([]);
    const stored = (await api.stored('items', later.body.items[0].id, northwind())) as ActionItem;
    expect(stored.title).toBe('Removed contact to return the MSA');
    expect(await mentioning(northwind(), LENA)).toEqual([]);
    const meeting = (await api.call('GET', '/api/meetings/erasure-after', { as: 'priya' })).body.meeting as Meeting;
    expect(meeting.subject).toBe('Legal review with Removed contact');

    // So is a review commitment handed to them.
    const team = api.host.demo.teams.find((t) => t.name === 'East Enterprise')!;
    const review = await api.call('POST', '/api/reviews', {
      as: 'morgan',
      body: { teamId: team.id, repId: api.user('priya').userId, commitments: [{ title: 'Lena Fischer signs the MSA', dueAt: inDays(api, 5), owner: { type: 'contact', name: 'Lena Fischer', email: LENA } }] },
    });
    expect(review.status).toBe(201);
    expect(review.body.items[0]).toMatchObject({ title: 'Removed contact signs the MSA', owner: { type: 'contact', name: 'Removed contact' } });
    expect(await mentioning(northwind(), LENA)).toEqual([]);
  });
});
