import type { Weekday } from './traps';

/** A moment as a wall clock in some time zone shows it. */
export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  hour: number;
  weekday: Weekday;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the runtime knows this IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function parts(instant: Date, timeZone: string): Record<string, string> {
  return Object.fromEntries(formatter(isTimeZone(timeZone) ? timeZone : 'UTC').formatToParts(instant).map((p) => [p.type, p.value]));
}

/** The local date, hour and weekday of an instant in a time zone (unknown zones read as UTC). */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const p = parts(instant, timeZone);
  return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), weekday: (p.weekday ?? 'Mon').toLowerCase().slice(0, 3) as Weekday };
}

/** Minutes the zone is ahead of UTC at an instant (e.g. -300 for New York in winter). */
export function utcOffsetMinutes(instant: Date, timeZone: string): number {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instants the local day containing `instant` starts and ends (end exclusive). Daylight-saving days are 23 or 25
 * hours long, and where clocks jump at midnight (Santiago, Havana …) the day starts at 01:00: the start is the first
 * minute whose local date is that day.
 */
export function localDayBounds(instant: Date, timeZone: string): { start: Date; end: Date } {
  const { date } = localTime(instant, timeZone);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { start: startOfLocalDate(y, m, d, timeZone), end: startOfLocalDate(y, m, d + 1, timeZone) };
}

const dayStarts = new Map<string, Date>();

/** When a local calendar day (`YYYY-MM-DD`, may overflow: 2026-11-31 is 1 Dec) starts in a time zone. Cached. */
export function startOfLocalDate(year: number, month: number, day: number, timeZone: string): Date {
  const key = `${timeZone}|${year}|${month}|${day}`;
  let start = dayStarts.get(key);
  if (!start) {
    if (dayStarts.size > 10_000) dayStarts.clear();
    start = startOfLocalDay(year, month, day, timeZone);
    dayStarts.set(key, start);
  }
  return new Date(start);
}

function startOfLocalDay(year: number, month: number, day: number, timeZone: string): Date {
  const midnightUtc = Date.UTC(year, month - 1, day);
  const target = new Date(midnightUtc).toISOString().slice(0, 10);
  const dateAt = (ms: number) => localTime(new Date(ms), timeZone).date;
  // Usually right at once: midnight, shifted by the offset in force then.
  const guess = midnightUtc - utcOffsetMinutes(new Date(midnightUtc - utcOffsetMinutes(new Date(midnightUtc), timeZone) * 60_000), timeZone) * 60_000;
  if (dateAt(guess) === target && dateAt(guess - 60_000) < target) return new Date(guess);
  // Otherwise search the minutes around it: local dates only move forward as time does.
  let low = midnightUtc - 15 * 3_600_000;
  let high = midnightUtc + 15 * 3_600_000;
  while (high - low > 60_000) {
    const mid = low + Math.floor((high - low) / 120_000) * 60_000;
    if (dateAt(mid) < target) low = mid;
    else high = mid;
  }
  return new Date(high);
}

/** ISO week of a local date, e.g. 2026-W48: weekly digests are keyed by it. */
export function isoWeek(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const thursday = new Date(Date.UTC(y, m - 1, d));
  thursday.setUTCDate(thursday.getUTCDate() - ((thursday.getUTCDay() + 6) % 7) + 3);
  const jan4 = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((thursday.getTime() - jan4.getTime()) / 86_400_000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export const WEEKDAY_INDEX: Record<Weekday, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A calendar date (`YYYY-MM-DD`) moved by whole days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The wall-clock time an instant shows in a zone, as milliseconds of a UTC clock showing the same. */
function wallClock(instant: number, timeZone: string): number {
  return instant + utcOffsetMinutes(new Date(instant), timeZone) * MINUTE_MS;
}

/** Minutes since local midnight that the zone's clocks show at an instant. */
export function localMinuteOfDay(instant: Date, timeZone: string): number {
  const wall = new Date(wallClock(Math.floor(instant.getTime() / MINUTE_MS) * MINUTE_MS, timeZone));
  return wall.getUTCHours() * 60 + wall.getUTCMinutes();
}

/**
 * The first instant at which the zone's clocks show `minuteOfDay` on `date`. Daylight saving is what makes this more
 * than arithmetic: a wall time the clocks jump over (01:30 on a spring-forward night) becomes the moment they jump,
 * and one they show twice (01:30 on a fall-back night) its first occurrence.
 */
export function instantAtLocal(date: string, minuteOfDay: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + minuteOfDay * MINUTE_MS;
  // Offsets a day either side cover any one change of the clocks near this wall time.
  const offsets = [...new Set([utcOffsetMinutes(new Date(wall - DAY_MS), timeZone), utcOffsetMinutes(new Date(wall + DAY_MS), timeZone)])];
  const candidates = offsets.map((o) => wall - o * MINUTE_MS).sort((a, b) => a - b);
  const exact = candidates.find((t) => wallClock(t, timeZone) === wall);
  if (exact !== undefined) return new Date(exact);
  // A gap: the first minute whose wall time is at or past the one asked for (wall clocks only run forward here).
  let low = candidates[0]!;
  let high = candidates[candidates.length - 1]!;
  while (high - low > MINUTE_MS) {
    const mid = low + Math.floor((high - low) / (2 * MINUTE_MS)) * MINUTE_MS;
    if (wallClock(mid, timeZone) >= wall) high = mid;
    else low = mid;
  }
  return new Date(high);
}
