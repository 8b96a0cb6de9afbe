import { z } from 'zod';
import { CalendarDate, Id, pageQueryFields, type Stored } from './common';
import type { DealBreaches } from './stale-deals';

import { DEAL_STAGES, type DealStage } from './vocabulary';

export { DEAL_STAGES, type DealStage } from './vocabulary';
export const OPEN_DEAL_STAGES: readonly DealStage[] = ['prospect', 'qualify', 'propose', 'negotiate'];

const Name = z.string().trim().min(1, 'Must not be empty').max(200, 'At most 200 characters');
const Amount = z.number().finite().min(0, 'Must not be negative').max(1e12, 'Too large');
const Currency = z.string().regex(/^[A-Z]{3}$/, 'Must be an ISO 4217 code such as USD');

export const DealCreateInput = z.strictObject({
  name: Name,
  account: Name,
  stage: z.enum(DEAL_STAGES).default('prospect'),
  amount: Amount.default(0),
  currency: Currency.default('USD'),
  closeDate: CalendarDate.nullable().optional(),
  /** Defaults to the caller. A manager may create deals for their team's members. */
  ownerId: Id.optional(),
});
export type DealCreateInput = z.infer<typeof DealCreateInput>;

export const DealPatchInput = z
  .strictObject({
    name: Name.optional(),
    account: Name.optional(),
    stage: z.enum(DEAL_STAGES).optional(),
    amount: Amount.optional(),
    currency: Currency.optional(),
    closeDate: CalendarDate.nullable().optional(),
    ownerId: Id.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'Name at least one field to change');
export type DealPatchInput = z.infer<typeof DealPatchInput>;

export interface Deal extends Stored {
  type: 'deal';
  name: string;
  account: string;
  stage: DealStage;
  amount: number;
  currency: string;
  closeDate: string | null;
  ownerId: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Last change to the deal itself; the follow-up engine also counts its items' activity. */
  lastActivityAt: string;
  /** Notes on the deal; today what a leaver's reassignment appended ("Reassigned from …"). */
  notes?: string | null;
  /** Traps the deal breaks now, and since when (set by the daily stale-deals check). */
  breaches?: DealBreaches;
}

export function isOpenDeal(deal: Pick<Deal, 'stage'>): boolean {
  return OPEN_DEAL_STAGES.includes(deal.stage);
}

export const DealListQuery = z.strictObject({
  ownerId: z.union([z.literal('me'), Id]).optional(),
  stage: z.enum(DEAL_STAGES).optional(),
  ...pageQueryFields,
});
export type DealListQuery = z.infer<typeof DealListQuery>;
