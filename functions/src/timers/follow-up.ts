import { tracedTimer } from '../platform/telemetry';
import type { DigestService } from '../services/digests';
import type { NotificationDispatcher } from '../services/dispatch';
import type { OverdueSweep } from '../services/overdue-sweep';
import type { StaleDealService } from '../services/stale-deals';
import type { TimerRoute } from './registry';

export interface TimerDeps {
  overdueSweep: OverdueSweep;
  dispatcher: NotificationDispatcher;
  digests: DigestService;
  staleDeals: StaleDealService;
}

/** The follow-up engine: what is there when the manager can't be. Each run is one span (platform/telemetry.ts). */
export function followUpTimers(deps: TimerDeps): TimerRoute[] {
  const timers: TimerRoute[] = [
    { name: 'overdue-sweep', schedule: '0 */5 * * * *', run: async () => ({ ...(await deps.overdueSweep.run()) }) },
    { name: 'notification-dispatch', schedule: '0 * * * * *', run: async () => ({ ...(await deps.dispatcher.run()) }) },
    // Hourly: each user's digest goes out at their own local hour.
    { name: 'daily-digest', schedule: '0 0 * * * *', run: async () => ({ ...(await deps.digests.run()) }) },
    { name: 'stale-deals', schedule: '0 30 5 * * *', run: async () => ({ ...(await deps.staleDeals.run()) }) },
  ];
  return timers.map(tracedTimer);
}
