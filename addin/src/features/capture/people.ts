import type { Attendee, MeetingContext } from '../../host/types';

export interface MeetingPeople {
  ours: Attendee[];
  buyers: Attendee[];
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** Splits a meeting's people into our side and the buyer's side by email domain (ours = the signed-in user's). */
export function splitAttendees(meeting: MeetingContext, myEmail: string): MeetingPeople {
  const ourDomain = domainOf(myEmail);
  const seen = new Set<string>();
  const everyone = [...(meeting.organizer ? [meeting.organizer] : []), ...meeting.attendees].filter((a) => {
    const email = a.email.toLowerCase();
    if (!email || seen.has(email)) return false;
    seen.add(email);
    return true;
  });
  return {
    ours: everyone.filter((a) => domainOf(a.email) === ourDomain),
    buyers: everyone.filter((a) => domainOf(a.email) !== ourDomain),
  };
}

export const displayName = (a: Attendee) => a.name || a.email;
