import {
  type ActionItem,
  ladderMessage,
  type LadderAction,
  type Message,
  newNotification,
  type Notification,
  nextLadderStep,
  PreconditionFailed,
  recordNudges,
} from '../domain';
import { type AuditTrail, auditBySystem, itemChanged } from './audit';
import { notificationId } from './ids';
import type { ActionItemRepository, Clock, FollowUpRepository, New, NotificationRepository } from './ports';
import { TenantDirectories, type TenantDirectory } from './tenant-directory';

export interface SweepSummary {
  itemsExamined: number;
  stepsTaken: number;
  notificationsCreated: number;
  /** Notifications another run had created already (nothing sent twice). */
  notificationsExisting: number;
  /** Items another writer changed while we looked; re-read and redone. */
  retries: number;
}

export interface SweepOptions {
  /** For tests: fail after this many items, as a crash midway would. */
  failAfter?: number;
  pageSize?: number;
}

/**
 * The `overdue-sweep` timer: takes the next ladder step for every open item whose `nextNudgeAt` has passed. Each step
 * creates its notification with an id derived from (item, due date, step), then records the step on the item with
 * If-Match. Killed midway or run twice at once, every notification is still created exactly once: a second create
 * is a conflict, and a stale item write is re-read and finds the step already recorded. Its reads grow with the
 * number of items due, not with all items.
 */
export class OverdueSweep {
  constructor(
    private readonly followUp: FollowUpRepository,
    private readonly items: ActionItemRepository,
    private readonly notifications: NotificationRepository,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async run(options: SweepOptions = {}): Promise<SweepSummary> {
    const now = this.clock.now();
    const directories = new TenantDirectories(this.followUp);
    const summary: SweepSummary = { itemsExamined: 0, stepsTaken: 0, notificationsCreated: 0, notificationsExisting: 0, retries: 0 };
    let continuationToken: string | undefined;
    do {
      const page = await this.followUp.itemsDueForNudge(now.toISOString(), { limit: options.pageSize ?? 100, continuationToken });
      for (const item of page.items) {
        await this.advance(item, await directories.get(item.tenantId), now, summary);
        summary.itemsExamined++;
        if (options.failAfter !== undefined && summary.itemsExamined >= options.failAfter) {
          throw new Error(`overdue-sweep: injected failure after ${summary.itemsExamined} items`);
        }
      }
      continuationToken = page.continuationToken ?? undefined;
    } while (continuationToken);
    return summary;
  }

  private async advance(first: ActionItem, directory: TenantDirectory, now: Date, summary: SweepSummary): Promise<void> {
    let item: ActionItem | null = first;
    for (let attempt = 0; item && attempt < 5; attempt++) {
      const decision = nextLadderStep(item, directory.trapsFor(item.accountableId).ladder, now);
      const outcomes = new Map<number, 'taken' | 'no-recipient'>();
      let flagged = item.flaggedForReviewAt;
      for (const step of decision.take) {
        const recipientId = this.recipientFor(step.action, item, directory);
        outcomes.set(step.step, recipientId ? 'taken' : 'no-recipient');
        if (!recipientId) continue;
        if (step.action === 'flag-agenda') flagged ??= now.toISOString();
        const message = ladderMessage(step.action, item, now, directory.nameOf(item.accountableId));
        const created = await this.notifications.createOnce(this.notification(item, step.step, recipientId, message, now));
        if (created) summary.notificationsCreated++;
        else summary.notificationsExisting++;
      }
      const next: ActionItem = {
        ...item,
        nudges: [...item.nudges, ...recordNudges(decision, now, (step) => outcomes.get(step) ?? 'taken')],
        nextNudgeAt: decision.nextNudgeAt,
        flaggedForReviewAt: flagged,
      };
      let saved: ActionItem;
      try {
        saved = await this.items.replace(next, item.etag);
      } catch (error) {
        if (!(error instanceof PreconditionFailed)) throw error;
        summary.retries++;
        item = await this.items.get(item.tenantId, item.id);
        continue;
      }
      summary.stepsTaken += decision.take.length;
      // The steps taken are the change (one entry per item per run); a write that only moved `nextNudgeAt` is not.
      if (decision.take.length > 0) await this.audit.record(auditBySystem(item.tenantId, 'overdue-sweep'), [{ ...itemChanged('update', item, saved), at: now.toISOString() }]);
      return;
    }
  }

  private recipientFor(action: LadderAction, item: ActionItem, directory: TenantDirectory): string | null {
    if (action === 'notify-manager') return directory.managerOf(item.accountableId);
    // A leaver is told nothing (their open items moved to the reassignee when they left): `no-recipient`.
    return directory.isActive(item.accountableId) ? item.accountableId : null;
  }

  private notification(item: ActionItem, step: number, recipientId: string, message: Message, now: Date): New<Notification> {
    return newNotification(
      {
        id: notificationId(item.tenantId, 'ladder', item.id, item.dueAt, String(step), recipientId),
        tenantId: item.tenantId,
        ...message,
        recipientId,
        itemId: item.id,
        dealId: item.dealId,
        itemDueAt: item.dueAt,
      },
      now,
    );
  }
}
