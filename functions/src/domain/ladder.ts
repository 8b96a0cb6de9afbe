import type { ActionItem, Nudge } from './action-item';
import { DAY_MS, inInstantWindow } from './common';
import type { LadderAction, LadderStep } from './traps';

export interface LadderDecision {
  /** Steps to carry out now (each creates one notification, or flags the item). */
  take: { step: number; action: LadderAction }[];
  /** Steps passed over because a later step of the same kind is already due (a catch-up after downtime). */
  skip: { step: number; action: LadderAction }[];
  /** When to look at the item next; null when the ladder is done. */
  nextNudgeAt: string | null;
}

/** When step `index` of the ladder falls due for an item. */
export function stepDueAt(item: Pick<ActionItem, 'dueAt'>, step: LadderStep): number {
  return Date.parse(item.dueAt) + step.afterDays * DAY_MS;
}

/**
 * The next rung(s) of the escalation ladder for an open item. Normally one step is due at a time. When several are
 * due at once (the item was created late, or the sweep did not run for a while) each kind of action is taken once —
 * the latest of its kind — so nobody gets the same reminder twice in one go.
 */
export function nextLadderStep(item: Pick<ActionItem, 'dueAt' | 'status' | 'nudges' | 'deleted'>, ladder: LadderStep[], now: Date): LadderDecision {
  if (item.status !== 'open' || item.deleted) return { take: [], skip: [], nextNudgeAt: null };
  // A due date the API would refuse today (year 0000, +010000) chases nobody and is not looked at again.
  if (!inInstantWindow(item.dueAt)) return { take: [], skip: [], nextNudgeAt: null };
  const done = new Set(item.nudges.map((n) => n.step));
  const due: { step: number; action: LadderAction }[] = [];
  let nextNudgeAt: string | null = null;
  ladder.forEach((step, index) => {
    if (done.has(index)) return;
    const at = stepDueAt(item, step);
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
