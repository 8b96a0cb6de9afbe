/** Dates as the user reads them, in their time zone. */
export function formatDay(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone });
}

export function formatMeetingTime(start: string, end: string, timeZone: string): string {
  const day = new Date(start).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone });
  const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit', timeZone });
  return `${day}, ${time(start)}–${time(end)}`;
}

/** YYYY-MM-DD of an instant in a time zone, for date inputs. */
export function dateInputValue(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}
