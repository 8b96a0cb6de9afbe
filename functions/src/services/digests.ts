import {
  type ActionItem,
  type DealBreaches,
  isoWeek,
  localTime,
  managerDigest,
  managerDigestDue,
  type Message,
  newNotification,
  type Notification,
  repDigest,
  repDigestDue,
  type User,
} from '../domain';
import { notificationId } from './ids';
import type { Clock, FollowUpRepository, New, NotificationRepository } from './ports';
import { TenantDirectory } from './tenant-directory';

export interface DigestSummary {
  tenants: number;
  repDigests: number;
  managerDigests: number;
  /** Digests created by an earlier run of the same hour window. */
  existing: number;
}

/**
 * The `daily-digest` timer, run hourly: each rep on weekdays at their chosen local hour gets one message with what is
 * due today and what is overdue; each manager, on their weekly day and hour, the team's overdue items, slips by
 * reason and deals at risk. Hours are each user's own, so daylight-saving changes move the UTC run with them.
 */
export class DigestService {
  constructor(
    private readonly followUp: FollowUpRepository,
    private readonly notifications: NotificationRepository,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<DigestSummary> {
    const now = this.clock.now();
    const summary: DigestSummary = { tenants: 0, repDigests: 0, managerDigests: 0, existing: 0 };
    for (const tenantId of await this.followUp.tenantIds()) {
      const { users, teams } = await this.followUp.tenantDirectory(tenantId);
      const directory = new TenantDirectory(tenantId, users, teams);
      // Leavers get no digest.
      const active = users.filter((u) => directory.isActive(u.id));
      const reps = active.filter((u) => {
        const { digest } = directory.trapsFor(u.id);
        return repDigestDue(now, u.timeZone, digest.repDailyHour);
      });
      const managers = active.filter((u) => {
        if (directory.teamOf(u.id).length === 0) return false;
        const { digest } = directory.trapsFor(u.id);
        return managerDigestDue(now, u.timeZone, digest.managerWeeklyDay, digest.managerWeeklyHour);
      });
      if (reps.length === 0 && managers.length === 0) continue;
      summary.tenants++;
      const open = await this.followUp.openItems(tenantId);

      for (const rep of reps) {
        const message = repDigest(open.filter((i) => i.accountableId === rep.id), now, rep.timeZone);
        if (!message) continue;
        const created = await this.notifications.createOnce(this.digest(rep, message, `daily:${localTime(now, rep.timeZone).date}`, now));
        if (created) summary.repDigests++;
        else summary.existing++;
      }

      if (managers.length > 0) {
        const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
        const [changed, deals] = await Promise.all([this.followUp.itemsChangedSince(tenantId, weekAgo), this.followUp.openDeals(tenantId)]);
        for (const manager of managers) {
          const members = new Set(directory.teamOf(manager.id));
          const mine = (i: ActionItem) => members.has(i.accountableId);
          const dealsAtRisk = deals.filter((d) => members.has(d.ownerId) && isAtRisk(d.breaches));
          const message = managerDigest(
            { items: open.filter(mine), slipped: changed.filter((i) => mine(i) && i.slips.length > 0), dealsAtRisk, names: new Map(users.map((u) => [u.id, u.displayName])) },
            now,
          );
          const created = await this.notifications.createOnce(this.digest(manager, message, `weekly:${isoWeek(localTime(now, manager.timeZone).date)}`, now));
          if (created) summary.managerDigests++;
          else summary.existing++;
        }
      }
    }
    return summary;
  }

  private digest(user: User, message: Message, period: string, now: Date): New<Notification> {
    return newNotification(
      { id: notificationId(user.tenantId, 'digest', user.id, period), tenantId: user.tenantId, ...message, recipientId: user.id, itemId: null, dealId: null, itemDueAt: null },
      now,
    );
  }
}

function isAtRisk(breaches: DealBreaches | undefined): boolean {
  return Boolean(breaches && (breaches.stale || breaches.noNextStep));
}
