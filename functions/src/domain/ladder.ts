import type { ActionItem, LadderRestart, Nudge } from './action-item';
import { DAY_MS, inInstantWindow } from './common';
import { addDays, instantAtLocal, localTime } from './time';
import type { LadderAction, LadderStep } from './traps';

/**
 * After someone acts on an item's schedule — gives it a new due date, or snoozes its reminders — the ladder leaves
 * them alone this long: no step is taken within 24 hours of the action.
 */
export const LADDER_GRACE_MS = 24 * 60 * 60 * 1000;

export interface LadderDecision {
  /** Steps to carry out now (each creates one notification, or flags the item). */
  take: { step: number; action: LadderAction }[];
  /** Steps passed over because a later step of the same kind is already due (a catch-up after downtime). */
  skip: { step: number; action: LadderAction }[];
  /** When to look at the item next; null when the ladder is done. */
  nextNudgeAt: string | null;
}

/** When a step of the ladder falls due for an item by its due date alone: `afterDays` after it. */
export function stepDueAt(item: Pick<ActionItem, 'dueAt'>, step: LadderStep): number {
  return Date.parse(item.dueAt) + step.afterDays * DAY_MS;
}

/**
 * When step `index` falls due, restarts included: by the due date, or — for the steps from a restart's `fromStep` on
 * — `at` plus the step's distance from that step, whichever is later. A restart postpones; it never brings a step
 * forward.
 */
export function ladderStepDueAt(item: Pick<ActionItem, 'dueAt' | 'ladderRestart'>, ladder: LadderStep[], index: number): number {
  const step = ladder[index]!;
  const natural = stepDueAt(item, step);
  const restart = item.ladderRestart;
  const from = restart ? ladder[restart.fromStep] : undefined;
  if (!restart || !from || index < restart.fromStep) return natural;
  return Math.max(natural, Date.parse(restart.at) + (step.afterDays - from.afterDays) * DAY_MS);
}

/**
 * The next rung(s) of the escalation ladder for an open item. Normally one step is due at a time. When several are
 * due at once (the item was created late, or the sweep did not run for a while) each kind of action is taken once —
 * the latest of its kind — so nobody gets the same reminder twice in one go.
 */
export function nextLadderStep(item: Pick<ActionItem, 'dueAt' | 'status' | 'nudges' | 'deleted' | 'ladderRestart'>, ladder: LadderStep[], now: Date): LadderDecision {
  if (item.status !== 'open' || item.deleted) return { take: [], skip: [], nextNudgeAt: null };
  // A due date the API would refuse today (year 0000, +010000) chases nobody and is not looked at again.
  if (!inInstantWindow(item.dueAt)) return { take: [], skip: [], nextNudgeAt: null };
  const done = new Set(item.nudges.map((n) => n.step));
  const due: { step: number; action: LadderAction }[] = [];
  let nextNudgeAt: string | null = null;
  ladder.forEach((step, index) => {
    if (done.has(index)) return;
    const at = ladderStepDueAt(item, ladder, index);
    if (at <= now.getTime()) due.push({ step: index, action: step.action });
    else if (nextNudgeAt === null) nextNudgeAt = new Date(at).toISOString();
  });
  const take = due.filter((d, i) => !due.slice(i + 1).some((later) => later.action === d.action));
  const skip = due.filter((d) => !take.includes(d));
  return { take, skip, nextNudgeAt };
}

/** The nudges to record for a decision. */
export function recordNudges(decision: LadderDecision, now: Date, outcome: (step: number) => Nudge['outcome'] = () => 'taken'): Nudge[] {
  const at = now.toISOString();
  return [
    ...decision.skip.map((s) => ({ step: s.step, action: s.action, at, outcome: 'skipped' as const })),
    ...decision.take.map((s) => ({ step: s.step, action: s.action, at, outcome: outcome(s.step) })),
  ].sort((a, b) => a.step - b.step);
}

/**
 * The restart a new due date makes (set at `now`): the ladder starts over from its first step, but not within the
 * grace period — a due date moved to an hour from now is first reminded of a day after the move. Null when the new
 * date is far enough away that the grace changes nothing.
 */
export function restartAfterNewDate(dueAt: string, now: Date): LadderRestart | null {
  const graceEnds = now.getTime() + LADDER_GRACE_MS;
  return Date.parse(dueAt) < graceEnds ? { at: new Date(graceEnds).toISOString(), fromStep: 0 } : null;
}

export const SNOOZE_CHOICES = ['tomorrow', 'monday'] as const;
export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number];

/**
 * When a snooze asked for at `now` ends: `tomorrow` is a day (24 hours) later; `monday` the coming Monday at the
 * start of the user's day (their digest hour, in their zone) — after today, so a Monday's snooze means next week's —
 * and, like every snooze, never within the grace period (a Sunday-evening snooze until Monday ends 24 hours later).
 */
export function snoozeEnd(choice: SnoozeChoice, now: Date, timeZone: string, dayStartHour: number): Date {
  const grace = now.getTime() + LADDER_GRACE_MS;
  if (choice === 'tomorrow') return new Date(grace);
  const today = localTime(now, timeZone).date;
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const monday = instantAtLocal(addDays(today, ((8 - weekday) % 7) || 7), dayStartHour * 60, timeZone);
  return new Date(Math.max(monday.getTime(), grace));
}

/**
 * What a snooze until `until` does to an item's ladder: it restarts at `until` from the first step not taken yet (the
 * next reminder), the later steps keeping their distance from it. Null when there is nothing to move: the item is
 * closed or its ladder finished, or its next step falls due at `until` or later anyway (a snooze never brings a
 * reminder forward, and one that moves nothing is not counted).
 */
export function snoozeLadder(
  item: Pick<ActionItem, 'dueAt' | 'status' | 'nudges' | 'deleted' | 'ladderRestart'>,
  ladder: LadderStep[],
  until: Date,
  now: Date,
): { ladderRestart: LadderRestart; nextNudgeAt: string } | null {
  if (item.status !== 'open' || item.deleted || !inInstantWindow(item.dueAt)) return null;
  const done = new Set(item.nudges.map((n) => n.step));
  const fromStep = ladder.findIndex((_, index) => !done.has(index));
  if (fromStep < 0) return null;
  const ladderRestart = { at: new Date(Math.max(until.getTime(), now.getTime() + LADDER_GRACE_MS)).toISOString(), fromStep };
  const restarted = { ...item, ladderRestart };
  if (ladderStepDueAt(restarted, ladder, fromStep) <= ladderStepDueAt(item, ladder, fromStep)) return null;
  const { nextNudgeAt } = nextLadderStep(restarted, ladder, now);
  return nextNudgeAt ? { ladderRestart, nextNudgeAt } : null;
}
