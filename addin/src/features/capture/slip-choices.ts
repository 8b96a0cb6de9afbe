import type { SlipReason } from '../../../../functions/src/domain/slip';

/** The slip reasons in the rep's words; the reason is what the manager will coach on. */
export const SLIP_CHOICES: { reason: SlipReason; label: string }[] = [
  { reason: 'buyer', label: 'Waiting on the buyer' },
  { reason: 'obstacle', label: 'Blocked (people, information, approvals)' },
  { reason: 'priority', label: 'Other work came first' },
  { reason: 'skill', label: 'Not sure how to do it' },
  { reason: 'forgot', label: 'It slipped my mind' },
  { reason: 'other', label: 'Something else (say what)' },
];
