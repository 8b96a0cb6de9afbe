import { Conflict, PreconditionFailed, type Stored } from '../domain';
import type { LeaverService } from './leavers';
import type { DirectoryChanges, FollowUpRepository, JobStateRepository } from './ports';

export interface EntraLeaverSummary {
  /** Tenants whose changes were read. */
  tenants: number;
  /** Tenants Graph refused or failed for (e.g. User.Read.All not granted there); tried again tomorrow. */
  failedTenants: number;
  /** Users Graph reported deleted. */
  removed: number;
  /** Of those, users of Followthrough whose departure was recorded (or finished) now. */
  departures: number;
}

/** Where a tenant's delta query stands (`jobs` container): the link to continue from. */
interface DeltaState extends Stored {
  type: 'entraUsersDelta';
  /** A round under way: its next page. */
  nextLink: string | null;
  /** The last completed round's delta link: the next round starts there. */
  deltaLink: string | null;
}

const DELTA_STATE_ID = 'entra-users-delta';

/**
 * The daily `entra-leavers` timer, where permitted (ENTRA_LEAVERS_CHECK=on and User.Read.All granted): asks
 * Microsoft Graph for each tenant which users were deleted in Entra ID since the last check (`GET /users/delta`,
 * ids only) and treats each one who uses Followthrough as a departure with the default reassignee. The first round
 * of a tenant lists everyone and only sets the starting point. Resumable: the link is saved after each page, and a
 * departure recorded twice is recorded once. Without the adapter (the setting off) it does nothing.
 */
export class EntraLeaverCheck {
  constructor(
    private readonly followUp: FollowUpRepository,
    private readonly jobs: JobStateRepository,
    private readonly leavers: LeaverService,
    private readonly changes: DirectoryChanges | null,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async run(): Promise<EntraLeaverSummary> {
    const summary: EntraLeaverSummary = { tenants: 0, failedTenants: 0, removed: 0, departures: 0 };
    if (!this.changes) return summary;
    for (const tenantId of await this.followUp.tenantIds()) {
      try {
        await this.checkTenant(this.changes, tenantId, summary);
        summary.tenants++;
      } catch (error) {
        // One tenant without the permission (or Graph having a bad day) does not hold up the others.
        summary.failedTenants++;
        this.log(`entra-leavers: tenant ${tenantId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return summary;
  }

  private async checkTenant(changes: DirectoryChanges, tenantId: string, summary: EntraLeaverSummary): Promise<void> {
    let state = await this.jobs.get<DeltaState>(tenantId, DELTA_STATE_ID);
    let link = state?.nextLink ?? state?.deltaLink ?? null;
    for (;;) {
      const page = await changes.page(tenantId, link);
      for (const userId of page.removedUserIds) {
        summary.removed++;
        if (await this.leavers.departFromEntra(tenantId, userId)) summary.departures++;
      }
      const next = { id: DELTA_STATE_ID, tenantId, type: 'entraUsersDelta' as const, nextLink: page.nextLink, deltaLink: page.deltaLink ?? state?.deltaLink ?? null };
      try {
        state = await this.jobs.save<DeltaState>(next, state?.etag ?? null);
      } catch (error) {
        // Another check got there first: it carries on from here.
        if (error instanceof PreconditionFailed || error instanceof Conflict) return;
        throw error;
      }
      if (!page.nextLink) return;
      link = page.nextLink;
    }
  }
}
