import { tracedTimer } from '../platform/telemetry';
import type { ExportWorker } from '../services/exports';
import type { TimerRoute } from './registry';

export interface TenantExportTimerDeps {
  exportWorker: ExportWorker;
}

/**
 * Tenants' exports are written here, never in a request: every minute, page by page with a pause between pages,
 * within a time budget; what is left goes on next minute from the job's checkpoint. Expired exports are deleted.
 */
export function tenantExportTimers(deps: TenantExportTimerDeps): TimerRoute[] {
  return [{ name: 'tenant-exports', schedule: '0 * * * * *', run: async () => ({ ...(await deps.exportWorker.run()) }) }].map(tracedTimer);
}
