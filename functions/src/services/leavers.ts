import {
  Conflict,
  type Departure,
  type DepartureInput,
  type DepartureView,
  InvalidInput,
  isDeparted,
  isOpenDeal,
  managerOf,
  NotFound,
  PreconditionFailed,
  reassignmentNote,
  toDepartureView,
  type User,
  type Viewer,
} from '../domain';
import type { ActionItemService } from './action-items';
import { type AuditContext, type AuditTrail, auditBy, auditBySystem } from './audit';
import type { DealService } from './deals';
import type { DirectoryService } from './directory';
import type { ActionItemRepository, Clock, DealRepository, TeamRepository, UserRepository } from './ports';
import { requireTenantAdmin } from './tenant-admin';
import type { TeamService } from './teams';

/** Items moved per page; the departure records a page's ids before it moves them. */
const PAGE = 100;
const WRITE_ATTEMPTS = 5;

/** The system acting as a tenant admin (the Entra check): never a user of the tenant. */
export function systemViewer(tenantId: string, name: string): Viewer {
  return { tenantId, userId: `system:${name}`, displayName: name, email: '', roles: ['admin'], teamIds: [], visibleUserIds: [] };
}

type LeaverWithDeparture = User & { departure: Departure };

/**
 * Leavers: a user who left the organization is marked departed (nobody's pick any more, no digest, no ladder step),
 * and their open items, open deals and teams go to a reassignee — the one the admin names, else their manager, else
 * the calling admin. Every move goes through the services the API uses (ActionItemService, DealService, TeamService)
 * under their If-Match rules, with a note on each item and deal and an audit entry `via: admin` (or `timer`).
 *
 * Idempotent and resumable: the departure is recorded on the user first (with the ids of each page of items before
 * they move), then the work moves, then it is marked complete. A second PUT answers the same departure; one after a
 * crash midway finishes what the first began. Nothing moves twice: a move is "the leaver's open item or deal becomes
 * the reassignee's", which is true once.
 */
export class LeaverService {
  constructor(
    private readonly users: UserRepository,
    private readonly teams: TeamRepository,
    private readonly itemRepo: ActionItemRepository,
    private readonly dealRepo: DealRepository,
    private readonly actionItems: ActionItemService,
    private readonly deals: DealService,
    private readonly teamService: TeamService,
    private readonly directory: DirectoryService,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** `PUT /api/tenant/users/{userId}/departure`: a tenant admin records that someone left. */
  async depart(viewer: Viewer, userId: string, input: DepartureInput): Promise<DepartureView> {
    requireTenantAdmin(viewer);
    const leaver = await this.users.get(viewer.tenantId, userId);
    if (!leaver) throw new NotFound('The user');
    return this.carryOut(viewer, auditBy(viewer, 'admin'), 'admin', leaver, input.reassignTo, viewer.userId);
  }

  /**
   * A user deleted in Entra ID (the daily check): a departure with the default reassignee — their manager; with
   * none, nobody yet (an admin names one with the PUT, which then finishes the hand-over). Null when there is
   * nothing to do: not a user of Followthrough, or their departure is complete already.
   */
  async departFromEntra(tenantId: string, userId: string): Promise<DepartureView | null> {
    const leaver = await this.users.get(tenantId, userId);
    if (!leaver || leaver.departure?.completedAt) return null;
    return this.carryOut(systemViewer(tenantId, 'entra-leavers'), auditBySystem(tenantId, 'entra-leavers'), 'timer', leaver, undefined, null);
  }

  private async carryOut(actor: Viewer, context: AuditContext, via: Departure['via'], leaver: User, requested: string | undefined, caller: string | null): Promise<DepartureView> {
    const earlier = leaver.departure;
    let reassignTo = earlier?.reassignTo ?? null;
    if (requested !== undefined && requested !== reassignTo) {
      if (reassignTo !== null) throw new Conflict(`${leaver.displayName} has left already, and their work went to someone else.`);
      await this.checkReassignee(leaver, requested);
      reassignTo = requested;
    }
    if (earlier?.completedAt) return toDepartureView(leaver as LeaverWithDeparture);
    if (reassignTo === null) reassignTo = await this.defaultReassignee(leaver, caller);
    if (reassignTo === null && via === 'admin') {
      throw new InvalidInput([{ path: 'reassignTo', message: `${leaver.displayName || 'This person'} has no manager: name who takes over their work` }]);
    }

    // Recorded first: from here on nobody gives them work, and a crash below is finished by the next PUT.
    const now = this.clock.now();
    let user = await this.saveDeparture(leaver.tenantId, leaver.id, (d) =>
      d ? { ...d, reassignTo } : { at: now.toISOString(), by: context.by, via, reassignTo, completedAt: null, movedItemIds: [], movedDealIds: [], teamIds: [], anonymizedAt: null },
    );
    this.directory.forgetUsers();
    if (!earlier) {
      await this.audit.record(context, [{ entity: { kind: 'user', id: leaver.id }, action: 'depart', before: leaver, after: user, at: user.departure.at, version: 'depart' }]);
    }
    if (reassignTo === null) return toDepartureView(user);

    const to = reassignTo;
    const note = reassignmentNote(leaver.displayName, user.departure);
    await this.moveDeals(actor, context, user, to, note);
    user = await this.moveItems(actor, context, user, to, note);
    const teamIds = await this.teamService.handOver(actor, leaver.id, to, context);
    user = await this.saveDeparture(leaver.tenantId, leaver.id, (d) => ({ ...(d as Departure), teamIds: [...new Set([...(d as Departure).teamIds, ...teamIds])].sort(), completedAt: this.clock.now().toISOString() }));
    this.directory.forgetUsers();
    return toDepartureView(user);
  }

  private async moveDeals(actor: Viewer, context: AuditContext, user: LeaverWithDeparture, to: string, note: string): Promise<void> {
    const open = (await this.dealRepo.ownedBy(user.tenantId, [user.id])).filter(isOpenDeal).map((d) => d.id);
    if (open.length === 0) return;
    await this.saveDeparture(user.tenantId, user.id, (d) => ({ ...(d as Departure), movedDealIds: union((d as Departure).movedDealIds, open) }));
    const kept: string[] = [];
    for (const id of open) {
      if (!(await this.deals.reassign(actor, id, user.id, to, note, context))) kept.push(id);
    }
    if (kept.length > 0) await this.saveDeparture(user.tenantId, user.id, (d) => ({ ...(d as Departure), movedDealIds: (d as Departure).movedDealIds.filter((id) => !kept.includes(id)) }));
  }

  /** The leaver's open items, a page at a time: each page moved leaves the query, so the next page is the first again. */
  private async moveItems(actor: Viewer, context: AuditContext, user: LeaverWithDeparture, to: string, note: string): Promise<LeaverWithDeparture> {
    let current = user;
    for (;;) {
      const page = await this.itemRepo.list({ tenantId: user.tenantId, accountableId: user.id, status: 'open', now: this.clock.now().toISOString() }, { limit: PAGE });
      const ids = page.items.map((i) => i.id);
      if (ids.length === 0) return current;
      current = await this.saveDeparture(user.tenantId, user.id, (d) => ({ ...(d as Departure), movedItemIds: union((d as Departure).movedItemIds, ids) }));
      const kept: string[] = [];
      for (const id of ids) {
        if (!(await this.actionItems.reassign(actor, id, user.id, to, note, context))) kept.push(id);
      }
      if (kept.length > 0) current = await this.saveDeparture(user.tenantId, user.id, (d) => ({ ...(d as Departure), movedItemIds: (d as Departure).movedItemIds.filter((id) => !kept.includes(id)) }));
      // A page of which nothing moved would come back as it is: stop rather than go round.
      if (kept.length === ids.length) return current;
    }
  }

  /** Their manager if they have one who has not left; else the calling admin (never the leaver themselves). */
  private async defaultReassignee(leaver: User, caller: string | null): Promise<string | null> {
    const manager = managerOf(leaver.id, await this.teams.listAll(leaver.tenantId));
    if (manager && manager !== leaver.id) {
      const user = await this.users.get(leaver.tenantId, manager);
      if (user && !isDeparted(user)) return manager;
    }
    return caller && caller !== leaver.id ? caller : null;
  }

  private async checkReassignee(leaver: User, userId: string): Promise<void> {
    if (userId === leaver.id) throw new InvalidInput([{ path: 'reassignTo', message: 'Must be someone other than the person who is leaving' }]);
    const user = await this.users.get(leaver.tenantId, userId);
    if (!user) throw new InvalidInput([{ path: 'reassignTo', message: 'No such user in your organization' }]);
    if (isDeparted(user)) throw new InvalidInput([{ path: 'reassignTo', message: 'This person has left your organization too' }]);
  }

  /** Read, change, write the user's departure under If-Match, again on a concurrent change. */
  private async saveDeparture(tenantId: string, userId: string, change: (departure: Departure | undefined) => Departure): Promise<LeaverWithDeparture> {
    for (let attempt = 1; ; attempt++) {
      const user = await this.users.get(tenantId, userId);
      if (!user) throw new NotFound('The user');
      try {
        return (await this.users.replace({ ...user, departure: change(user.departure) }, user.etag)) as LeaverWithDeparture;
      } catch (error) {
        if (!(error instanceof PreconditionFailed) || attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  }
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}
