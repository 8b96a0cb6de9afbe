import { ActionItemCreateInput, ActionItemListQuery, ActionItemPatchInput, Id, SnoozeInput } from '../domain';
import { authenticated, type HttpDeps, type HttpRoute, json, noContent, resource } from './pipeline';

const ITEM = 'The action item';

export function actionItemRoutes(deps: HttpDeps): HttpRoute[] {
  return [
    {
      name: 'action-items-create',
      methods: ['POST'],
      route: 'action-items',
      handler: authenticated(deps, async (call) => {
        const input = await call.body(ActionItemCreateInput);
        const outcome = await deps.idempotency.run(call.viewer, call.idempotencyKey(), 'action-items-create', call.fingerprint(), async (ids) => ({
          status: 201,
          body: await deps.actionItems.create(call.viewer, input, ids),
        }));
        return resource(outcome.status, outcome.body, { location: `/api/action-items/${outcome.body.id}` });
      }),
    },
    {
      name: 'action-items-list',
      methods: ['GET'],
      route: 'action-items',
      handler: authenticated(deps, async (call) => json(200, await deps.actionItems.list(call.viewer, call.query(ActionItemListQuery)))),
    },
    {
      name: 'action-items-get',
      methods: ['GET'],
      route: 'action-items/{id}',
      handler: authenticated(deps, async (call) => resource(200, await deps.actionItems.get(call.viewer, call.param('id', Id, ITEM)))),
    },
    {
      name: 'action-items-update',
      methods: ['PATCH'],
      route: 'action-items/{id}',
      handler: authenticated(deps, async (call) => {
        const id = call.param('id', Id, ITEM);
        const ifMatch = call.ifMatch();
        const patch = await call.body(ActionItemPatchInput);
        return resource(200, await deps.actionItems.update(call.viewer, id, patch, ifMatch));
      }),
    },
    {
      name: 'action-items-snooze',
      methods: ['POST'],
      route: 'action-items/{id}/snooze',
      handler: authenticated(deps, async (call) => {
        const id = call.param('id', Id, ITEM);
        const ifMatch = call.ifMatch();
        return resource(200, await deps.actionItems.snooze(call.viewer, id, await call.body(SnoozeInput), ifMatch));
      }),
    },
    {
      name: 'action-items-delete',
      methods: ['DELETE'],
      route: 'action-items/{id}',
      handler: authenticated(deps, async (call) => {
        const id = call.param('id', Id, ITEM);
        await deps.actionItems.remove(call.viewer, id, call.ifMatch());
        return noContent();
      }),
    },
  ];
}
