import {
  type ActionItem,
  type ActionItemCreateInput,
  type ActionItemListQuery,
  type ActionItemPatchInput,
  type ActionItemView,
  accountableFor,
  applyActionItemPatch,
  type AuditVia,
  canSeeDeal,
  canSeeItem,
  Conflict,
  type Deal,
  DEFAULT_SNOOZE_LIMIT,
  type FieldIssue,
  InvalidInput,
  isAdmin,
  newActionItem,
  NotFound,
  type Owner,
  reassignItem,
  type SnoozeInput,
  snoozeEnd,
  snoozeLadder,
  toActionItemView,
  type Viewer,
} from '../domain';
import { type AuditContext, type AuditTrail, auditBy, itemChanged, itemCreated } from './audit';
import type { DirectoryService } from './directory';
import type { ErasedContactCheck } from './erasure';
import type { IdSource } from './ids';
import type { CursorCodec, CursorScope, ListPage } from './paging';
import type { ActionItemRepository, Clock, DealRepository } from './ports';
import { changeIfMatch } from './versions';

/** Creating, reading, listing, changing and removing action items, as the caller is allowed to. */
export class ActionItemService {
  constructor(
    private readonly items: ActionItemRepository,
    private readonly deals: DealRepository,
    private readonly directory: DirectoryService,
    private readonly clock: Clock,
    private readonly cursors: CursorCodec,
    private readonly audit: AuditTrail,
    /** Contacts erased while a write was under way leave again at once (services/erasure.ts). */
    private readonly erased: ErasedContactCheck | null = null,
  ) {}

  async create(viewer: Viewer, input: ActionItemCreateInput, ids: IdSource, via: AuditVia = 'api'): Promise<ActionItemView> {
    const [deal, ownerIssues] = await Promise.all([
      input.dealId ? this.dealFor(viewer, input.dealId) : Promise.resolve(null),
      this.ownerIssues(viewer, input.owner, 'owner.userId'),
    ]);
    const issues: FieldIssue[] = [...ownerIssues];
    if (input.dealId && !deal) issues.push({ path: 'dealId', message: 'No such deal' });
    if (issues.length > 0) throw new InvalidInput(issues);

    const now = this.clock.now();
    const item = newActionItem(input, {
      id: ids.next(),
      tenantId: viewer.tenantId,
      createdBy: viewer.userId,
      accountableId: accountableFor(input.owner, { dealOwnerId: deal?.ownerId ?? null, createdBy: viewer.userId }),
      source: 'manual',
      meetingKey: input.meetingKey ?? null,
      dealId: deal?.id ?? null,
      now,
    });
    let saved: ActionItem;
    try {
      saved = await this.items.create(item);
    } catch (error) {
      // A retried create (same Idempotency-Key, derived id) after a failure between writing and answering.
      if (!(error instanceof Conflict)) throw error;
      const existing = await this.items.get(viewer.tenantId, item.id);
      if (!existing || existing.createdBy !== viewer.userId) throw error;
      saved = existing;
    }
    // Recorded again on a retry: the entry's id is the item's creation, so it is written once.
    await this.audit.record(auditBy(viewer, via), [itemCreated(saved)]);
    return toActionItemView(await this.afterErasure(viewer, saved), now);
  }

  async get(viewer: Viewer, id: string): Promise<ActionItemView> {
    return toActionItemView(await this.visibleItem(viewer, id), this.clock.now());
  }

  async list(viewer: Viewer, query: ActionItemListQuery): Promise<ListPage<ActionItemView>> {
    const now = this.clock.now();
    const { limit, cursor, ...filters } = query;
    const accountableId = filters.ownerId === 'me' ? viewer.userId : filters.ownerId;
    const scope: CursorScope = { list: 'action-items', tenantId: viewer.tenantId, userId: viewer.userId, filters };
    const page = await this.items.list(
      {
        tenantId: viewer.tenantId,
        visibleTo: isAdmin(viewer) ? undefined : viewer.visibleUserIds,
        accountableId,
        dealId: filters.dealId,
        meetingKey: filters.meetingKey,
        status: filters.status,
        dueBefore: filters.dueBefore,
        now: now.toISOString(),
      },
      { limit, continuationToken: await this.cursors.decode(scope, cursor) },
    );
    return {
      items: page.items.map((item) => toActionItemView(item, now)),
      nextCursor: await this.cursors.encode(scope, page.continuationToken),
    };
  }

  /** Applies a patch if `ifMatch` names the current version. Moving a due date later needs a slip reason. */
  async update(viewer: Viewer, id: string, patch: ActionItemPatchInput, ifMatch: string, via: AuditVia = 'api'): Promise<ActionItemView> {
    if (patch.owner) {
      const issues = await this.ownerIssues(viewer, patch.owner, 'owner.userId');
      if (issues.length > 0) throw new InvalidInput(issues);
    }
    return changeIfMatch(
      ifMatch,
      () => this.visibleItem(viewer, id),
      async (item) => {
        let accountableId: string | undefined;
        if (patch.owner) {
          const deal = patch.owner.type === 'contact' && item.dealId ? await this.deals.get(viewer.tenantId, item.dealId) : null;
          accountableId = accountableFor(patch.owner, { dealOwnerId: deal?.ownerId ?? null, createdBy: item.createdBy });
        }
        const now = this.clock.now();
        const next = applyActionItemPatch(item, patch, { now, by: viewer.userId, accountableId });
        const saved = await this.items.replace(next, item.etag);
        const reassigned = saved.accountableId !== item.accountableId || JSON.stringify(saved.owner) !== JSON.stringify(item.owner);
        await this.audit.record(auditBy(viewer, via), [itemChanged(reassigned ? 'reassign' : 'update', item, saved)]);
        return toActionItemView(await this.afterErasure(viewer, saved), now);
      },
    );
  }

  /** Soft delete: the item leaves every list and read, and stays in storage. */
  async remove(viewer: Viewer, id: string, ifMatch: string, via: AuditVia = 'api'): Promise<void> {
    await changeIfMatch(
      ifMatch,
      () => this.visibleItem(viewer, id),
      async (item) => {
        const saved = await this.items.replace({ ...item, deleted: true, nextNudgeAt: null, updatedAt: this.clock.now().toISOString() }, item.etag);
        await this.audit.record(auditBy(viewer, via), [itemChanged('delete', item, saved)]);
      },
    );
  }

  /**
   * Snoozes the item's next reminder until tomorrow (24 hours) or Monday (the start of the accountable user's day, in
   * their zone): its ladder restarts then, from the next step (domain/ladder.ts). The due date stays: no slip. At most
   * the team's `snoozeLimit` times per item (409 beyond it); a snooze that would move nothing — the next reminder is
   * that late anyway, or none is coming — changes nothing and is not counted. A Snooze on a card comes here with
   * `via: 'card'`.
   */
  async snooze(viewer: Viewer, id: string, input: SnoozeInput, ifMatch: string, via: AuditVia = 'api'): Promise<ActionItemView> {
    return changeIfMatch(
      ifMatch,
      () => this.visibleItem(viewer, id),
      async (item) => {
        if (item.status !== 'open') throw new Conflict(`This item is ${item.status}: no reminder is coming to snooze.`);
        const { timeZone, traps } = await this.directory.followUpSettingsOf(viewer.tenantId, item.accountableId);
        const limit = traps.snoozeLimit ?? DEFAULT_SNOOZE_LIMIT;
        const snoozes = item.snoozes ?? [];
        if (snoozes.length >= limit) {
          throw new Conflict(
            limit === 0
              ? "This team's traps do not allow snoozing reminders. Give the item a new date with the reason, or get it done."
              : `Snoozed ${snoozes.length} ${snoozes.length === 1 ? 'time' : 'times'} already, this team's limit for one item. Give it a new date with the reason, or get it done.`,
          );
        }
        const now = this.clock.now();
        const moved = snoozeLadder(item, traps.ladder, snoozeEnd(input.until, now, timeZone, traps.digest.repDailyHour), now);
        if (!moved) return toActionItemView(item, now);
        const snooze = { at: now.toISOString(), until: input.until, restartsAt: moved.ladderRestart.at, by: viewer.userId };
        const saved = await this.items.replace({ ...item, ...moved, snoozes: [...snoozes, snooze], updatedAt: now.toISOString() }, item.etag);
        await this.audit.record(auditBy(viewer, via), [itemChanged('update', item, saved)]);
        return toActionItemView(saved, now);
      },
    );
  }

  /**
   * Gives an open item a leaver is accountable for to the reassignee, with a note (domain/leavers.ts), under If-Match
   * `*`: a concurrent change is read again and the reassignment worked out on it. Null when the item is no longer
   * the leaver's open item (moved already, or closed meanwhile): nothing to do.
   */
  async reassign(viewer: Viewer, id: string, fromUserId: string, toUserId: string, note: string, context: AuditContext): Promise<ActionItemView | null> {
    return changeIfMatch(
      '*',
      () => this.visibleItem(viewer, id),
      async (item) => {
        if (item.accountableId !== fromUserId || item.status !== 'open') return null;
        const now = this.clock.now();
        const saved = await this.items.replace(reassignItem(item, toUserId, note, now), item.etag);
        await this.audit.record(context, [itemChanged('reassign', item, saved)]);
        return toActionItemView(saved, now);
      },
    );
  }

  /**
   * Puts an open item on its owner's next review agenda (a manager's "Add to agenda" on an escalation card), under
   * If-Match like every change; an item that is there already, or closed, stays as it is.
   */
  async flagForReview(viewer: Viewer, id: string, ifMatch: string, via: AuditVia = 'api'): Promise<ActionItemView> {
    return changeIfMatch(
      ifMatch,
      () => this.visibleItem(viewer, id),
      async (item) => {
        const now = this.clock.now();
        if (item.flaggedForReviewAt || item.status !== 'open') return toActionItemView(item, now);
        const saved = await this.items.replace({ ...item, flaggedForReviewAt: now.toISOString(), updatedAt: now.toISOString() }, item.etag);
        await this.audit.record(auditBy(viewer, via), [itemChanged('update', item, saved)]);
        return toActionItemView(saved, now);
      },
    );
  }

  /** The item as stored after the erased-contact check: read again when it named a contact erased meanwhile. */
  private async afterErasure(viewer: Viewer, saved: ActionItem): Promise<ActionItem> {
    if (!this.erased || (await this.erased.afterWrite(viewer.tenantId, [saved])).length === 0) return saved;
    return (await this.items.get(viewer.tenantId, saved.id)) ?? saved;
  }

  private async visibleItem(viewer: Viewer, id: string): Promise<ActionItem> {
    const item = await this.items.get(viewer.tenantId, id);
    if (!item || item.deleted || !canSeeItem(viewer, item)) throw new NotFound('The action item');
    return item;
  }

  private async dealFor(viewer: Viewer, dealId: string): Promise<Deal | null> {
    const deal = await this.deals.get(viewer.tenantId, dealId);
    return deal && canSeeDeal(viewer, deal) ? deal : null;
  }

  private async ownerIssues(viewer: Viewer, owner: Owner, path: string): Promise<FieldIssue[]> {
    if (owner.type !== 'user' || owner.userId === viewer.userId) return [];
    return this.directory.unknownUsers(viewer.tenantId, [{ path, userId: owner.userId }]);
  }
}
