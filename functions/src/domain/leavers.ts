import { z } from 'zod';
import type { ActionItem } from './action-item';
import type { AuditActor } from './audit';
import { Id } from './common';
import type { Deal } from './deal';
import type { Team, User } from './directory';

/**
 * A user who left the organization. Recorded on their user document when an admin says so
 * (`PUT /api/tenant/users/{userId}/departure`) or when the daily Entra check finds them deleted. From then on they
 * are nobody's pick (owner, deal owner, team member, colleague lookup), get no digest and no ladder step; their open
 * work moves to the reassignee.
 */
export interface Departure {
  /** When the departure was recorded; its UTC day is the leaving date. */
  at: string;
  by: AuditActor;
  via: 'admin' | 'timer';
  /** Who takes over their open items, open deals and teams; null while nobody is named (an Entra leaver without a manager). */
  reassignTo: string | null;
  /** Set once everything has moved; a departure without it is finished by the next PUT (or the next Entra check). */
  completedAt: string | null;
  /** What moved, so the retention run can find the notes that name the leaver. */
  movedItemIds: string[];
  movedDealIds: string[];
  /** Teams they managed (now managed by the reassignee) or belonged to (left). */
  teamIds: string[];
  /** When the retention run replaced their name and email with a pseudonym. */
  anonymizedAt: string | null;
}

/** `PUT /api/tenant/users/{userId}/departure` */
export const DepartureInput = z.strictObject({ reassignTo: Id.optional() });
export type DepartureInput = z.infer<typeof DepartureInput>;

/** What the departure route answers. */
export interface DepartureView {
  userId: string;
  displayName: string;
  departedOn: string;
  reassignTo: string | null;
  completed: boolean;
  movedItems: number;
  movedDeals: number;
  teamIds: string[];
}

export function isDeparted(user: Pick<User, 'departure'> | undefined | null): boolean {
  return Boolean(user?.departure);
}

/** The leaving date: the UTC day the departure was recorded. */
export function departedOn(departure: Pick<Departure, 'at'>): string {
  return departure.at.slice(0, 10);
}

export function toDepartureView(user: User & { departure: Departure }): DepartureView {
  const d = user.departure;
  return {
    userId: user.id,
    displayName: user.displayName,
    departedOn: departedOn(d),
    reassignTo: d.reassignTo,
    completed: d.completedAt !== null,
    movedItems: d.movedItemIds.length,
    movedDeals: d.movedDealIds.length,
    teamIds: d.teamIds,
  };
}

/** The note each moved item and deal gets, e.g. "Reassigned from Sam Carter (left on 2026-12-01)". */
export function reassignmentNote(leaverName: string, departure: Pick<Departure, 'at'>): string {
  return `Reassigned from ${leaverName || 'a former colleague'} (left on ${departedOn(departure)})`;
}

export const NOTES_MAX = 4000;

/** Notes with a line appended; the oldest text gives way when the notes would outgrow their 4,000 characters. */
export function appendNote(notes: string | null | undefined, note: string): string {
  const joined = notes ? `${notes}\n${note}` : note;
  return joined.length <= NOTES_MAX ? joined : joined.slice(joined.length - NOTES_MAX);
}

/**
 * An open item the leaver is accountable for, given to the reassignee: an item they owned becomes the reassignee's,
 * a buyer-side item keeps its contact and is chased by the reassignee. Its ladder carries on where it was.
 */
export function reassignItem(item: ActionItem, toUserId: string, note: string, now: Date): ActionItem {
  return {
    ...item,
    owner: item.owner.type === 'user' ? { type: 'user', userId: toUserId } : item.owner,
    accountableId: toUserId,
    notes: appendNote(item.notes, note),
    updatedAt: now.toISOString(),
  };
}

/** An open deal of the leaver, given to the reassignee. Not activity on the deal: its `lastActivityAt` stays. */
export function reassignDeal(deal: Deal, toUserId: string, note: string, now: Date): Deal {
  return { ...deal, ownerId: toUserId, notes: appendNote(deal.notes, note), updatedAt: now.toISOString() };
}

/**
 * A team after the leaver has gone: a team they managed is managed by the reassignee (who, if they were one of its
 * members, stops being one: nobody reports to themselves); a team they belonged to loses them as a member.
 */
export function handOverTeam(team: Team, leaverId: string, toUserId: string): Pick<Team, 'managerId' | 'memberIds'> {
  const managed = team.managerId === leaverId;
  const managerId = managed ? toUserId : team.managerId;
  const memberIds = team.memberIds.filter((id) => id !== leaverId && !(managed && id === toUserId));
  return { managerId, memberIds };
}

/** Whether a team still names the leaver. */
export function namesUser(team: Team, userId: string): boolean {
  return team.managerId === userId || team.memberIds.includes(userId);
}

/** Text with every occurrence of a leaver's name and email replaced by their pseudonym. */
export function pseudonymize(text: string, names: string[], pseudonym: string): string {
  let out = text;
  for (const name of names.filter((n) => n.trim().length > 0)) out = out.split(name).join(pseudonym);
  return out;
}
