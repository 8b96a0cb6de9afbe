import { createHash } from 'node:crypto';

/** Someone on a meeting, as calendars name them. */
export interface CalendarPerson {
  name: string;
  email: string;
}

/**
 * One meeting as Exchange keeps it: the same event in the organizer's and every attendee's calendar, known to all of
 * them by one `iCalUId`, while each mailbox holds its own copy under its own item id (what Outlook's `itemId` and
 * its REST id are). Each occurrence of a series is an event of its own, with its own iCalUId, as Graph gives them.
 */
export interface CalendarEvent {
  /** A stable name for the demo and its tests, e.g. `demo-calendar-fabrikam-0`. */
  slug: string;
  iCalUId: string;
  subject: string;
  start: string;
  end: string;
  organizer: CalendarPerson;
  attendees: CalendarPerson[];
  /** A Teams meeting: its join link and its meeting chat (teams-js gives a meeting tab the chat id). */
  online: { joinUrl: string; chatId: string; meetingId: string } | null;
  /** Occurrences of one series share this; null for a single meeting. */
  seriesId: string | null;
}

/** What the local host's calendar lists for one mailbox: what Outlook gives the add-in, plus the Teams meeting. */
export interface MailboxMeeting {
  /** This mailbox's item id (its REST id): differs in every attendee's mailbox. */
  key: string;
  subject: string;
  start: string;
  end: string;
  organizer: CalendarPerson;
  attendees: CalendarPerson[];
  /** What teams-js tells a meeting tab of this meeting (for the local host's Teams test host). */
  teams: { chatId: string; meetingId: string } | null;
}

const hash = (text: string) => createHash('sha256').update(text).digest();

/** An Exchange-shaped iCalUId (the Outlook global object id prefix, then 56 hex digits), stable for a slug. */
export function iCalUIdOf(slug: string): string {
  return `040000008200E00074C5B7101A82E008${hash(`ical:${slug}`).toString('hex').toUpperCase().slice(0, 56)}`;
}

/** The id of an event's copy in one mailbox, shaped like an Outlook REST id. */
export function mailboxItemId(email: string, iCalUId: string): string {
  return `AAMkAG${hash(`item:${email.toLowerCase()}:${iCalUId}`).toString('base64url').slice(0, 40)}`;
}

/** A Teams meeting's join link, chat and the meeting id teams-js reports, all derived from one thread id. */
export function teamsMeetingOf(slug: string): NonNullable<CalendarEvent['online']> {
  const thread = `19:meeting_${hash(`teams:${slug}`).toString('base64url').slice(0, 32)}@thread.v2`;
  const context = encodeURIComponent(JSON.stringify({ Tid: 'demo', Oid: 'demo' }));
  return {
    joinUrl: `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0?context=${context}`,
    chatId: thread,
    meetingId: Buffer.from(`0#${thread}#0`).toString('base64'),
  };
}

/** Whether the mailbox of `email` holds this event (organizer or attendee). */
export function onCalendarOf(event: CalendarEvent, email: string): boolean {
  const e = email.toLowerCase();
  return event.organizer.email === e || event.attendees.some((a) => a.email === e);
}

/** A user's calendar as the add-in would see it, newest first. */
export function calendarOf(events: CalendarEvent[], email: string): MailboxMeeting[] {
  return events
    .filter((event) => onCalendarOf(event, email))
    .map((event) => ({
      key: mailboxItemId(email, event.iCalUId),
      subject: event.subject,
      start: event.start,
      end: event.end,
      organizer: event.organizer,
      attendees: event.attendees,
      teams: event.online ? { chatId: event.online.chatId, meetingId: event.online.meetingId } : null,
    }))
    .sort((a, b) => b.start.localeCompare(a.start));
}
