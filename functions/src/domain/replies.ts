import { z } from 'zod/mini';
import { DEAL_STAGES, ITEM_SOURCES, ITEM_STATUSES, NOTIFICATION_KINDS, ROLES, SLIP_REASONS } from './vocabulary';

/**
 * Schemas of the API's replies. The front ends parse every reply with these, so a change to a reply's shape shows up
 * as a type error in the add-in, the tab and the functions at once. Unknown fields are dropped, not refused, so an
 * older page keeps working against a newer API. Written with zod/mini, which the pages can tree-shake.
 */
const text = z.string();
const nullableText = z.nullable(z.string());

export const OwnerReply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), userId: text }),
  z.object({ type: z.literal('contact'), name: text, email: z.optional(text) }),
]);

export const SlipReply = z.object({
  from: text,
  to: text,
  reason: z.enum(SLIP_REASONS),
  note: nullableText,
  at: text,
  by: text,
});

export const ActionItemReply = z.object({
  id: text,
  title: text,
  notes: nullableText,
  owner: OwnerReply,
  accountableId: text,
  dueAt: text,
  status: z.enum(ITEM_STATUSES),
  tags: z.array(text),
  dealId: nullableText,
  meetingKey: nullableText,
  source: z.enum(ITEM_SOURCES),
  reviewId: nullableText,
  createdBy: text,
  createdAt: text,
  updatedAt: text,
  completedAt: nullableText,
  slips: z.array(SlipReply),
  nextNudgeAt: nullableText,
  flaggedForReviewAt: z._default(nullableText, null),
  etag: text,
  overdue: z.boolean(),
  daysOverdue: z.number(),
});
export type ActionItemReply = z.infer<typeof ActionItemReply>;

export const DealReply = z.object({
  id: text,
  name: text,
  account: text,
  stage: z.enum(DEAL_STAGES),
  amount: z.number(),
  currency: text,
  closeDate: nullableText,
  ownerId: text,
  lastActivityAt: text,
  etag: text,
});
export type DealReply = z.infer<typeof DealReply>;

export const PersonReply = z.object({ name: text, email: text });

export const MeetingReply = z.object({
  key: text,
  subject: text,
  start: text,
  end: text,
  organizer: z.nullable(PersonReply),
  attendees: z.array(PersonReply),
  dealId: nullableText,
});

export const MeetingOutcomesReply = z.object({ meeting: MeetingReply, items: z.array(ActionItemReply) });
export type MeetingOutcomesReply = z.infer<typeof MeetingOutcomesReply>;

/** A page of a list: `{items, nextCursor}`. */
export function pageOf<T extends z.ZodMiniType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: nullableText });
}

/** A list that is not paged: `{items}`. */
export function listOf<T extends z.ZodMiniType>(item: T) {
  return z.object({ items: z.array(item) });
}

export const MeReply = z.object({
  userId: text,
  tenantId: text,
  displayName: text,
  email: text,
  roles: z.array(z.enum(ROLES)),
  teamIds: z.array(text),
});
export type MeReply = z.infer<typeof MeReply>;

export const ColleagueReply = z.object({ userId: text, displayName: text, email: text });

export const TeamSummaryReply = z.object({ id: text, name: text, managerId: nullableText, manager: z.nullable(ColleagueReply), members: z.array(ColleagueReply) });

export const NotificationReply = z.object({
  id: text,
  kind: z.enum(NOTIFICATION_KINDS),
  itemId: nullableText,
  dealId: nullableText,
  createdAt: text,
  status: z.enum(['pending', 'sent', 'failed', 'cancelled']),
  channel: z.nullable(z.enum(['teams-activity', 'email', 'local'])),
  text,
});

export const DealSuggestionReply = z.object({ deal: DealReply, reason: text });

/** An API error, as every failing reply carries it (application/problem+json). */
export const ProblemReply = z.object({
  type: z.optional(text),
  title: text,
  status: z.number(),
  detail: z.optional(text),
  errors: z.optional(z.array(z.object({ path: text, message: text }))),
});
export type ProblemReply = z.infer<typeof ProblemReply>;
