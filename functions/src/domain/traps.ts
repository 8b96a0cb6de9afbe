import { z } from 'zod';

/** What a ladder step does when an item has been overdue long enough. */
export const LADDER_ACTIONS = ['remind-owner', 'notify-manager', 'flag-agenda'] as const;
export type LadderAction = (typeof LADDER_ACTIONS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const LadderStep = z.strictObject({
  afterDays: z.number().int('Must be a whole number of days').min(0, 'Must be 0 or more').max(60, 'At most 60 days'),
  action: z.enum(LADDER_ACTIONS, { message: `Must be one of ${LADDER_ACTIONS.join(', ')}` }),
});
export type LadderStep = z.infer<typeof LadderStep>;

export const DEFAULT_LADDER: LadderStep[] = [
  { afterDays: 0, action: 'remind-owner' },
  { afterDays: 2, action: 'remind-owner' },
  { afterDays: 3, action: 'notify-manager' },
  { afterDays: 7, action: 'flag-agenda' },
];

/** How often an item's reminders may be snoozed, unless the team says otherwise. */
export const DEFAULT_SNOOZE_LIMIT = 3;

const hour = z.number().int('Must be a whole hour').min(0, 'Must be 0–23').max(23, 'Must be 0–23');

/**
 * A team's traps: the rules the system enforces so good habits happen without babysitting. Every field has a
 * sensible default, so `{}` is a valid set of traps.
 */
export const Traps = z.strictObject({
  /** Steps in order of `afterDays` (days past due), each day at most once. */
  ladder: z
    .array(LadderStep)
    .min(1, 'Give at least one step')
    .max(10, 'At most 10 steps')
    .superRefine((steps, ctx) => {
      steps.forEach((step, i) => {
        const before = steps[i - 1];
        if (before && step.afterDays <= before.afterDays) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'afterDays'],
            message: step.afterDays === before.afterDays ? 'Two steps on the same day' : 'Steps must be in order of afterDays',
          });
        }
      });
    })
    .default(DEFAULT_LADDER),
  /** Every open deal needs an open, dated item tagged next-step due within this many days. */
  nextStepWithinDays: z.number().int().min(1, 'At least 1 day').max(90, 'At most 90 days').default(14),
  /** A deal with no activity for this many days is stale. */
  staleDealDays: z.number().int().min(1, 'At least 1 day').max(365, 'At most 365 days').default(21),
  /** Prospecting items each rep should complete per week. */
  weeklyProspectingTarget: z.number().int().min(0, 'Must be 0 or more').max(100, 'At most 100 a week').default(5),
  /** Times an item's next reminder may be snoozed (Snooze on a card, `POST /api/action-items/{id}/snooze`); 0: never. */
  snoozeLimit: z.number().int('Must be a whole number').min(0, 'Must be 0 or more').max(10, 'At most 10 snoozes').default(DEFAULT_SNOOZE_LIMIT),
  digest: z
    .strictObject({
      /** Local hour (each rep's own time zone) of the weekday digest. */
      repDailyHour: hour.default(8),
      managerWeeklyDay: z.enum(WEEKDAYS).default('mon'),
      managerWeeklyHour: hour.default(8),
    })
    .default({ repDailyHour: 8, managerWeeklyDay: 'mon', managerWeeklyHour: 8 }),
});
export type Traps = z.infer<typeof Traps>;

export const DEFAULT_TRAPS: Traps = Traps.parse({});
