import { z } from 'zod';
import type { Stored } from './common';

/**
 * How long a tenant keeps what is finished, in whole months; `null` keeps it for as long as the tenant uses
 * Followthrough. The `retention` timer deletes what is older (services/retention.ts).
 */
export interface RetentionPeriods {
  /** Action items closed (done or cancelled) or removed, counted from their last change; and their meetings once no item of theirs is left. */
  closedItemsMonths: number | null;
  /** Held reviews (with their agenda snapshot and notes), counted from when they were held. */
  reviewsMonths: number | null;
  /** Deals closed won or lost, counted from their last change, once no item or meeting refers to them. */
  closedDealsMonths: number | null;
  /** A leaver's name and email, counted from their departure: replaced by a pseudonym ("Former employee 3f2a"). */
  departedUsersMonths: number | null;
}

/** Three years for everything: long enough for a multi-year deal cycle and its coaching history. */
export const DEFAULT_RETENTION: RetentionPeriods = { closedItemsMonths: 36, reviewsMonths: 36, closedDealsMonths: 36, departedUsersMonths: 36 };

export const MAX_RETENTION_MONTHS = 240;

const Months = z
  .number({ message: `Must be a whole number of months from 1 to ${MAX_RETENTION_MONTHS}, or null to keep forever` })
  .int('Must be a whole number of months')
  .min(1, 'Must be at least 1 month')
  .max(MAX_RETENTION_MONTHS, `Must be at most ${MAX_RETENTION_MONTHS} months (20 years)`)
  .nullable();

/** `PUT /api/tenant/settings`: the whole settings document; a period left out takes its default. */
export const TenantSettingsInput = z.strictObject({
  retention: z
    .strictObject({
      closedItemsMonths: Months.default(DEFAULT_RETENTION.closedItemsMonths),
      reviewsMonths: Months.default(DEFAULT_RETENTION.reviewsMonths),
      closedDealsMonths: Months.default(DEFAULT_RETENTION.closedDealsMonths),
      departedUsersMonths: Months.default(DEFAULT_RETENTION.departedUsersMonths),
    })
    .default(DEFAULT_RETENTION),
});
export type TenantSettingsInput = z.infer<typeof TenantSettingsInput>;

/** A tenant's administration settings: one document per tenant. */
export interface TenantSettings extends Stored {
  type: 'tenantSettings';
  retention: RetentionPeriods;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The version a tenant that never saved its settings has: `If-Match` names it to save them the first time. */
export const DEFAULT_SETTINGS_ETAG = 'defaults';

export function defaultTenantSettings(tenantId: string): TenantSettings {
  return { id: 'tenant-settings', tenantId, type: 'tenantSettings', retention: { ...DEFAULT_RETENTION }, updatedAt: null, updatedBy: null, etag: DEFAULT_SETTINGS_ETAG };
}

/** The settings as `GET /api/tenant/settings` answers them. */
export interface TenantSettingsView {
  retention: RetentionPeriods;
  updatedAt: string | null;
  updatedBy: string | null;
  etag: string;
}

export function toTenantSettingsView(settings: TenantSettings): TenantSettingsView {
  return { retention: settings.retention, updatedAt: settings.updatedAt, updatedBy: settings.updatedBy, etag: settings.etag };
}

/** The instant `months` calendar months before `now` (UTC; the 31st of a shorter month falls to its last day). */
export function monthsBefore(now: Date, months: number): string {
  const day = now.getUTCDate();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1, now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d.toISOString();
}

/** What a retention run deletes: everything of each kind that closed before its cut-off; null keeps that kind. */
export interface RetentionCutoffs {
  closedItems: string | null;
  reviews: string | null;
  closedDeals: string | null;
  departedUsers: string | null;
}

export function retentionCutoffs(periods: RetentionPeriods, now: Date): RetentionCutoffs {
  const cut = (months: number | null) => (months === null ? null : monthsBefore(now, months));
  return {
    closedItems: cut(periods.closedItemsMonths),
    reviews: cut(periods.reviewsMonths),
    closedDeals: cut(periods.closedDealsMonths),
    departedUsers: cut(periods.departedUsersMonths),
  };
}
