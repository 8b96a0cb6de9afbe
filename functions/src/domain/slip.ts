import { z } from 'zod';

import { SLIP_REASONS, type SlipReason } from './vocabulary';

export { SLIP_REASONS, type SlipReason } from './vocabulary';

export type SlipCategory = 'knows-what-to-do' | 'can-do-it' | 'system' | 'other';

export const SLIP_CATEGORY: Record<SlipReason, SlipCategory> = {
  skill: 'knows-what-to-do',
  obstacle: 'can-do-it',
  buyer: 'can-do-it',
  priority: 'can-do-it',
  forgot: 'system',
  other: 'other',
};

export const SlipInput = z
  .strictObject({
    reason: z.enum(SLIP_REASONS, { message: `Must be one of ${SLIP_REASONS.join(', ')}` }),
    note: z.string().trim().max(1000).optional(),
  })
  .superRefine((slip, ctx) => {
    if (slip.reason === 'other' && !slip.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'A note is required when the reason is "other"' });
    }
  });
export type SlipInput = z.infer<typeof SlipInput>;

/** One recorded move of a due date (or a reason given for an overdue item). */
export interface Slip {
  from: string;
  to: string;
  reason: SlipReason;
  note: string | null;
  at: string;
  by: string;
}
