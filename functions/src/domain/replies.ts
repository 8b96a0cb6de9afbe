import { z } from 'zod';
import { ITEM_SOURCES, ITEM_STATUSES } from './action-item';
import { DEAL_STAGES } from './deal';
import { ROLES } from './directory';
import { NOTIFICATION_KINDS } from './notification';
import { SLIP_REASONS } from './slip';

/**
 * Schemas of the API's replies. The front ends parse every reply with these, so a change to a reply's shape shows up
 * as a type error in the add-in, the tab and the functions at once. Unknown fields are dropped, not refused, so an
 * older page keeps working against a newer API.
 */
const nullableString = z.string().nullable();

export const OwnerReply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), userId: z.string() }),
  z.object({ type: z.literal('contact'), name: z.string(), email: z.string().optional() }),
]);

export const SlipReply = z.object({
  from: z.string(),
  to: z.string(),
  reason: z.enum(SLIP_REASONS),
  note: nullableString,
  at: z.string(),
  by: z.string(),
});

export const ActionItemReply = z.object({
  id: z.string(),
  title: z.string(),
  notes: nullableString,
  owner: OwnerReply,
  accountableId: z.string(),
  dueAt: z.string(),
  status: z.enum(ITEM_STATUSES),
  tags: z.array(z.string()),
  dealId: nullableString,
  meetingKey: nullableString,
  source: z.enum(ITEM_SOURCES),
  reviewId: nullableString,
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: nullableString,
  slips: z.array(SlipReply),
  nextNudgeAt: nullableString,
  flaggedForReviewAt: nullableString.default(null),
  etag: z.string(),
  overdue: z.boolean(),
  daysOverdue: z.number(),
});
export type ActionItemReply = z.infer<typeof ActionItemReply>;

export const DealReply = z.object({
  id: z.string(),
  name: z.string(),
  account: z.string(),
  stage: z.enum(DEAL_STAGES),
  amount: z.number(),
  currency: z.string(),
  closeDate: nullableString,
  ownerId: z.string(),
  lastActivityAt: z.string(),
  etag: z.string(),
});
export type DealReply = z.infer<typeof DealReply>;

export const PersonReply = z.object({ name: z.string(), email: z.string() });

export const MeetingReply = z.object({
  key: z.string(),
  subject: z.string(),
  start: z.string(),
  end: z.string(),
  organizer: PersonReply.nullable(),
  attendees: z.array(PersonReply),
  dealId: nullableString,
});

export const MeetingOutcomesReply = z.object({ meeting: MeetingReply, items: z.array(ActionItemReply) });
export type MeetingOutcomesReply = z.infer<typeof MeetingOutcomesReply>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: nullableString });
}

export const MeReply = z.object({
  userId: z.string(),
  tenantId: z.string(),
  displayName: z.string(),
  email: z.string(),
  roles: z.array(z.enum(ROLES)),
  teamIds: z.array(z.string()),
});
export type MeReply = z.infer<typeof MeReply>;

export const TeamMemberReply = z.object({ userId: z.string(), displayName: z.string(), email: z.string() });

export const NotificationReply = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  itemId: nullableString,
  dealId: nullableString,
  createdAt: z.string(),
  status: z.enum(['pending', 'sent', 'failed', 'cancelled']),
  channel: z.enum(['teams-activity', 'email', 'local']).nullable(),
  text: z.string(),
});

export const DealSuggestionReply = z.object({ deal: DealReply, reason: z.string() });

/** An API error, as every failing reply carries it (application/problem+json). */
export const ProblemReply = z.object({
  type: z.string().optional(),
  title: z.string(),
  status: z.number(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ProblemReply = z.infer<typeof ProblemReply>;

export const ColleagueReply = z.object({ userId: z.string(), displayName: z.string(), email: z.string() });
