import {
  type AuditVia,
  Conflict,
  DEFAULT_TRAPS,
  Forbidden,
  handOverTeam,
  InvalidInput,
  isAdmin,
  namesUser,
  NotFound,
  type Team,
  type TeamCreateInput,
  type TeamPatchInput,
  type Traps,
  type User,
  type Viewer,
} from '../domain';
import { type AuditContext, type AuditTrail, auditBy } from './audit';
import type { DirectoryService, UserRef } from './directory';
import type { IdSource } from './ids';
import type { Clock, New, TeamRepository, UserRepository } from './ports';
import { changeIfMatch } from './versions';

export interface TeamView {
  id: string;
  name: string;
  managerId: string | null;
  manager: { userId: string; displayName: string; email: string } | null;
  members: { userId: string; displayName: string; email: string }[];
  traps: Traps;
  etag: string;
}

/**
 * Teams and their traps. Tenant admins create teams and set their manager and members; a team's manager (or an admin)
 * sets its traps; members see their team.
 */
export class TeamService {
  constructor(
    private readonly teams: TeamRepository,
    private readonly users: UserRepository,
    private readonly directory: DirectoryService,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  /** Teams the caller manages or belongs to; every team of the tenant for an admin. */
  async list(viewer: Viewer): Promise<TeamView[]> {
    const teams = isAdmin(viewer) ? await this.teams.listAll(viewer.tenantId) : await this.teams.listForUser(viewer.tenantId, viewer.userId);
    const people = await this.people(viewer.tenantId, teams);
    return teams.sort((a, b) => a.name.localeCompare(b.name)).map((t) => view(t, people));
  }

  async get(viewer: Viewer, id: string): Promise<TeamView> {
    const team = await this.visibleTeam(viewer, id);
    return view(team, await this.people(viewer.tenantId, [team]));
  }

  async create(viewer: Viewer, input: TeamCreateInput, ids: IdSource, via: AuditVia = 'api'): Promise<TeamView> {
    this.requireAdmin(viewer);
    await this.checkPeople(viewer.tenantId, input.managerId, input.memberIds);
    const now = this.clock.now().toISOString();
    const doc: New<Team> = {
      id: ids.next(),
      tenantId: viewer.tenantId,
      type: 'team',
      name: input.name,
      managerId: input.managerId,
      memberIds: input.memberIds,
      traps: input.traps ?? DEFAULT_TRAPS,
      createdAt: now,
      updatedAt: now,
    };
    let team: Team;
    try {
      team = await this.teams.create(doc);
    } catch (error) {
      // A retried create after a failure between writing and answering: only a retry with the caller's own
      // Idempotency-Key names the same (derived) id.
      if (!(error instanceof Conflict)) throw error;
      const existing = await this.teams.get(viewer.tenantId, doc.id);
      if (!existing) throw error;
      team = existing;
    }
    await this.audit.record(auditBy(viewer, via), [
      { entity: { kind: 'team', id: team.id }, action: 'create', before: null, after: team, at: team.createdAt, version: 'create' },
      { entity: { kind: 'traps', id: team.id }, action: 'create', before: null, after: team.traps, at: team.createdAt, version: 'create' },
    ]);
    this.directory.forgetViewers();
    return view(team, await this.people(viewer.tenantId, [team]));
  }

  async update(viewer: Viewer, id: string, patch: TeamPatchInput, ifMatch: string, via: AuditVia = 'api'): Promise<TeamView> {
    this.requireAdmin(viewer);
    await this.checkPeople(viewer.tenantId, patch.managerId ?? null, patch.memberIds ?? []);
    const saved = await changeIfMatch(
      ifMatch,
      () => this.visibleTeam(viewer, id),
      async (team) => {
        const next = await this.teams.replace(
          {
            ...team,
            name: patch.name ?? team.name,
            managerId: patch.managerId === undefined ? team.managerId : patch.managerId,
            memberIds: patch.memberIds ?? team.memberIds,
            updatedAt: this.clock.now().toISOString(),
          },
          team.etag,
        );
        await this.audit.record(auditBy(viewer, via), [{ entity: { kind: 'team', id: next.id }, action: 'update', before: team, after: next, at: next.updatedAt, version: next.etag }]);
        return next;
      },
    );
    this.directory.forgetViewers();
    return view(saved, await this.people(viewer.tenantId, [saved]));
  }

  async traps(viewer: Viewer, id: string): Promise<{ traps: Traps; etag: string }> {
    const team = await this.managedTeam(viewer, id);
    return { traps: team.traps, etag: team.etag };
  }

  async replaceTraps(viewer: Viewer, id: string, traps: Traps, ifMatch: string, via: AuditVia = 'api'): Promise<{ traps: Traps; etag: string }> {
    const saved = await changeIfMatch(
      ifMatch,
      () => this.managedTeam(viewer, id),
      async (team) => {
        const next = await this.teams.replace({ ...team, traps, updatedAt: this.clock.now().toISOString() }, team.etag);
        await this.audit.record(auditBy(viewer, via), [{ entity: { kind: 'traps', id: next.id }, action: 'update', before: team.traps, after: next.traps, at: next.updatedAt, version: next.etag }]);
        return next;
      },
    );
    return { traps: saved.traps, etag: saved.etag };
  }

  /**
   * A leaver's teams, handed over (domain/leavers.ts `handOverTeam`): those they managed get the reassignee as
   * manager, those they belonged to lose them. Each under If-Match `*` (a concurrent change is read again and the
   * hand-over worked out on it). Answers the ids of the teams that named the leaver. Tenant admins only.
   */
  async handOver(viewer: Viewer, leaverId: string, toUserId: string, context: AuditContext): Promise<string[]> {
    this.requireAdmin(viewer);
    const teams = await this.teams.listForUser(viewer.tenantId, leaverId);
    for (const { id } of teams) {
      await changeIfMatch(
        '*',
        () => this.visibleTeam(viewer, id),
        async (team) => {
          if (!namesUser(team, leaverId)) return team;
          const next = await this.teams.replace({ ...team, ...handOverTeam(team, leaverId, toUserId), updatedAt: this.clock.now().toISOString() }, team.etag);
          await this.audit.record(context, [{ entity: { kind: 'team', id: next.id }, action: 'reassign', before: team, after: next, at: next.updatedAt, version: next.etag }]);
          return next;
        },
      );
    }
    this.directory.forgetViewers();
    return teams.map((t) => t.id).sort();
  }

  private async visibleTeam(viewer: Viewer, id: string): Promise<Team> {
    const team = await this.teams.get(viewer.tenantId, id);
    const sees = team && (isAdmin(viewer) || team.managerId === viewer.userId || team.memberIds.includes(viewer.userId));
    if (!team || !sees) throw new NotFound('The team');
    return team;
  }

  /** The team, if the caller is its manager or an admin; 403 for its members, 404 for anyone else. */
  private async managedTeam(viewer: Viewer, id: string): Promise<Team> {
    const team = await this.visibleTeam(viewer, id);
    if (!isAdmin(viewer) && team.managerId !== viewer.userId) throw new Forbidden("Only the team's manager or an admin can see and set its traps.");
    return team;
  }

  private requireAdmin(viewer: Viewer): void {
    if (!isAdmin(viewer)) throw new Forbidden('Only a Followthrough admin of your organization can create and change teams.');
  }

  private async checkPeople(tenantId: string, managerId: string | null, memberIds: string[]): Promise<void> {
    const refs: UserRef[] = [...(managerId ? [{ path: 'managerId', userId: managerId }] : []), ...memberIds.map((userId, i) => ({ path: `memberIds.${i}`, userId }))];
    const issues = await this.directory.unknownUsers(tenantId, refs);
    if (issues.length > 0) throw new InvalidInput(issues);
  }

  private async people(tenantId: string, teams: Team[]): Promise<Map<string, User>> {
    const ids = [...new Set(teams.flatMap((t) => [...t.memberIds, ...(t.managerId ? [t.managerId] : [])]))];
    return new Map((await this.users.getMany(tenantId, ids)).map((u) => [u.id, u]));
  }
}

function view(team: Team, people: Map<string, User>): TeamView {
  const person = (userId: string) => {
    const u = people.get(userId);
    return { userId, displayName: u?.displayName ?? '', email: u?.email ?? '' };
  };
  return {
    id: team.id,
    name: team.name,
    managerId: team.managerId,
    manager: team.managerId ? person(team.managerId) : null,
    members: team.memberIds.map(person),
    traps: team.traps,
    etag: team.etag,
  };
}
