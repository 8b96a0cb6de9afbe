import type { SlipReason } from './vocabulary';

/**
 * The slip reasons in the rep's words, in the order they are offered; the reason is what the manager will coach on.
 * The pages' reschedule dialog and the bot's New date card offer the same choices.
 */
export const SLIP_CHOICES: { reason: SlipReason; label: string }[] = [
  { reason: 'buyer', label: 'Waiting on the buyer' },
  { reason: 'obstacle', label: 'Blocked (people, information, approvals)' },
  { reason: 'priority', label: 'Other work came first' },
  { reason: 'skill', label: 'Not sure how to do it' },
  { reason: 'forgot', label: 'It slipped my mind' },
  { reason: 'other', label: 'Something else (say what)' },
];

/** A slip reason as a sentence about someone says it: "Priya's item is 4 days overdue (waiting on the buyer)". */
export const SLIP_PHRASES: Record<Exclude<SlipReason, 'other'>, string> = {
  buyer: 'waiting on the buyer',
  obstacle: 'blocked',
  priority: 'other work came first',
  skill: 'not sure how to do it',
  forgot: 'forgotten',
};
