import { tracedHttpRoute } from '../platform/telemetry';
import { actionItemRoutes } from './action-items';
import { auditRoutes } from './audit';
import { dealRoutes } from './deals';
import { departureRoutes } from './departures';
import { healthRoutes } from './health';
import { meetingRoutes } from './meetings';
import { meRoutes } from './me';
import { messageRoutes } from './messages';
import { notificationRoutes } from './notifications';
import { reviewRoutes } from './reviews';
import { teamRoutes } from './teams';
import { tenantErasureRoutes } from './tenant-erasure';
import { tenantExportRoutes } from './tenant-exports';
import { tenantSettingsRoutes } from './tenant-settings';
import type { HttpDeps, HttpRoute } from './pipeline';

/**
 * Every HTTP function of the app: index.ts registers them with app.http, the local host serves the same table. Each
 * handler runs in one span (platform/telemetry.ts), wherever it is served.
 */
export function httpRoutes(deps: HttpDeps): HttpRoute[] {
  return [...healthRoutes(), ...meRoutes(deps), ...dealRoutes(deps), ...actionItemRoutes(deps), ...auditRoutes(deps), ...meetingRoutes(deps), ...teamRoutes(deps), ...notificationRoutes(deps), ...reviewRoutes(deps), ...tenantSettingsRoutes(deps), ...departureRoutes(deps), ...tenantErasureRoutes(deps), ...tenantExportRoutes(deps), ...messageRoutes(deps)].map(tracedHttpRoute);
}
