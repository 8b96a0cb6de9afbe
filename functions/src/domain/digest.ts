import { type ActionItem, daysOverdue, isOverdue } from './action-item';
import type { Deal } from './deal';
import type { DigestRow } from './notification';
import type { Message } from './reminders';
import { SLIP_CATEGORY, SLIP_REASONS, type SlipReason } from './slip';
import { localDayBounds, localTime } from './time';
import type { Weekday } from './traps';

/**
 * A digest is due in the hour the user chose and, should a run be missed, the two hours after (its id is keyed by
 * the local day or week, so it is still sent once).
 */
export const DIGEST_CATCH_UP_HOURS = 2;

/** Rows a daily digest carries (a card shows ten and "and 7 more"; the fold of a held reminder looks them up). */
export const DIGEST_MAX_ROWS = 50;

const WORKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

export function repDigestDue(now: Date, timeZone: string, hour: number): boolean {
  const local = localTime(now, timeZone);
  return WORKDAYS.includes(local.weekday) && local.hour >= hour && local.hour <= hour + DIGEST_CATCH_UP_HOURS;
}

export function managerDigestDue(now: Date, timeZone: string, day: Weekday, hour: number): boolean {
  const local = localTime(now, timeZone);
  return local.weekday === day && local.hour >= hour && local.hour <= hour + DIGEST_CATCH_UP_HOURS;
}

const quote = (title: string) => `“${title.length > 60 ? `${title.slice(0, 59)}…` : title}”`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A rep's weekday digest: what is due today (in their time zone) and what is overdue; null when there is nothing. */
export function repDigest(items: ActionItem[], now: Date, timeZone: string): Message | null {
  const { end } = localDayBounds(now, timeZone);
  const overdue = items.filter((i) => isOverdue(i, now)).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const dueToday = items.filter((i) => i.status === 'open' && !isOverdue(i, now) && Date.parse(i.dueAt) < end.getTime());
  if (overdue.length + dueToday.length === 0) return null;
  const lines = [
    ...overdue.map((i) => `${quote(i.title)} (${plural(daysOverdue(i, now), 'day')} overdue)`),
    ...dueToday.map((i) => `${quote(i.title)} (due today)`),
  ];
  const head = [dueToday.length ? `${dueToday.length} due today` : '', overdue.length ? `${overdue.length} overdue` : ''].filter(Boolean).join(', ');
  const summary = `Your day: ${head} — ${lines.slice(0, 3).join('; ')}${lines.length > 3 ? `; and ${lines.length - 3} more` : ''}`;
  const row = (i: ActionItem): DigestRow => ({ itemId: i.id, title: i.title, dueAt: i.dueAt, daysOverdue: daysOverdue(i, now), dealId: i.dealId });
  const rows = [...overdue, ...dueToday].slice(0, DIGEST_MAX_ROWS).map(row);
  return { kind: 'daily-digest', activityType: 'dailyDigest', text: summary, templateParameters: { summary }, digest: { kind: 'daily', rows, total: lines.length } };
}

export interface TeamWeek {
  /** Open items of the team's members (the digest picks the overdue ones). */
  items: ActionItem[];
  /** Items with slips recorded in the last seven days. */
  slipped: ActionItem[];
  /** Open deals of the team that break a trap. */
  dealsAtRisk: Deal[];
  names: Map<string, string>;
}

/** Slips recorded since `since`, counted by reason. */
export function slipsByReason(items: ActionItem[], since: Date): Record<SlipReason, number> {
  const counts = Object.fromEntries(SLIP_REASONS.map((r) => [r, 0])) as Record<SlipReason, number>;
  for (const item of items) for (const slip of item.slips) if (Date.parse(slip.at) >= since.getTime()) counts[slip.reason]++;
  return counts;
}

/** A manager's weekly digest: the team's overdue items, slips by reason (skill vs can't), deals at risk. */
export function managerDigest(week: TeamWeek, now: Date): Message {
  const overdue = week.items.filter((i) => isOverdue(i, now));
  const byOwner = new Map<string, number>();
  for (const item of overdue) byOwner.set(item.accountableId, (byOwner.get(item.accountableId) ?? 0) + 1);
  const owners = [...byOwner].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${week.names.get(id) ?? 'someone'} ${n}`);
  const slips = slipsByReason(week.slipped, new Date(now.getTime() - 7 * 86_400_000));
  const slipTotal = Object.values(slips).reduce((a, b) => a + b, 0);
  const skill = SLIP_REASONS.filter((r) => SLIP_CATEGORY[r] === 'knows-what-to-do').reduce((n, r) => n + slips[r], 0);
  const cant = SLIP_REASONS.filter((r) => SLIP_CATEGORY[r] === 'can-do-it').reduce((n, r) => n + slips[r], 0);
  const parts = [
    `${plural(overdue.length, 'overdue item')}${owners.length ? ` (${owners.join(', ')})` : ''}`,
    slipTotal ? `${plural(slipTotal, 'slip')} this week: ${skill} skill, ${cant} can't-do, ${slipTotal - skill - cant} other` : 'no slips this week',
    week.dealsAtRisk.length ? `${plural(week.dealsAtRisk.length, 'deal')} at risk: ${week.dealsAtRisk.slice(0, 3).map((d) => d.account).join(', ')}` : 'no deals at risk',
  ];
  const summary = `Your team's week: ${parts.join('; ')}`;
  const digest = {
    kind: 'weekly' as const,
    overdue: overdue.length,
    overdueByOwner: [...byOwner].sort((a, b) => b[1] - a[1]).map(([userId, n]) => ({ userId, name: week.names.get(userId) ?? 'someone', overdue: n })),
    slips: { total: slipTotal, skill, cantDo: cant, other: slipTotal - skill - cant },
    dealsAtRisk: week.dealsAtRisk.slice(0, DIGEST_MAX_ROWS).map((d) => ({ dealId: d.id, account: d.account, name: d.name })),
  };
  return { kind: 'weekly-digest', activityType: 'weeklyDigest', text: summary, templateParameters: { summary }, digest };
}
