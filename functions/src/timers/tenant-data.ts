import { tracedTimer } from '../platform/telemetry';
import type { EntraLeaverCheck } from '../services/entra-leavers';
import type { RetentionService } from '../services/retention';
import type { TimerRoute } from './registry';

export interface TenantDataTimerDeps {
  retention: RetentionService;
  entraLeavers: EntraLeaverCheck;
}

/**
 * The tenant's data over the years: retention (daily, 03:00 UTC) and, where permitted, the check for users deleted
 * in Entra ID (daily, 02:30 UTC, before retention). Registered in Azure and scheduled by the local host alike.
 */
export function tenantDataTimers(deps: TenantDataTimerDeps): TimerRoute[] {
  const timers: TimerRoute[] = [
    { name: 'entra-leavers', schedule: '0 30 2 * * *', run: async () => ({ ...(await deps.entraLeavers.run()) }) },
    { name: 'retention', schedule: '0 0 3 * * *', run: async () => ({ ...(await deps.retention.run()) }) },
  ];
  return timers.map(tracedTimer);
}
