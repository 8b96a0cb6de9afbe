import { type ActionItem, isOverdueAt } from './action-item';
import { DAY_MS } from './common';
import { type Deal, isOpenDeal } from './deal';
import type { Review, ReviewKind } from './review';
import { SLIP_CATEGORY, type SlipCategory, type SlipReason } from './slip';
import { hasNextStep, lastDealActivity } from './stale-deals';
import { localTime, startOfLocalDate, WEEKDAY_INDEX } from './time';
import type { Traps } from './traps';

/** The coaching question a group of slips raises: does the rep know what to do, or can't they do it? */
export const COACHING_QUESTION: Record<SlipCategory, string> = {
  'knows-what-to-do': 'Does the rep know what to do?',
  'can-do-it': 'Can they do it — what is in the way?',
  system: 'What trap would catch this?',
  other: 'What happened, and what would prevent it?',
};

export type DealRisk = 'no-next-step' | 'stale' | 'close-date-passed';

export interface AgendaItemRef {
  itemId: string;
  title: string;
  owner: ActionItem['owner'];
  dueAt: string;
  dealId: string | null;
}

export interface RepAgenda {
  repId: string;
  kind: ReviewKind;
  asOf: string;
  since: { at: string; reviewId: string | null };
  commitments: (AgendaItemRef & { status: 'done' | 'open' | 'overdue' | 'cancelled'; completedAt: string | null })[];
  overdue: (AgendaItemRef & { daysOverdue: number; slipCount: number; lastSlipReason: SlipReason | null; flagged: boolean })[];
  slips: { reason: SlipReason; category: SlipCategory; question: string; count: number; items: { itemId: string; title: string; note: string | null; at: string }[] }[];
  dueSoon: AgendaItemRef[];
  completed: { onTime: number; late: number; items: (AgendaItemRef & { completedAt: string; onTime: boolean })[] };
  dealsAtRisk: { dealId: string; name: string; account: string; stage: Deal['stage']; amount: number; reasons: DealRisk[] }[];
  focus: { dealId: string | null; share: number; activities: number; flagged: boolean };
  prospecting: { target: number; thisWeek: number; weeks: { weekStart: string; completed: number }[] };
  kpis: { onTimeRate: { weekStart: string; completed: number; rate: number | null }[]; averageDaysOverdue: number; openItems: number };
  plan?: { quarter: string; quota: number | null; wonByMonth: { month: string; amount: number }[]; wonTotal: number; commitments: AgendaItemRef[] };
}

export interface AgendaInput {
  repId: string;
  kind: ReviewKind;
  now: Date;
  /** The rep's time zone: weeks start on their Monday. */
  timeZone: string;
  /** The rep's items (accountable), any status, soft-deleted ones already left out. */
  items: ActionItem[];
  /** The rep's deals. */
  deals: Deal[];
  lastReview: Pick<Review, 'id' | 'heldAt' | 'commitmentIds'> | null;
  traps: Traps;
  /** The rep's quota for the quarter of `now` (quarterly reviews). */
  quota?: number | null;
}

/** Plain code-unit order: ISO instants and reason names sort correctly without locale rules. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const ref = (i: ActionItem): AgendaItemRef => ({ itemId: i.id, title: i.title, owner: i.owner, dueAt: i.dueAt, dealId: i.dealId });

/** Start of the Monday-based week containing `instant`, `weeksBack` weeks earlier, in the time zone. */
export function weekStart(instant: Date, timeZone: string, weeksBack = 0): Date {
  const local = localTime(instant, timeZone);
  const [y, m, d] = local.date.split('-').map(Number) as [number, number, number];
  return startOfLocalDate(y, m, d - WEEKDAY_INDEX[local.weekday] - 7 * weeksBack, timeZone);
}

/** `2026-Q4` for an instant (calendar quarters, UTC). */
export function quarterOf(instant: Date): { quarter: string; months: string[] } {
  const year = instant.getUTCFullYear();
  const q = Math.floor(instant.getUTCMonth() / 3);
  return { quarter: `${year}-Q${q + 1}`, months: [0, 1, 2].map((m) => `${year}-${String(q * 3 + m + 1).padStart(2, '0')}`) };
}

/**
 * One rep's review agenda, built from facts: what they committed to last time, what is overdue and why it slipped
 * (grouped by reason, with the coaching question), what is due soon, what got done (on time or late), deals at risk,
 * where their activity goes, prospecting against the team's target and the on-time trend. One pass over the items.
 */
export function buildReviewAgenda(input: AgendaInput): RepAgenda {
  const { now, timeZone, traps } = input;
  const nowMs = now.getTime();
  // Stored instants are normalized ISO-8601 UTC: compared as strings against cut-offs worked out once.
  const iso = (ms: number) => new Date(ms).toISOString();
  const nowIso = now.toISOString();
  const sinceIso = input.lastReview ? input.lastReview.heldAt : iso(nowMs - 7 * DAY_MS);
  const soonIso = iso(nowMs + 7 * DAY_MS);
  const recentIso = iso(nowMs - 14 * DAY_MS);
  const weekStarts = Array.from({ length: 8 }, (_, i) => weekStart(now, timeZone, i).toISOString());
  const weekIndex = (at: string) => weekStarts.findIndex((start) => at >= start);
  const committed = new Set(input.lastReview?.commitmentIds ?? []);

  const commitments: RepAgenda['commitments'] = [];
  const overdue: RepAgenda['overdue'] = [];
  const slipGroups = new Map<SlipReason, RepAgenda['slips'][number]>();
  const dueSoon: AgendaItemRef[] = [];
  const completed: RepAgenda['completed'] = { onTime: 0, late: 0, items: [] };
  const prospectingWeeks = [0, 0, 0, 0];
  const onTime = Array.from({ length: 8 }, () => ({ completed: 0, onTime: 0 }));
  const activityByDeal = new Map<string, number>();
  const itemsByDeal = new Map<string, ActionItem[]>();
  const planCommitments: AgendaItemRef[] = [];
  let activities = 0;
  let overdueDays = 0;
  let openItems = 0;

  // Activity of the last 14 days, for where the rep's effort goes.
  const activity = (at: string | null, dealId: string | null) => {
    if (!at || at < recentIso || at > nowIso) return;
    activities++;
    if (dealId) activityByDeal.set(dealId, (activityByDeal.get(dealId) ?? 0) + 1);
  };

  for (const item of input.items) {
    if (item.deleted) continue;
    if (item.dealId) {
      const list = itemsByDeal.get(item.dealId);
      if (list) list.push(item);
      else itemsByDeal.set(item.dealId, [item]);
    }
    const late = isOverdueAt(item, nowIso);
    if (committed.has(item.id)) {
      const status = item.status === 'open' ? (late ? 'overdue' : 'open') : item.status;
      commitments.push({ ...ref(item), status, completedAt: item.completedAt });
    }
    if (item.status === 'open') {
      openItems++;
      if (late) {
        const days = Math.floor((nowMs - Date.parse(item.dueAt)) / DAY_MS);
        overdueDays += days;
        const last = item.slips[item.slips.length - 1];
        overdue.push({
          itemId: item.id,
          title: item.title,
          owner: item.owner,
          dueAt: item.dueAt,
          dealId: item.dealId,
          daysOverdue: days,
          slipCount: item.slips.length,
          lastSlipReason: last?.reason ?? null,
          flagged: item.flaggedForReviewAt !== null,
        });
      } else if (item.dueAt <= soonIso) {
        dueSoon.push(ref(item));
      }
      if (input.kind === 'quarterly' && item.tags.includes('review-commitment')) planCommitments.push(ref(item));
    }
    for (const slip of item.slips) {
      activity(slip.at, item.dealId);
      if (slip.at < sinceIso) continue;
      let group = slipGroups.get(slip.reason);
      if (!group) {
        const category = SLIP_CATEGORY[slip.reason];
        group = { reason: slip.reason, category, question: COACHING_QUESTION[category], count: 0, items: [] };
        slipGroups.set(slip.reason, group);
      }
      group.count++;
      group.items.push({ itemId: item.id, title: item.title, note: slip.note, at: slip.at });
    }
    activity(item.createdAt, item.dealId);
    const done = item.status === 'done' ? item.completedAt : null;
    if (done && done <= nowIso) {
      const inTime = done <= item.dueAt;
      activity(done, item.dealId);
      if (done >= sinceIso) {
        completed.items.push({ ...ref(item), completedAt: done, onTime: inTime });
        if (inTime) completed.onTime++;
        else completed.late++;
      }
      const week = weekIndex(done);
      if (week >= 0) {
        const bucket = onTime[week] as { completed: number; onTime: number };
        bucket.completed++;
        if (inTime) bucket.onTime++;
        if (week < 4 && item.tags.includes('prospecting')) prospectingWeeks[week] = (prospectingWeeks[week] as number) + 1;
      }
    }
  }

  const dealsAtRisk: RepAgenda['dealsAtRisk'] = [];
  const today = localTime(now, timeZone).date;
  for (const deal of input.deals) {
    if (!isOpenDeal(deal)) continue;
    const dealItems = itemsByDeal.get(deal.id) ?? [];
    const reasons: DealRisk[] = [];
    if (!hasNextStep(dealItems, traps, now)) reasons.push('no-next-step');
    if (nowMs - Date.parse(lastDealActivity(deal, dealItems)) > traps.staleDealDays * DAY_MS) reasons.push('stale');
    if (deal.closeDate && deal.closeDate < today) reasons.push('close-date-passed');
    if (reasons.length > 0) dealsAtRisk.push({ dealId: deal.id, name: deal.name, account: deal.account, stage: deal.stage, amount: deal.amount, reasons });
  }

  let busiest: string | null = null;
  for (const [dealId, count] of activityByDeal) if (busiest === null || count > (activityByDeal.get(busiest) as number)) busiest = dealId;
  const share = busiest && activities > 0 ? (activityByDeal.get(busiest) as number) / activities : 0;
  const prospectingThisWeek = prospectingWeeks[0] as number;

  const agenda: RepAgenda = {
    repId: input.repId,
    kind: input.kind,
    asOf: now.toISOString(),
    since: { at: new Date(sinceIso).toISOString(), reviewId: input.lastReview?.id ?? null },
    commitments: commitments.sort((a, b) => byText(a.dueAt, b.dueAt)),
    overdue: overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || byText(a.dueAt, b.dueAt)),
    slips: [...slipGroups.values()].sort((a, b) => b.count - a.count || byText(a.reason, b.reason)),
    dueSoon: dueSoon.sort((a, b) => byText(a.dueAt, b.dueAt)),
    completed: { ...completed, items: completed.items.sort((a, b) => byText(b.completedAt, a.completedAt)) },
    dealsAtRisk: dealsAtRisk.sort((a, b) => b.reasons.length - a.reasons.length || b.amount - a.amount),
    focus: {
      dealId: busiest,
      share: Math.round(share * 100) / 100,
      activities,
      flagged: share > 0.6 && prospectingThisWeek < traps.weeklyProspectingTarget,
    },
    prospecting: {
      target: traps.weeklyProspectingTarget,
      thisWeek: prospectingThisWeek,
      weeks: prospectingWeeks.map((completedCount, i) => ({ weekStart: weekStarts[i] as string, completed: completedCount })),
    },
    kpis: {
      onTimeRate: onTime.map((w, i) => ({ weekStart: weekStarts[i] as string, completed: w.completed, rate: w.completed ? Math.round((w.onTime / w.completed) * 100) / 100 : null })).reverse(),
      averageDaysOverdue: overdue.length ? Math.round((overdueDays / overdue.length) * 10) / 10 : 0,
      openItems,
    },
  };

  if (input.kind === 'quarterly') {
    const { quarter, months } = quarterOf(now);
    const wonByMonth = months.map((month) => ({
      month,
      amount: input.deals.filter((d) => d.stage === 'won' && d.closeDate?.startsWith(month)).reduce((sum, d) => sum + d.amount, 0),
    }));
    agenda.plan = {
      quarter,
      quota: input.quota ?? null,
      wonByMonth,
      wonTotal: wonByMonth.reduce((sum, m) => sum + m.amount, 0),
      commitments: planCommitments.sort((a, b) => byText(a.dueAt, b.dueAt)),
    };
  }
  return agenda;
}

/** One row of the team's picture at a glance. */
export interface TeamAgendaRow {
  repId: string;
  name: string;
  openItems: number;
  overdue: number;
  onTimeTrend: (number | null)[];
  slipsByCategory: Record<SlipCategory, number>;
  dealsAtRisk: number;
  prospecting: { thisWeek: number; target: number };
  focusFlagged: boolean;
  lastReviewAt: string | null;
}

export function teamAgendaRow(agenda: RepAgenda, name: string, lastReviewAt: string | null): TeamAgendaRow {
  const slipsByCategory: Record<SlipCategory, number> = { 'knows-what-to-do': 0, 'can-do-it': 0, system: 0, other: 0 };
  for (const group of agenda.slips) slipsByCategory[group.category] += group.count;
  return {
    repId: agenda.repId,
    name,
    openItems: agenda.kpis.openItems,
    overdue: agenda.overdue.length,
    onTimeTrend: agenda.kpis.onTimeRate.map((w) => w.rate),
    slipsByCategory,
    dealsAtRisk: agenda.dealsAtRisk.length,
    prospecting: { thisWeek: agenda.prospecting.thisWeek, target: agenda.prospecting.target },
    focusFlagged: agenda.focus.flagged,
    lastReviewAt,
  };
}
