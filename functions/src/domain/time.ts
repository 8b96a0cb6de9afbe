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

/** The instants the local day containing `instant` starts and ends (end exclusive), daylight-saving days included. */
export function localDayBounds(instant: Date, timeZone: string): { start: Date; end: Date } {
  const { date } = localTime(instant, timeZone);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const startOf = (year: number, month: number, day: number) => {
    const midnightUtc = Date.UTC(year, month - 1, day);
    const guess = midnightUtc - utcOffsetMinutes(new Date(midnightUtc), timeZone) * 60_000;
    return new Date(midnightUtc - utcOffsetMinutes(new Date(guess), timeZone) * 60_000);
  };
  return { start: startOf(y, m, d), end: startOf(y, m, d + 1) };
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
