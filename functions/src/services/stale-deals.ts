import {
  type ActionItem,
  type Deal,
  dealBreaches,
  type DealBreaches,
  lastDealActivity,
  newNotification,
  NO_BREACHES,
  PreconditionFailed,
} from '../domain';
import { notificationId } from './ids';
import type { Clock, DealRepository, FollowUpRepository, NotificationRepository } from './ports';
import { TenantDirectory } from './tenant-directory';

export interface StaleDealSummary {
  tenants: number;
  dealsChecked: number;
  stale: number;
  noNextStep: number;
  reminders: number;
}

/**
 * The `stale-deals` timer, daily: flags open deals with no activity for `staleDealDays`, or without an open dated
 * next step within `nextStepWithinDays`, and reminds the owner once per breach (the reminder's id is keyed by when
 * the breach began; a breach that ends is cleared, and a later one is new).
 */
export class StaleDealService {
  constructor(
    private readonly followUp: FollowUpRepository,
    private readonly deals: DealRepository,
    private readonly notifications: NotificationRepository,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<StaleDealSummary> {
    const now = this.clock.now();
    const summary: StaleDealSummary = { tenants: 0, dealsChecked: 0, stale: 0, noNextStep: 0, reminders: 0 };
    for (const tenantId of await this.followUp.tenantIds()) {
      const deals = await this.followUp.openDeals(tenantId);
      if (deals.length === 0) continue;
      summary.tenants++;
      const [{ users, teams }, items] = await Promise.all([this.followUp.tenantDirectory(tenantId), this.followUp.dealItems(tenantId)]);
      const directory = new TenantDirectory(tenantId, users, teams);
      const byDeal = new Map<string, ActionItem[]>();
      for (const item of items) {
        if (!item.dealId) continue;
        const list = byDeal.get(item.dealId);
        if (list) list.push(item);
        else byDeal.set(item.dealId, [item]);
      }

      for (const deal of deals) {
        summary.dealsChecked++;
        const dealItems = byDeal.get(deal.id) ?? [];
        const traps = directory.trapsFor(deal.ownerId);
        const breaches = dealBreaches(deal, dealItems, traps, now);
        if (breaches.stale) summary.stale++;
        if (breaches.noNextStep) summary.noNextStep++;
        // The breach is recorded first: its start is what keys the reminder, so it must be stored before anyone is told.
        if (!sameBreaches(deal.breaches ?? NO_BREACHES, breaches) && !(await this.record(deal, breaches))) continue;
        if (!directory.isActive(deal.ownerId)) continue;
        if (breaches.stale) {
          const days = Math.floor((now.getTime() - Date.parse(lastDealActivity(deal, dealItems))) / 86_400_000);
          summary.reminders += Number(await this.remind(deal, 'stale', breaches.stale, `${deal.account} — ${deal.name} has had no activity for ${days} days`, { deal: deal.account, days: String(days) }, now));
        }
        if (breaches.noNextStep) {
          const days = String(traps.nextStepWithinDays);
          summary.reminders += Number(await this.remind(deal, 'no-next-step', breaches.noNextStep, `${deal.account} — ${deal.name} has no next step due within ${days} days`, { deal: deal.account, days }, now));
        }
      }
    }
    return summary;
  }

  private async remind(deal: Deal, kind: 'stale' | 'no-next-step', since: string, text: string, templateParameters: Record<string, string>, now: Date): Promise<boolean> {
    return this.notifications.createOnce(
      newNotification(
        {
          id: notificationId(deal.tenantId, kind, deal.id, since),
          tenantId: deal.tenantId,
          kind: kind === 'stale' ? 'stale-deal' : 'no-next-step',
          activityType: kind === 'stale' ? 'staleDeal' : 'noNextStep',
          text,
          templateParameters,
          recipientId: deal.ownerId,
          itemId: null,
          dealId: deal.id,
          itemDueAt: null,
        },
        now,
      ),
    );
  }

  /** Saves the breaches on the deal; false when a concurrent change to the deal won (the next run records them). */
  private async record(deal: Deal, breaches: DealBreaches): Promise<boolean> {
    try {
      await this.deals.replace({ ...deal, breaches }, deal.etag);
      return true;
    } catch (error) {
      if (error instanceof PreconditionFailed) return false;
      throw error;
    }
  }
}

function sameBreaches(a: DealBreaches, b: DealBreaches): boolean {
  return a.stale === b.stale && a.noNextStep === b.noNextStep;
}
