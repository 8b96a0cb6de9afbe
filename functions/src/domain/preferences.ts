import { z } from 'zod';
import { DIGEST_CATCH_UP_HOURS } from './digest';
import { addDays, instantAtLocal, localMinuteOfDay, localTime } from './time';
import { DELIVERY_CHANNELS, type DeliveryChannelName, type NotificationKind } from './vocabulary';

/**
 * A user's own say in how Followthrough reaches them (`GET|PUT /api/me/preferences`): the channels in the order to
 * try them, quiet hours in their own time zone, and whether reminders about their own items wait for their digest.
 */
export interface NotificationPreferences {
  /** Tried in this order; a channel that cannot reach the user passes the message to the next. */
  channels: DeliveryChannelName[];
  /** Local wall-clock times (the user's `timeZone`); `start` after `end` spans midnight (22:00–07:00). */
  quietHours: { start: string; end: string } | null;
  /** Ladder reminders about their own items are folded into their daily digest instead of sent one by one. */
  digestOnly: boolean;
}

export const DEFAULT_PREFERENCES: NotificationPreferences = { channels: ['card', 'feed', 'email'], quietHours: null, digestOnly: false };

const ClockTime = z.string({ message: 'Must be a time of day, HH:MM' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Must be a time of day from 00:00 to 23:59, as HH:MM');

const Channels = z
  .array(z.enum(DELIVERY_CHANNELS, { message: `Must be one of ${DELIVERY_CHANNELS.join(', ')}` }), { message: 'Must be a list of channels' })
  .min(1, 'Give at least one channel')
  .superRefine((channels, ctx) => {
    channels.forEach((channel, i) => {
      if (channels.indexOf(channel) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `${channel} is listed twice: give each channel once` });
    });
  });

const QuietHours = z
  .strictObject({ start: ClockTime, end: ClockTime })
  .refine((q) => q.start !== q.end, { path: ['end'], message: 'Must differ from start' });

/**
 * `PUT /api/me/preferences`: the whole preferences (a field left out takes its default). The tab validates with the
 * same schema as you type.
 */
export const NotificationPreferencesInput = z.strictObject({
  channels: Channels.default(DEFAULT_PREFERENCES.channels),
  quietHours: QuietHours.nullable().default(null),
  digestOnly: z.boolean({ message: 'Must be true or false' }).default(false),
});
export type NotificationPreferencesInput = z.infer<typeof NotificationPreferencesInput>;

/** The preferences as stored on the user's document (`users` container). */
export interface StoredPreferences extends NotificationPreferences {
  updatedAt: string;
}

/** `GET /api/me/preferences`: the preferences, the zone they are read in, and the version for If-Match. */
export interface PreferencesView extends NotificationPreferences {
  timeZone: string;
  /** Null until the user first saved them (the defaults apply). */
  updatedAt: string | null;
  etag: string;
}

export function preferencesOf(user: { preferences?: StoredPreferences }): NotificationPreferences {
  const stored = user.preferences;
  return stored ? { channels: stored.channels, quietHours: stored.quietHours, digestOnly: stored.digestOnly } : DEFAULT_PREFERENCES;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/**
 * When the quiet hours the user is in at `now` end, or null when they are not in quiet hours. `start`–`end` are wall
 * times of the user's zone; `start` after `end` spans midnight (22:00–07:00: 23:00 waits for 07:00 the next day,
 * 06:00 for 07:00 the same day). The end is found on the calendar, not by adding hours, so a night whose clocks
 * change still ends at 07:00 on the clock.
 */
export function quietHoursEnd(now: Date, timeZone: string, quietHours: NotificationPreferences['quietHours']): Date | null {
  if (!quietHours) return null;
  const minute = localMinuteOfDay(now, timeZone);
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  const spansMidnight = start > end;
  const inside = spansMidnight ? minute >= start || minute < end : minute >= start && minute < end;
  if (!inside) return null;
  const today = localTime(now, timeZone).date;
  return instantAtLocal(spansMidnight && minute >= start ? addDays(today, 1) : today, end, timeZone);
}

/**
 * What `digestOnly` holds back: the ladder's reminders about the user's own items (due, overdue, chase the buyer, on
 * the agenda) — exactly what the daily digest lists. Escalations to a manager, stale-deal reminders and the digests
 * themselves still go.
 */
export const HELD_FOR_DIGEST: readonly NotificationKind[] = ['reminder', 'buyer-chase', 'agenda-flag'];

export function heldForDigest(kind: NotificationKind, preferences: NotificationPreferences): boolean {
  return preferences.digestOnly && HELD_FOR_DIGEST.includes(kind);
}

const WORKDAY = new Set([1, 2, 3, 4, 5]);

/** The next rep digest after `now`: the next weekday's `hour` o'clock in the user's zone (DST included). */
export function nextDailyDigest(now: Date, timeZone: string, hour: number): { date: string; at: Date } {
  const today = localTime(now, timeZone).date;
  for (let days = 0; ; days++) {
    const date = addDays(today, days);
    if (!WORKDAY.has(new Date(`${date}T00:00:00Z`).getUTCDay())) continue;
    const at = instantAtLocal(date, hour * 60, timeZone);
    if (at.getTime() > now.getTime()) return { date, at };
  }
}

/**
 * When a held reminder is folded: after its digest's hour and catch-up window have passed, so the digest was made by
 * then (the fold checks that it lists the item; a reminder no digest lists goes out on its own, nothing is lost).
 */
export function foldAt(digestAt: Date): Date {
  return new Date(digestAt.getTime() + (DIGEST_CATCH_UP_HOURS + 1) * 3_600_000);
}
