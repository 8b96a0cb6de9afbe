import { z } from 'zod';
import { DAY_MS, Email, Id, Instant, pageQueryFields, type Stored, Tags } from './common';
import { type FieldIssue, InvalidInput } from './errors';
import { restartAfterNewDate, SNOOZE_CHOICES } from './ladder';
import { type Slip, SlipInput } from './slip';
import { ITEM_STATUSES, type ItemSource, type ItemStatus } from './vocabulary';

export { ITEM_SOURCES, ITEM_STATUSES, type ItemSource, type ItemStatus } from './vocabulary';

export const Title = z.string().trim().min(1, 'Must not be empty').max(200, 'At most 200 characters');
export const Notes = z.string().max(4000, 'At most 4,000 characters');
/** A calendar meeting's key: Outlook item id, iCalUId or Teams meeting id. */
export const MeetingKey = z.string().min(1).max(512);

/** Who owns an item: one of our users, or a buyer-side contact (the seller is then the one chased). */
export const Owner = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('user'), userId: Id }),
    z.strictObject({ type: z.literal('contact'), name: z.string().trim().min(1).max(200), email: Email.optional() }),
  ],
  { message: 'Must be {type:"user", userId} or {type:"contact", name, email?}' },
);
export type Owner = z.infer<typeof Owner>;

const itemFields = {
  title: Title,
  notes: Notes.optional(),
  dueAt: Instant,
  owner: Owner,
  dealId: Id.optional(),
  tags: Tags.optional(),
};

export const ActionItemCreateInput = z.strictObject({ ...itemFields, meetingKey: MeetingKey.optional() });
export type ActionItemCreateInput = z.infer<typeof ActionItemCreateInput>;

/** An item inside a meeting capture: the meeting comes from the path, the deal defaults to the capture's. */
export const CapturedItemInput = z.strictObject(itemFields);
export type CapturedItemInput = z.infer<typeof CapturedItemInput>;

export const ActionItemPatchInput = z
  .strictObject({
    title: Title.optional(),
    notes: Notes.nullable().optional(),
    dueAt: Instant.optional(),
    owner: Owner.optional(),
    tags: Tags.optional(),
    status: z.enum(ITEM_STATUSES).optional(),
    slip: SlipInput.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'Name at least one field to change');
export type ActionItemPatchInput = z.infer<typeof ActionItemPatchInput>;

/** A ladder step the follow-up engine has dealt with for an item. */
export interface Nudge {
  /** Index in the team's ladder. */
  step: number;
  action: 'remind-owner' | 'notify-manager' | 'flag-agenda';
  at: string;
  /** taken; skipped (a later step of the same kind was due too); no-recipient (e.g. a team without a manager). */
  outcome: 'taken' | 'skipped' | 'no-recipient';
}

/** A snooze of an item's next reminder: it moves the ladder, never the due date (no slip). */
export interface Snooze {
  at: string;
  /** What was asked for (`tomorrow`, `monday`) and when the ladder restarts. */
  until: 'tomorrow' | 'monday';
  restartsAt: string;
  by: string;
}

/**
 * The ladder restarted by someone's action (a new due date, a snooze; domain/ladder.ts): the steps from `fromStep`
 * on fall due from `at` on, each keeping its distance from that step, and never earlier than the due date puts them.
 */
export interface LadderRestart {
  at: string;
  fromStep: number;
}

export interface ActionItem extends Stored {
  type: 'actionItem';
  title: string;
  notes: string | null;
  owner: Owner;
  /** The user chased for this item: the owner, or for a buyer-side item the deal's owner (else the creator). */
  accountableId: string;
  dueAt: string;
  status: ItemStatus;
  tags: string[];
  dealId: string | null;
  meetingKey: string | null;
  source: ItemSource;
  reviewId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  slips: Slip[];
  nudges: Nudge[];
  /** When the follow-up engine next looks at this item; null once it is closed. */
  nextNudgeAt: string | null;
  /** Set by a new due date within the grace period, or a snooze; absent or null: the ladder counts from the due date. */
  ladderRestart?: LadderRestart | null;
  /** Snoozes of its reminders, oldest first (at most the team's `snoozeLimit`). */
  snoozes?: Snooze[];
  /** Set when the ladder put the item on the review agenda; cleared when the due date moves or it reopens. */
  flaggedForReviewAt: string | null;
  /** Soft delete: gone from every read and list, kept in storage. */
  deleted: boolean;
}

/** Open and past its due time. */
export function isOverdue(item: Pick<ActionItem, 'status' | 'dueAt'>, now: Date): boolean {
  return isOverdueAt(item, now.toISOString());
}

/**
 * The same rule against an instant already written as ISO-8601 UTC: stored instants are normalized (`Instant`), so
 * they compare as strings — what hot loops over thousands of items use.
 */
export function isOverdueAt(item: Pick<ActionItem, 'status' | 'dueAt'>, nowIso: string): boolean {
  return item.status === 'open' && item.dueAt < nowIso;
}

/** Whole days an open item is past due (0 until a full day has passed, and for items not overdue). */
export function daysOverdue(item: Pick<ActionItem, 'status' | 'dueAt'>, now: Date): number {
  if (!isOverdue(item, now)) return 0;
  return Math.floor((now.getTime() - Date.parse(item.dueAt)) / DAY_MS);
}

/** Who is chased for an item with this owner. */
export function accountableFor(owner: Owner, ctx: { dealOwnerId: string | null; createdBy: string }): string {
  if (owner.type === 'user') return owner.userId;
  return ctx.dealOwnerId ?? ctx.createdBy;
}

export interface NewItemContext {
  id: string;
  tenantId: string;
  createdBy: string;
  accountableId: string;
  source: ItemSource;
  meetingKey: string | null;
  dealId: string | null;
  reviewId?: string | null;
  now: Date;
}

/** A new open item. Its ladder starts at the due time. */
export function newActionItem(input: CapturedItemInput, ctx: NewItemContext): Omit<ActionItem, 'etag'> {
  const now = ctx.now.toISOString();
  return {
    id: ctx.id,
    tenantId: ctx.tenantId,
    type: 'actionItem',
    title: input.title,
    notes: input.notes ?? null,
    owner: input.owner,
    accountableId: ctx.accountableId,
    dueAt: input.dueAt,
    status: 'open',
    tags: input.tags ?? [],
    dealId: ctx.dealId,
    meetingKey: ctx.meetingKey,
    source: ctx.source,
    reviewId: ctx.reviewId ?? null,
    createdBy: ctx.createdBy,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    slips: [],
    nudges: [],
    nextNudgeAt: input.dueAt,
    flaggedForReviewAt: null,
    deleted: false,
  };
}

/**
 * Whether moving an item's due date needs a slip reason: moving it later does, and so does any change to the due
 * date of an overdue item. No silent slips.
 */
export function slipRequired(item: Pick<ActionItem, 'status' | 'dueAt'>, newDueAt: string, now: Date): boolean {
  if (newDueAt === item.dueAt) return false;
  return Date.parse(newDueAt) > Date.parse(item.dueAt) || isOverdue(item, now);
}

export interface PatchContext {
  now: Date;
  by: string;
  /** The accountable user for a new owner (the service resolves the deal's owner for buyer-side items). */
  accountableId?: string;
}

/**
 * Applies a validated patch: records slips, restarts the ladder when the due date moves, stamps completion.
 * Throws InvalidInput when a slip is missing or given without a due-date change.
 */
export function applyActionItemPatch(item: ActionItem, patch: ActionItemPatchInput, ctx: PatchContext): ActionItem {
  const issues: FieldIssue[] = [];
  const now = ctx.now.toISOString();
  const next: ActionItem = { ...item, slips: [...item.slips], updatedAt: now };

  if (patch.title !== undefined) next.title = patch.title;
  if (patch.notes !== undefined) next.notes = patch.notes;
  if (patch.tags !== undefined) next.tags = patch.tags;
  if (patch.owner !== undefined) {
    next.owner = patch.owner;
    next.accountableId = ctx.accountableId ?? item.accountableId;
  }

  const dueMoves = patch.dueAt !== undefined && patch.dueAt !== item.dueAt;
  if (dueMoves && patch.dueAt !== undefined) {
    if (slipRequired(item, patch.dueAt, ctx.now) && !patch.slip) {
      issues.push({
        path: 'slip',
        message: isOverdue(item, ctx.now)
          ? 'This item is overdue: say why with slip {reason, note?} when you change its due date'
          : 'Moving the due date later needs slip {reason, note?}',
      });
    }
    if (patch.slip) {
      next.slips.push({
        from: item.dueAt,
        to: patch.dueAt,
        reason: patch.slip.reason,
        note: patch.slip.note ?? null,
        at: now,
        by: ctx.by,
      });
    }
    next.dueAt = patch.dueAt;
    next.nudges = [];
    next.flaggedForReviewAt = null;
    // A new date restarts the ladder from that action, after the grace period.
    next.ladderRestart = restartAfterNewDate(patch.dueAt, ctx.now);
  } else if (patch.slip) {
    issues.push({ path: 'slip', message: 'A slip is recorded only with a change of dueAt' });
  }

  const statusChanges = patch.status !== undefined && patch.status !== item.status;
  if (statusChanges && patch.status !== undefined) {
    next.status = patch.status;
    next.completedAt = patch.status === 'done' ? now : null;
    if (patch.status === 'open') {
      next.nudges = [];
      next.flaggedForReviewAt = null;
      if (!dueMoves) next.ladderRestart = null;
    }
  }
  // A moved due date or a reopened item restarts the ladder; a closed item leaves it. The sweep works out the exact
  // step; it only needs to look no later than the first one can fall due.
  if (dueMoves || statusChanges) next.nextNudgeAt = next.status === 'open' ? (next.ladderRestart && next.ladderRestart.at > next.dueAt ? next.ladderRestart.at : next.dueAt) : null;

  if (issues.length > 0) throw new InvalidInput(issues);
  return next;
}

/** `POST /api/action-items/{id}/snooze` (and a card's Snooze): until when the next reminder waits. */
export const SnoozeInput = z.strictObject({ until: z.enum(SNOOZE_CHOICES, { message: `Must be one of ${SNOOZE_CHOICES.join(', ')}` }) });
export type SnoozeInput = z.infer<typeof SnoozeInput>;

export const ActionItemListQuery = z.strictObject({
  /** `me`, or a user id: the user accountable for the items. */
  ownerId: z.union([z.literal('me'), Id]).optional(),
  dealId: Id.optional(),
  meetingKey: MeetingKey.optional(),
  status: z.enum(['open', 'done', 'cancelled', 'overdue']).optional(),
  dueBefore: Instant.optional(),
  ...pageQueryFields,
});
export type ActionItemListQuery = z.infer<typeof ActionItemListQuery>;
