import { z } from 'zod';
import { EmailList } from '../domain';
import { describeViewer } from '../services/me';
import { authenticated, type HttpDeps, type HttpRoute, json } from './pipeline';

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
      name: 'users-lookup',
      methods: ['GET'],
      route: 'users',
      handler: authenticated(deps, async (call) => json(200, { items: await deps.directory.lookUpColleagues(call.viewer, call.query(ColleagueQuery).emails) })),
    },
  ];
}
