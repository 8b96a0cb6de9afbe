import type { ActionItem } from './action-item';
import { DAY_MS } from './common';
import { type Deal, isOpenDeal } from './deal';
import type { Traps } from './traps';

export type DealBreach = 'stale' | 'no-next-step';

/** When each breach of a deal's traps began; null when the deal keeps the rule. */
export interface DealBreaches {
  stale: string | null;
  noNextStep: string | null;
}

export const NO_BREACHES: DealBreaches = { stale: null, noNextStep: null };

/** The latest sign of life of a deal: the deal itself changing, or any of its items being created, changed or done. */
export function lastDealActivity(deal: Pick<Deal, 'lastActivityAt'>, items: Pick<ActionItem, 'createdAt' | 'updatedAt' | 'completedAt'>[]): string {
  let latest = deal.lastActivityAt;
  for (const item of items) {
    if (item.createdAt > latest) latest = item.createdAt;
    if (item.updatedAt > latest) latest = item.updatedAt;
    if (item.completedAt && item.completedAt > latest) latest = item.completedAt;
  }
  return latest;
}

/** Whether an open deal has an open, dated item tagged next-step due within the trap's window (overdue ones count). */
export function hasNextStep(items: Pick<ActionItem, 'status' | 'deleted' | 'tags' | 'dueAt'>[], traps: Pick<Traps, 'nextStepWithinDays'>, now: Date): boolean {
  const horizon = new Date(now.getTime() + traps.nextStepWithinDays * DAY_MS).toISOString();
  return items.some((i) => i.status === 'open' && !i.deleted && i.dueAt <= horizon && i.tags.includes('next-step'));
}

/**
 * A deal's breaches now. A breach that continues keeps its start, so its owner is reminded once per breach; a breach
 * that ends is cleared, and a new one later is a new breach.
 */
export function dealBreaches(deal: Deal, items: ActionItem[], traps: Traps, now: Date): DealBreaches {
  if (!isOpenDeal(deal)) return NO_BREACHES;
  const previous = deal.breaches ?? NO_BREACHES;
  const quietSince = lastDealActivity(deal, items);
  const stale = now.getTime() - Date.parse(quietSince) > traps.staleDealDays * DAY_MS;
  const noNextStep = !hasNextStep(items, traps, now);
  return {
    stale: stale ? (previous.stale ?? now.toISOString()) : null,
    noNextStep: noNextStep ? (previous.noNextStep ?? now.toISOString()) : null,
  };
}
