import {
  type AuditVia,
  canSeeDeal,
  canSeeUsersWork,
  Conflict,
  type Deal,
  type DealCreateInput,
  type DealListQuery,
  type DealPatchInput,
  type DealView,
  Forbidden,
  InvalidInput,
  isAdmin,
  isOpenDeal,
  NotFound,
  reassignDeal,
  toDealView,
  type Viewer,
} from '../domain';
import { type AuditContext, type AuditTrail, auditBy } from './audit';
import type { DirectoryService } from './directory';
import type { IdSource } from './ids';
import type { CursorCodec, CursorScope, ListPage } from './paging';
import type { Clock, DealRepository, New } from './ports';
import { changeIfMatch } from './versions';

/** Deals: a rep works their own; a manager also their team members'; an admin the whole tenant. */
export class DealService {
  constructor(
    private readonly deals: DealRepository,
    private readonly directory: DirectoryService,
    private readonly clock: Clock,
    private readonly cursors: CursorCodec,
    private readonly audit: AuditTrail,
  ) {}

  async create(viewer: Viewer, input: DealCreateInput, ids: IdSource, via: AuditVia = 'api'): Promise<DealView> {
    const ownerId = input.ownerId ?? viewer.userId;
    await this.checkOwner(viewer, ownerId);
    const now = this.clock.now().toISOString();
    const doc: New<Deal> = {
      id: ids.next(),
      tenantId: viewer.tenantId,
      type: 'deal',
      name: input.name,
      account: input.account,
      stage: input.stage,
      amount: input.amount,
      currency: input.currency,
      closeDate: input.closeDate ?? null,
      ownerId,
      createdBy: viewer.userId,
      createdAt: now,
      updatedAt: now,
      lastActivityAt: now,
    };
    let deal: Deal;
    try {
      deal = await this.deals.create(doc);
    } catch (error) {
      // A retried create (same Idempotency-Key, derived id) after a failure between writing and answering.
      if (!(error instanceof Conflict)) throw error;
      const existing = await this.deals.get(viewer.tenantId, doc.id);
      if (!existing || existing.createdBy !== viewer.userId) throw error;
      deal = existing;
    }
    await this.audit.record(auditBy(viewer, via), [{ entity: { kind: 'deal', id: deal.id }, action: 'create', before: null, after: deal, at: deal.createdAt, version: 'create' }]);
    return toDealView(deal);
  }

  async get(viewer: Viewer, id: string): Promise<DealView> {
    return toDealView(await this.visibleDeal(viewer, id));
  }

  async list(viewer: Viewer, query: DealListQuery): Promise<ListPage<DealView>> {
    const { limit, cursor, ...filters } = query;
    const scope: CursorScope = { list: 'deals', tenantId: viewer.tenantId, userId: viewer.userId, filters };
    const page = await this.deals.list(
      {
        tenantId: viewer.tenantId,
        visibleTo: isAdmin(viewer) ? undefined : viewer.visibleUserIds,
        ownerId: filters.ownerId === 'me' ? viewer.userId : filters.ownerId,
        stage: filters.stage,
      },
      { limit, continuationToken: await this.cursors.decode(scope, cursor) },
    );
    return { items: page.items.map(toDealView), nextCursor: await this.cursors.encode(scope, page.continuationToken) };
  }

  async update(viewer: Viewer, id: string, patch: DealPatchInput, ifMatch: string, via: AuditVia = 'api'): Promise<DealView> {
    return changeIfMatch(
      ifMatch,
      () => this.visibleDeal(viewer, id),
      async (deal) => {
        if (patch.ownerId !== undefined && patch.ownerId !== deal.ownerId) await this.checkOwner(viewer, patch.ownerId);
        const now = this.clock.now().toISOString();
        const next: Deal = { ...deal, ...stripUndefined(patch), updatedAt: now, lastActivityAt: now };
        const saved = await this.deals.replace(next, deal.etag);
        const action = saved.ownerId === deal.ownerId ? 'update' : 'reassign';
        await this.audit.record(auditBy(viewer, via), [{ entity: { kind: 'deal', id: saved.id }, action, before: deal, after: saved, at: now, version: saved.etag }]);
        return toDealView(saved);
      },
    );
  }

  /**
   * Gives an open deal of a leaver to the reassignee, with a note, under If-Match `*` (a concurrent change is read
   * again and the reassignment worked out on it). Null when it is no longer the leaver's open deal.
   */
  async reassign(viewer: Viewer, id: string, fromUserId: string, toUserId: string, note: string, context: AuditContext): Promise<DealView | null> {
    return changeIfMatch(
      '*',
      () => this.visibleDeal(viewer, id),
      async (deal) => {
        if (deal.ownerId !== fromUserId || !isOpenDeal(deal)) return null;
        const saved = await this.deals.replace(reassignDeal(deal, toUserId, note, this.clock.now()), deal.etag);
        await this.audit.record(context, [{ entity: { kind: 'deal', id: saved.id }, action: 'reassign', before: deal, after: saved, at: saved.updatedAt, version: saved.etag }]);
        return toDealView(saved);
      },
    );
  }

  private async visibleDeal(viewer: Viewer, id: string): Promise<Deal> {
    const deal = await this.deals.get(viewer.tenantId, id);
    if (!deal || !canSeeDeal(viewer, deal)) throw new NotFound('The deal');
    return deal;
  }

  /** A deal may be given to yourself, a member of a team you manage, or (admins) anyone in the tenant. */
  private async checkOwner(viewer: Viewer, ownerId: string): Promise<void> {
    if (ownerId === viewer.userId) return;
    if (!canSeeUsersWork(viewer, ownerId)) {
      throw new Forbidden('You can give deals only to yourself or to members of the teams you manage.');
    }
    const issues = await this.directory.unknownUsers(viewer.tenantId, [{ path: 'ownerId', userId: ownerId }]);
    if (issues.length > 0) throw new InvalidInput(issues);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
