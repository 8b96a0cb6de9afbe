import { z } from 'zod';
import { EmailList, NotificationPreferencesInput } from '../domain';
import { describeViewer } from '../services/me';
import { authenticated, type HttpDeps, type HttpRoute, json, resource } from './pipeline';

/** `?emails=a@x.example,b@x.example` */
const ColleagueQuery = z.strictObject({ emails: EmailList });

export function meRoutes(deps: HttpDeps): HttpRoute[] {
  return [
    {
      name: 'me-get',
      methods: ['GET'],
      route: 'me',
      handler: authenticated(deps, async (call) => json(200, describeViewer(call.viewer))),
    },
    {
      name: 'me-preferences-get',
      methods: ['GET'],
      route: 'me/preferences',
      handler: authenticated(deps, async (call) => resource(200, await deps.preferences.get(call.viewer))),
    },
    {
      // If-Match is optional here: a user's preferences are theirs alone; a stale one is still 412.
      name: 'me-preferences-replace',
      methods: ['PUT'],
      route: 'me/preferences',
      handler: authenticated(deps, async (call) => {
        const ifMatch = call.req.headers.get('if-match')?.trim() || null;
        return resource(200, await deps.preferences.replace(call.viewer, await call.body(NotificationPreferencesInput), ifMatch));
      }),
    },
    {
      name: 'users-lookup',
      methods: ['GET'],
      route: 'users',
      handler: authenticated(deps, async (call) => json(200, { items: await deps.directory.lookUpColleagues(call.viewer, call.query(ColleagueQuery).emails) })),
    },
  ];
}
