import { z } from 'zod/mini';
import { AUDIT_ACTIONS, AUDIT_ENTITY_KINDS, AUDIT_VIA, DEAL_STAGES, DELIVERY_CHANNELS, ITEM_SOURCES, ITEM_STATUSES, NOTIFICATION_KINDS, ROLES, SLIP_REASONS } from './vocabulary';

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
  /** A delivery channel; `teams-activity` and `local` on notifications sent before issue 11. */
  channel: z.nullable(z.enum([...DELIVERY_CHANNELS, 'teams-activity', 'local'])),
  deliveryNote: z._default(nullableText, null),
  text,
});

/** `GET|PUT /api/me/preferences`. */
export const PreferencesReply = z.object({
  channels: z.array(z.enum(DELIVERY_CHANNELS)),
  quietHours: z.nullable(z.object({ start: text, end: text })),
  digestOnly: z.boolean(),
  timeZone: text,
  updatedAt: nullableText,
  etag: text,
});
export type PreferencesReply = z.infer<typeof PreferencesReply>;

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

const AgendaItemRef = { itemId: text, title: text, owner: OwnerReply, dueAt: text, dealId: nullableText };

export const RepAgendaReply = z.object({
  repId: text,
  kind: z.enum(['weekly', 'pipeline', 'quarterly']),
  asOf: text,
  since: z.object({ at: text, reviewId: nullableText }),
  commitments: z.array(z.object({ ...AgendaItemRef, status: z.enum(['done', 'open', 'overdue', 'cancelled']), completedAt: nullableText })),
  overdue: z.array(z.object({ ...AgendaItemRef, daysOverdue: z.number(), slipCount: z.number(), lastSlipReason: z.nullable(z.enum(SLIP_REASONS)), flagged: z.boolean() })),
  slips: z.array(
    z.object({
      reason: z.enum(SLIP_REASONS),
      category: z.enum(['knows-what-to-do', 'can-do-it', 'system', 'other']),
      question: text,
      count: z.number(),
      items: z.array(z.object({ itemId: text, title: text, note: nullableText, at: text })),
    }),
  ),
  dueSoon: z.array(z.object(AgendaItemRef)),
  completed: z.object({ onTime: z.number(), late: z.number(), items: z.array(z.object({ ...AgendaItemRef, completedAt: text, onTime: z.boolean() })) }),
  dealsAtRisk: z.array(z.object({ dealId: text, name: text, account: text, stage: z.enum(DEAL_STAGES), amount: z.number(), reasons: z.array(z.enum(['no-next-step', 'stale', 'close-date-passed'])) })),
  focus: z.object({ dealId: nullableText, share: z.number(), activities: z.number(), flagged: z.boolean() }),
  prospecting: z.object({ target: z.number(), thisWeek: z.number(), weeks: z.array(z.object({ weekStart: text, completed: z.number() })) }),
  kpis: z.object({
    onTimeRate: z.array(z.object({ weekStart: text, completed: z.number(), rate: z.nullable(z.number()) })),
    averageDaysOverdue: z.number(),
    openItems: z.number(),
  }),
  plan: z.optional(
    z.object({
      quarter: text,
      quota: z.nullable(z.number()),
      wonByMonth: z.array(z.object({ month: text, amount: z.number() })),
      wonTotal: z.number(),
      commitments: z.array(z.object(AgendaItemRef)),
    }),
  ),
});
export type RepAgendaReply = z.infer<typeof RepAgendaReply>;

export const TeamAgendaReply = z.object({
  teamId: text,
  kind: text,
  asOf: text,
  rows: z.array(
    z.object({
      repId: text,
      name: text,
      openItems: z.number(),
      overdue: z.number(),
      onTimeTrend: z.array(z.nullable(z.number())),
      slipsByCategory: z.object({ 'knows-what-to-do': z.number(), 'can-do-it': z.number(), system: z.number(), other: z.number() }),
      dealsAtRisk: z.number(),
      prospecting: z.object({ thisWeek: z.number(), target: z.number() }),
      focusFlagged: z.boolean(),
      lastReviewAt: nullableText,
    }),
  ),
});
export type TeamAgendaReply = z.infer<typeof TeamAgendaReply>;

export const ReviewReply = z.object({
  id: text,
  teamId: text,
  repId: text,
  kind: text,
  heldAt: text,
  heldBy: text,
  notes: text,
  discussedItemIds: z.array(text),
  commitmentIds: z.array(text),
  agenda: z.unknown(),
});
export type ReviewReply = z.infer<typeof ReviewReply>;

export const TrapsReply = z.object({
  ladder: z.array(z.object({ afterDays: z.number(), action: z.enum(['remind-owner', 'notify-manager', 'flag-agenda']) })),
  nextStepWithinDays: z.number(),
  staleDealDays: z.number(),
  weeklyProspectingTarget: z.number(),
  /** Teams saved before snoozes existed have the default. */
  snoozeLimit: z._default(z.number(), 3),
  digest: z.object({ repDailyHour: z.number(), managerWeeklyDay: text, managerWeeklyHour: z.number() }),
});
export type TrapsReply = z.infer<typeof TrapsReply>;

export const GoalsReply = z.object({ quotas: z.array(z.object({ repId: text, quarter: text, amount: z.number() })) });

/** One audit entry: who (our users by display name, never email), when, through what, which fields before → after. */
export const AuditEntryReply = z.object({
  id: text,
  entity: z.object({ kind: z.enum(AUDIT_ENTITY_KINDS), id: text }),
  at: text,
  by: z.object({ kind: z.enum(['user', 'system', 'buyer']), userId: z.optional(text), displayName: z.optional(nullableText), name: z.optional(text) }),
  via: z.enum(AUDIT_VIA),
  action: z.enum(AUDIT_ACTIONS),
  changes: z.array(z.object({ field: text, before: z.unknown(), after: z.unknown() })),
});
export type AuditEntryReply = z.infer<typeof AuditEntryReply>;

/** A page of an item's history or of the tenant's audit, with the names of the users its entries name. */
export const AuditPageReply = z.object({ items: z.array(AuditEntryReply), nextCursor: nullableText, people: z.record(text, text) });
export type AuditPageReply = z.infer<typeof AuditPageReply>;
