import { z } from 'zod';
import { CapturedItemInput } from './action-item';
import { FIRST_YEAR, Id, Instant, LAST_YEAR, type Stored } from './common';

export const REVIEW_KINDS = ['weekly', 'pipeline', 'quarterly'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** A held review: the agenda as it stood, what was discussed, the notes, and the commitments made. */
export interface Review extends Stored {
  type: 'review';
  teamId: string;
  repId: string;
  kind: ReviewKind;
  heldAt: string;
  heldBy: string;
  notes: string;
  discussedItemIds: string[];
  /** The items created as this review's commitments (source `review`, tag `review-commitment`). */
  commitmentIds: string[];
  /** The agenda at the moment the review was finished, kept as it was. */
  agenda: unknown;
}

export const ReviewCreateInput = z.strictObject({
  teamId: Id,
  repId: Id,
  kind: z.enum(REVIEW_KINDS).default('weekly'),
  notes: z.string().max(10_000, 'At most 10,000 characters').default(''),
  discussedItemIds: z.array(Id).max(500).default([]),
  commitments: z.array(CapturedItemInput).max(30, 'At most 30 commitments').default([]),
});
export type ReviewCreateInput = z.infer<typeof ReviewCreateInput>;

/** `2026-Q4` */
export const Quarter = z
  .string()
  .regex(/^\d{4}-Q[1-4]$/, 'Must be a quarter like 2026-Q4')
  .refine((q) => Number(q.slice(0, 4)) >= FIRST_YEAR && Number(q.slice(0, 4)) <= LAST_YEAR, `Must be a quarter of ${FIRST_YEAR} to ${LAST_YEAR}`);

/** Each rep's quota per quarter, set by the team's manager. */
export const GoalsInput = z.strictObject({
  quotas: z
    .array(z.strictObject({ repId: Id, quarter: Quarter, amount: z.number().finite().min(0, 'Must not be negative').max(1e11, 'Too large') }))
    .max(1000)
    .superRefine((quotas, ctx) => {
      const seen = new Set<string>();
      quotas.forEach((q, i) => {
        const key = `${q.repId}/${q.quarter}`;
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'quarter'], message: 'This rep already has a quota for this quarter' });
        seen.add(key);
      });
    }),
});
export type GoalsInput = z.infer<typeof GoalsInput>;

export interface Goals extends Stored {
  type: 'goals';
  teamId: string;
  quotas: GoalsInput['quotas'];
  updatedAt: string;
}

export const AgendaQuery = z.strictObject({
  repId: Id.optional(),
  kind: z.enum(REVIEW_KINDS).default('weekly'),
  asOf: Instant.optional(),
});
