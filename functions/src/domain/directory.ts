import { z } from 'zod';
import { Id, type Stored } from './common';
import type { Departure } from './leavers';
import type { StoredPreferences } from './preferences';
import { DEFAULT_TRAPS, Traps } from './traps';

import type { Role } from './vocabulary';

export { ROLES, type Role } from './vocabulary';

export interface User extends Stored {
  type: 'user';
  /** Entra object id (`oid`) — the same as `id`. */
  displayName: string;
  email: string;
  /** IANA time zone, e.g. Europe/London: digests and "due today" are in the user's own day. */
  timeZone: string;
  roles: Role[];
  /** Set when they left the organization (domain/leavers.ts). */
  departure?: Departure;
  /** How they want to be reached (`/api/me/preferences`); absent until they first save them: the defaults apply. */
  preferences?: StoredPreferences;
}

export interface Team extends Stored {
  type: 'team';
  name: string;
  managerId: string | null;
  memberIds: string[];
  traps: Traps;
  createdAt: string;
  updatedAt: string;
}

const TeamName = z.string().trim().min(1, 'Must not be empty').max(120, 'At most 120 characters');
const MemberIds = z
  .array(Id)
  .max(200, 'At most 200 members')
  .refine((ids) => new Set(ids).size === ids.length, 'Each member once');

export const TeamCreateInput = z.strictObject({
  name: TeamName,
  managerId: Id.nullable().default(null),
  memberIds: MemberIds.default([]),
  traps: Traps.optional(),
});
export type TeamCreateInput = z.infer<typeof TeamCreateInput>;

export const TeamPatchInput = z
  .strictObject({ name: TeamName.optional(), managerId: Id.nullable().optional(), memberIds: MemberIds.optional() })
  .refine((p) => Object.keys(p).length > 0, 'Name at least one field to change');
export type TeamPatchInput = z.infer<typeof TeamPatchInput>;

/** The team the follow-up engine reads a user's traps from: the first they belong to, else the first they manage. */
export function homeTeam(userId: string, teams: Team[]): Team | null {
  const sorted = [...teams].sort((a, b) => a.id.localeCompare(b.id));
  return sorted.find((t) => t.memberIds.includes(userId)) ?? sorted.find((t) => t.managerId === userId) ?? null;
}

/** Who is told when a user's item escalates: the manager of a team they belong to — never the user themselves. */
export function managerOf(userId: string, teams: Team[]): string | null {
  const sorted = [...teams].sort((a, b) => a.id.localeCompare(b.id));
  return sorted.find((t) => t.memberIds.includes(userId) && t.managerId && t.managerId !== userId)?.managerId ?? null;
}

export function trapsFor(userId: string, teams: Team[]): Traps {
  return homeTeam(userId, teams)?.traps ?? DEFAULT_TRAPS;
}

/**
 * The caller, as every rule about visibility sees them: derived from a verified token plus the directory.
 * `visibleUserIds` is the caller and, for a manager, the members of the teams they manage.
 */
export interface Viewer {
  tenantId: string;
  userId: string;
  displayName: string;
  email: string;
  roles: Role[];
  teamIds: string[];
  visibleUserIds: string[];
}

export function isAdmin(viewer: Viewer): boolean {
  return viewer.roles.includes('admin');
}

/** Whether the viewer may see work a user is accountable for (admins see the whole tenant). */
export function canSeeUsersWork(viewer: Viewer, userId: string): boolean {
  return isAdmin(viewer) || viewer.visibleUserIds.includes(userId);
}

/** A rep sees what they are accountable for or created; a manager also their team members'. */
export function canSeeItem(viewer: Viewer, item: { accountableId: string; createdBy: string }): boolean {
  return canSeeUsersWork(viewer, item.accountableId) || canSeeUsersWork(viewer, item.createdBy);
}

export function canSeeDeal(viewer: Viewer, deal: { ownerId: string }): boolean {
  return canSeeUsersWork(viewer, deal.ownerId);
}

/** Builds the viewer from the user's record and the teams they belong to or manage. */
export function viewerFrom(user: Pick<User, 'id' | 'tenantId' | 'displayName' | 'email' | 'roles'>, teams: Team[]): Viewer {
  const managed = teams.filter((t) => t.managerId === user.id);
  const roles = new Set(user.roles);
  if (managed.length > 0) roles.add('manager');
  const visible = new Set([user.id, ...managed.flatMap((t) => t.memberIds)]);
  return {
    tenantId: user.tenantId,
    userId: user.id,
    displayName: user.displayName,
    email: user.email,
    roles: [...roles].sort(),
    teamIds: teams.map((t) => t.id).sort(),
    visibleUserIds: [...visible],
  };
}

/** Who the verified access token says the caller is. */
export interface VerifiedCaller {
  tenantId: string;
  userId: string;
  displayName: string;
  email: string;
  /** Roles granted through the token's app roles (e.g. the tenant's Followthrough admins). */
  roles: Role[];
}
