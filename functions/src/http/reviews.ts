import { z } from 'zod';
import { AgendaQuery, GoalsInput, Id, pageQueryFields, ReviewCreateInput } from '../domain';
import { authenticated, etagHeader, type HttpDeps, type HttpRoute, json } from './pipeline';

const TEAM = 'The team';
const ReviewListQuery = z.strictObject({ teamId: Id, repId: Id.optional(), ...pageQueryFields });

export function reviewRoutes(deps: HttpDeps): HttpRoute[] {
  return [
    {
      name: 'teams-agenda-get',
      methods: ['GET'],
      route: 'teams/{teamId}/agenda',
      handler: authenticated(deps, async (call) => json(200, await deps.agendas.agenda(call.viewer, call.param('teamId', Id, TEAM), call.query(AgendaQuery)))),
    },
    {
      name: 'teams-goals-get',
      methods: ['GET'],
      route: 'teams/{teamId}/goals',
      handler: authenticated(deps, async (call) => {
        const { quotas, etag } = await deps.reviews.goals(call.viewer, call.param('teamId', Id, TEAM));
        return json(200, { quotas }, etag ? { etag: etagHeader(etag) } : {});
      }),
    },
    {
      name: 'teams-goals-replace',
      methods: ['PUT'],
      route: 'teams/{teamId}/goals',
      handler: authenticated(deps, async (call) => {
        const teamId = call.param('teamId', Id, TEAM);
        const ifMatch = call.req.headers.get('if-match') ?? undefined;
        const { quotas, etag } = await deps.reviews.replaceGoals(call.viewer, teamId, await call.body(GoalsInput), ifMatch);
        return json(200, { quotas }, { etag: etagHeader(etag) });
      }),
    },
    {
      name: 'reviews-create',
      methods: ['POST'],
      route: 'reviews',
      handler: authenticated(deps, async (call) => {
        const input = await call.body(ReviewCreateInput);
        const outcome = await deps.idempotency.run(call.viewer, call.idempotencyKey(), 'reviews-create', call.fingerprint(), async (ids) => ({
          status: 201,
          body: await deps.reviews.create(call.viewer, input, ids),
        }));
        return json(outcome.status, outcome.body, { location: `/api/reviews/${outcome.body.review.id}` });
      }),
    },
    {
      name: 'reviews-list',
      methods: ['GET'],
      route: 'reviews',
      handler: authenticated(deps, async (call) => json(200, await deps.reviews.list(call.viewer, call.query(ReviewListQuery)))),
    },
    {
      name: 'reviews-get',
      methods: ['GET'],
      route: 'reviews/{id}',
      handler: authenticated(deps, async (call) => json(200, await deps.reviews.get(call.viewer, call.param('id', Id, 'The review')))),
    },
  ];
}
