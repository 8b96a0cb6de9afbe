import { APP_VERSION } from '../platform/version';
import { json, type HttpRoute } from './pipeline';

/** Anonymous liveness probe. */
export function healthRoutes(): HttpRoute[] {
  return [
    {
      name: 'health-get',
      methods: ['GET'],
      route: 'health',
      handler: async () => json(200, { status: 'ok', version: APP_VERSION }),
    },
  ];
}
