import { z } from 'zod';
import { DealCreateInput, DealListQuery, DealPatchInput, EmailList, Id } from '../domain';
import { authenticated, type HttpDeps, type HttpRoute, json, resource } from './pipeline';

const DEAL = 'The deal';

/** `?emails=a@x.example,b@y.example`: the meeting's attendees. */
const SuggestionQuery = z.strictObject({ emails: EmailList });

export function dealRoutes(deps: HttpDeps): HttpRoute[] {
  return [
    {
      name: 'deals-create',
      methods: ['POST'],
      route: 'deals',
      handler: authenticated(deps, async (call) => {
        const input = await call.body(DealCreateInput);
        const outcome = await deps.idempotency.run(call.viewer, call.idempotencyKey(), 'deals-create', call.fingerprint(), async (ids) => ({
          status: 201,
          body: await deps.deals.create(call.viewer, input, ids),
        }));
        return resource(outcome.status, outcome.body, { location: `/api/deals/${outcome.body.id}` });
      }),
    },
    {
      name: 'deals-list',
      methods: ['GET'],
      route: 'deals',
      handler: authenticated(deps, async (call) => json(200, await deps.deals.list(call.viewer, call.query(DealListQuery)))),
    },
    {
      // Registered before deals/{id}: a literal segment wins over a parameter.
      name: 'deals-suggestions',
      methods: ['GET'],
      route: 'deals/suggestions',
      handler: authenticated(deps, async (call) => {
        const { emails } = call.query(SuggestionQuery);
        return json(200, { items: await deps.dealSuggestions.suggest(call.viewer, emails) });
      }),
    },
    {
      name: 'deals-get',
      methods: ['GET'],
      route: 'deals/{id}',
      handler: authenticated(deps, async (call) => resource(200, await deps.deals.get(call.viewer, call.param('id', Id, DEAL)))),
    },
    {
      name: 'deals-update',
      methods: ['PATCH'],
      route: 'deals/{id}',
      handler: authenticated(deps, async (call) => {
        const id = call.param('id', Id, DEAL);
        const ifMatch = call.ifMatch();
        const patch = await call.body(DealPatchInput);
        return resource(200, await deps.deals.update(call.viewer, id, patch, ifMatch));
      }),
    },
  ];
}
