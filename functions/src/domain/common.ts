import { z } from 'zod';

/** An id we hand out or accept in a path: letters, digits, dash, underscore (GUIDs and our own ids). */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'Must be an id (letters, digits, "-" or "_")');

/**
 * Every date the API accepts lies in this window (UTC years, inclusive). Outside it a date is a typo or an attack
 * (`9999-12-31T23:59:59-23:59` would be stored as `+010000-…` and read as overdue by minus millions of days), never
 * a commitment.
 */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
const DATE_WINDOW_MESSAGE = `Must be between ${FIRST_YEAR}-01-01 and ${LAST_YEAR}-12-31`;

/**
 * A point in time with an explicit offset (`2026-11-24T17:00:00Z`, `…+02:00`), stored as UTC ISO-8601.
 * A bare date is rejected: a due date without a time zone means different days to different people.
 */
export const Instant = z
  .string()
  .max(40)
  .pipe(z.iso.datetime({ offset: true, message: 'Must be a date and time with an offset, e.g. 2026-11-24T17:00:00Z' }))
  .transform((value) => new Date(value))
  .refine((date) => inDateWindow(date.getUTCFullYear()), DATE_WINDOW_MESSAGE)
  .transform((date) => date.toISOString());

/** A calendar date (`YYYY-MM-DD`), for things like a deal's close date. */
export const CalendarDate = z.iso
  .date({ message: 'Must be a date, e.g. 2026-12-31' })
  .refine((value) => inDateWindow(Number(value.slice(0, 4))), DATE_WINDOW_MESSAGE);

function inDateWindow(year: number): boolean {
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** Whether a stored instant is readable and inside the window (data written before the window existed may not be). */
export function inInstantWindow(iso: string): boolean {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && inDateWindow(new Date(ms).getUTCFullYear());
}

export const Email = z.email({ message: 'Must be an email address' }).max(254).transform((e) => e.toLowerCase());

/** Tags are short lower-case words; `#Map` arrives as `map`. */
export const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Tags are 1–40 letters, digits or "-"');

export const Tags = z
  .array(Tag)
  .max(10, 'At most 10 tags')
  .transform((tags) => [...new Set(tags)]);

export { KNOWN_TAGS } from './vocabulary';

/** Fields every stored document carries. */
export interface Stored {
  id: string;
  tenantId: string;
  /** Cosmos `_etag`: the version a client must name in If-Match to update. */
  etag: string;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** `?limit=&cursor=` on every list. */
export const pageQueryFields = {
  limit: z.coerce
    .number({ message: 'Must be a whole number from 1 to 200' })
    .int('Must be a whole number from 1 to 200')
    .min(1, 'Must be at least 1')
    .max(200, 'Must be at most 200')
    .default(50),
  cursor: z.string().min(1).max(8192).optional(),
};

/** An entity tag without weak marker or quotes, so `W/"abc"`, `"abc"` and `abc` compare equal. */
export function bareEtag(tag: string): string {
  return tag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

/** Whether an If-Match value names this version (`*` names any). */
export function sameVersion(ifMatch: string, etag: string): boolean {
  return ifMatch.trim() === '*' || bareEtag(ifMatch) === bareEtag(etag);
}

/** `a@x.example,b@y.example` in a query string: a meeting's people, for lookups. */
export const EmailList = z
  .string()
  .max(10_000)
  .transform((v) => v.split(',').map((e) => e.trim()).filter(Boolean))
  .pipe(z.array(z.email({ message: 'Must be email addresses, comma-separated' })).min(1, 'Give at least one email').max(100, 'At most 100 emails'));
