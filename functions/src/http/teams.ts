import { Id, TeamCreateInput, TeamPatchInput, Traps } from '../domain';
import { authenticated, etagHeader, type HttpDeps, type HttpRoute, json, resource } from './pipeline';

const TEAM = 'The team';

export function teamRoutes(deps: HttpDeps): HttpRoute[] {
  return [
    {
      name: 'teams-list',
      methods: ['GET'],
      route: 'teams',
      handler: authenticated(deps, async (call) => json(200, { items: await deps.teams.list(call.viewer) })),
    },
    {
      name: 'teams-create',
      methods: ['POST'],
      route: 'teams',
      handler: authenticated(deps, async (call) => {
        const input = await call.body(TeamCreateInput);
        const outcome = await deps.idempotency.run(call.viewer, call.idempotencyKey(), 'teams-create', call.fingerprint(), async (ids) => ({
          status: 201,
          body: await deps.teams.create(call.viewer, input, ids),
        }));
        return resource(outcome.status, outcome.body, { location: `/api/teams/${outcome.body.id}` });
      }),
    },
    {
      name: 'teams-get',
      methods: ['GET'],
      route: 'teams/{teamId}',
      handler: authenticated(deps, async (call) => resource(200, await deps.teams.get(call.viewer, call.param('teamId', Id, TEAM)))),
    },
    {
      name: 'teams-update',
      methods: ['PATCH'],
      route: 'teams/{teamId}',
      handler: authenticated(deps, async (call) => {
        const id = call.param('teamId', Id, TEAM);
        const ifMatch = call.ifMatch();
        return resource(200, await deps.teams.update(call.viewer, id, await call.body(TeamPatchInput), ifMatch));
      }),
    },
    {
      name: 'teams-traps-get',
      methods: ['GET'],
      route: 'teams/{teamId}/traps',
      handler: authenticated(deps, async (call) => {
        const { traps, etag } = await deps.teams.traps(call.viewer, call.param('teamId', Id, TEAM));
        return json(200, traps, { etag: etagHeader(etag) });
      }),
    },
    {
      name: 'teams-traps-replace',
      methods: ['PUT'],
      route: 'teams/{teamId}/traps',
      handler: authenticated(deps, async (call) => {
        const id = call.param('teamId', Id, TEAM);
        const ifMatch = call.ifMatch();
        const { traps, etag } = await deps.teams.replaceTraps(call.viewer, id, await call.body(Traps), ifMatch);
        return json(200, traps, { etag: etagHeader(etag) });
      }),
    },
  ];
}
