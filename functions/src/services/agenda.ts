import {
  buildReviewAgenda,
  DAY_MS,
  DEFAULT_TRAPS,
  Forbidden,
  isAdmin,
  NotFound,
  quarterOf,
  type RepAgenda,
  type Review,
  type ReviewKind,
  type Team,
  teamAgendaRow,
  type TeamAgendaRow,
  type User,
  type Viewer,
} from '../domain';
import type { ActionItemRepository, Clock, DealRepository, ReviewRepository, TeamRepository, UserRepository } from './ports';

export interface AgendaRequest {
  repId?: string;
  kind: ReviewKind;
  asOf?: string;
}

export interface TeamAgenda {
  teamId: string;
  kind: ReviewKind;
  asOf: string;
  rows: TeamAgendaRow[];
}

/** Weeks of history an agenda reads: eight weeks of on-time trend plus a margin. */
const HISTORY_MS = 9 * 7 * DAY_MS;

/**
 * Review agendas: one rep's, or the team's at a glance. Reads a constant number of documents sets however many items
 * there are: the team, its people, their items, their deals, the latest reviews, the goals — never one read per item.
 */
export class AgendaService {
  constructor(
    private readonly teams: TeamRepository,
    private readonly users: UserRepository,
    private readonly items: ActionItemRepository,
    private readonly deals: DealRepository,
    private readonly reviews: ReviewRepository,
    private readonly clock: Clock,
  ) {}

  /** The team, if the caller belongs to it, manages it or administers the tenant; 404 otherwise. */
  async visibleTeam(viewer: Viewer, teamId: string): Promise<Team> {
    const team = await this.teams.get(viewer.tenantId, teamId);
    if (!team || !(isAdmin(viewer) || team.managerId === viewer.userId || team.memberIds.includes(viewer.userId))) throw new NotFound('The team');
    return team;
  }

  static canReview(viewer: Viewer, team: Team): boolean {
    return isAdmin(viewer) || team.managerId === viewer.userId;
  }

  async agenda(viewer: Viewer, teamId: string, request: AgendaRequest): Promise<RepAgenda | TeamAgenda> {
    const team = await this.visibleTeam(viewer, teamId);
    const manages = AgendaService.canReview(viewer, team);
    if (request.repId) {
      if (!manages && request.repId !== viewer.userId) throw new Forbidden("Only the team's manager (or an admin) sees a teammate's agenda.");
      if (!team.memberIds.includes(request.repId)) throw new NotFound('That rep in this team');
      return this.repAgenda(team, request.repId, request.kind, request.asOf ? new Date(request.asOf) : this.clock.now());
    }
    if (!manages) throw new Forbidden("Only the team's manager (or an admin) sees the team agenda.");
    const now = request.asOf ? new Date(request.asOf) : this.clock.now();
    const agendas = await this.agendasFor(team, team.memberIds, request.kind, now);
    return {
      teamId: team.id,
      kind: request.kind,
      asOf: now.toISOString(),
      rows: agendas.map(({ agenda, user, lastReview }) => teamAgendaRow(agenda, user?.displayName ?? 'Unknown', lastReview?.heldAt ?? null)),
    };
  }

  /** One rep's agenda as of `now` (reviews snapshot it). */
  async repAgenda(team: Team, repId: string, kind: ReviewKind, now: Date): Promise<RepAgenda> {
    const [first] = await this.agendasFor(team, [repId], kind, now);
    return (first as { agenda: RepAgenda }).agenda;
  }

  private async agendasFor(team: Team, repIds: string[], kind: ReviewKind, now: Date) {
    const tenantId = team.tenantId;
    const [users, items, deals, latest, goals] = await Promise.all([
      this.users.getMany(tenantId, repIds),
      this.items.forAgenda(tenantId, repIds, new Date(now.getTime() - HISTORY_MS).toISOString()),
      this.deals.ownedBy(tenantId, repIds),
      this.reviews.latestFor(tenantId, team.id, repIds),
      kind === 'quarterly' ? this.reviews.getGoals(tenantId, team.id) : Promise.resolve(null),
    ]);
    const quarter = quarterOf(now).quarter;
    const byId = new Map<string, User>(users.map((u) => [u.id, u]));
    const itemsOf = groupBy(items, (i) => i.accountableId);
    const dealsOf = groupBy(deals, (d) => d.ownerId);
    return repIds.map((repId) => {
      const lastReview: Review | null = latest.get(repId) ?? null;
      const user = byId.get(repId);
      const agenda = buildReviewAgenda({
        repId,
        kind,
        now,
        timeZone: user?.timeZone ?? 'UTC',
        items: itemsOf.get(repId) ?? [],
        deals: dealsOf.get(repId) ?? [],
        lastReview: lastReview && Date.parse(lastReview.heldAt) <= now.getTime() ? lastReview : null,
        traps: team.traps ?? DEFAULT_TRAPS,
        quota: goals?.quotas.find((q) => q.repId === repId && q.quarter === quarter)?.amount ?? null,
      });
      return { agenda, user, lastReview };
    });
  }
}

function groupBy<T>(values: T[], key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const list = groups.get(key(value));
    if (list) list.push(value);
    else groups.set(key(value), [value]);
  }
  return groups;
}
