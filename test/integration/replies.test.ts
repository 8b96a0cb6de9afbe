import { ActionItemReply, AuditPageReply, ColleagueReply, DealReply, DealSuggestionReply, listOf, MeetingOutcomesReply, MeReply, NotificationReply, pageOf, RepAgendaReply, ReviewReply, TeamAgendaReply, TeamSummaryReply, TrapsReply, GoalsReply } from '../../functions/src/domain';
import { inDays, TestApi } from '../support/harness';

/** The front ends parse every reply with the domain's reply schemas: every reply must fit them. */
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(() => api.stop());

describe('replies fit the schemas the front ends parse them with', () => {
  it.each([
    ['GET /api/me', '/api/me', MeReply],
    ['GET /api/action-items', '/api/action-items?limit=200', pageOf(ActionItemReply)],
    ['GET /api/deals', '/api/deals?limit=200', pageOf(DealReply)],
    ['GET /api/deals/suggestions', '/api/deals/suggestions?emails=dana.whitfield%40fabrikam.example', listOf(DealSuggestionReply)],
    ['GET /api/notifications', '/api/notifications', pageOf(NotificationReply)],
    ['GET /api/users', '/api/users?emails=sam.carter%40northwind.example', listOf(ColleagueReply)],
    ['GET /api/teams', '/api/teams', listOf(TeamSummaryReply)],
  ])('%s', async (_name, path, schema) => {
    const reply = await api.call('GET', path, { as: 'priya' });
    expect(reply.status).toBe(200);
    expect(() => schema.parse(reply.body)).not.toThrow();
  });

  it('the agendas, reviews, traps and goals', async () => {
    const team = api.host.demo.teams.find((t) => t.name === 'East Enterprise')!;
    const morgan = { as: 'morgan' as const };
    const checks: [{ parse: (v: unknown) => unknown }, string][] = [
      [RepAgendaReply, `/api/teams/${team.id}/agenda?repId=${api.user('diego').userId}&kind=quarterly`],
      [TeamAgendaReply, `/api/teams/${team.id}/agenda`],
      [pageOf(ReviewReply), `/api/reviews?teamId=${team.id}`],
      [TrapsReply, `/api/teams/${team.id}/traps`],
      [GoalsReply, `/api/teams/${team.id}/goals`],
    ];
    for (const [schema, path] of checks) {
      const reply = await api.call('GET', path, morgan);
      expect(reply.status).toBe(200);
      expect(() => schema.parse(reply.body)).not.toThrow();
    }
  });

  it('POST /api/meetings/{key}/outcomes and GET /api/meetings/{key}', async () => {
    const body = {
      meeting: { subject: 'Schema check', start: inDays(api, -1), end: inDays(api, -1), attendees: [{ name: 'Dana', email: 'dana@fabrikam.example' }] },
      items: [{ title: 'Check the schema', dueAt: inDays(api, 1), owner: { type: 'contact', name: 'Dana' } }],
    };
    const captured = await api.call('POST', '/api/meetings/schema-check/outcomes', { as: 'priya', body });
    expect(MeetingOutcomesReply.parse(captured.body).items).toHaveLength(1);
    const read = await api.call('GET', '/api/meetings/schema-check', { as: 'priya' });
    expect(MeetingOutcomesReply.parse(read.body).meeting.subject).toBe('Schema check');
  });

  it("GET /api/action-items/{id}/history and GET /api/tenant/audit", async () => {
    const created = await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'History check', dueAt: inDays(api, 2), owner: { type: 'user', userId: api.user('priya').userId } } });
    await api.call('PATCH', `/api/action-items/${created.body.id}`, { as: 'priya', body: { dueAt: inDays(api, 4), slip: { reason: 'priority' } }, headers: { 'if-match': created.body.etag } });
    const history = await api.call('GET', `/api/action-items/${created.body.id}/history`, { as: 'priya' });
    expect(AuditPageReply.parse(history.body).items.map((e) => e.action)).toEqual(['create', 'update']);
    const audit = await api.call('GET', '/api/tenant/audit', { as: 'jordan' });
    expect(AuditPageReply.parse(audit.body).items.length).toBeGreaterThanOrEqual(2);
  });
});
