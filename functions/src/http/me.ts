import { describeViewer } from '../services/me';
import { authenticated, type HttpDeps, type HttpRoute, json } from './pipeline';

export function meRoutes(deps: HttpDeps): HttpRoute[] {
  return [
    {
      name: 'me-get',
      methods: ['GET'],
      route: 'me',
      handler: authenticated(deps, async (call) => json(200, describeViewer(call.viewer))),
    },
  ];
}
