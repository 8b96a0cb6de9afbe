import { z } from 'zod';
import { pageQueryFields } from '../domain';
import { authenticated, type HttpDeps, type HttpRoute, json } from './pipeline';

const NotificationListQuery = z.strictObject(pageQueryFields);

export function notificationRoutes(deps: HttpDeps): HttpRoute[] {
  return [
    {
      name: 'notifications-list',
      methods: ['GET'],
      route: 'notifications',
      handler: authenticated(deps, async (call) => json(200, await deps.notifications.listMine(call.viewer, call.query(NotificationListQuery)))),
    },
  ];
}
