/**
 * The product's fixed words, as plain constants: no schema library, so the pages can use them without loading one.
 * The schemas (zod) build on these.
 */
export const ITEM_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ITEM_SOURCES = ['meeting', 'review', 'manual'] as const;
export type ItemSource = (typeof ITEM_SOURCES)[number];

export const DEAL_STAGES = ['prospect', 'qualify', 'propose', 'negotiate', 'won', 'lost'] as const;
export type DealStage = (typeof DEAL_STAGES)[number];

/**
 * Why an item slipped. The reason is the coaching lens: does the rep know what to do (skill), can they do it
 * (obstacle, buyer, priority), or did the system fail to catch it (forgot)?
 */
export const SLIP_REASONS = ['skill', 'obstacle', 'buyer', 'priority', 'forgot', 'other'] as const;
export type SlipReason = (typeof SLIP_REASONS)[number];

export const ROLES = ['rep', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const NOTIFICATION_KINDS = ['reminder', 'buyer-chase', 'escalation', 'agenda-flag', 'daily-digest', 'weekly-digest', 'stale-deal', 'no-next-step'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * The channels a reminder can take, in the order a user prefers them (`/api/me/preferences`): a card in the user's
 * chat with the Followthrough bot, the Teams activity feed, an email from the service mailbox.
 */
export const DELIVERY_CHANNELS = ['card', 'feed', 'email'] as const;
export type DeliveryChannelName = (typeof DELIVERY_CHANNELS)[number];

/** Tags with a meaning of their own in the product. Free tags are allowed beside them. */
export const KNOWN_TAGS = ['next-step', 'map-milestone', 'prospecting', 'internal', 'review-commitment'] as const;

/** Through what a change came: the API (pages and integrations), a Teams card, a buyer's shared link, a timer, an admin route. */
export const AUDIT_VIA = ['api', 'card', 'shared-link', 'timer', 'admin'] as const;
export type AuditVia = (typeof AUDIT_VIA)[number];

/** What an audit entry records a change of. */
export const AUDIT_ENTITY_KINDS = ['actionItem', 'deal', 'meeting', 'team', 'traps', 'goals', 'user', 'tenantSettings', 'contact'] as const;
export type AuditEntityKind = (typeof AUDIT_ENTITY_KINDS)[number];

/** What was done to it. */
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'reassign', 'erase', 'depart', 'expire'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
