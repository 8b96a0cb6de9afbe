import { DEFAULT_TRAPS, isDeparted, managerOf, type Team, type Traps, trapsFor, type User } from '../domain';
import type { FollowUpRepository } from './ports';

/** A tenant's people and teams, as the follow-up engine needs them during one run. */
export class TenantDirectory {
  readonly users: Map<string, User>;

  constructor(
    readonly tenantId: string,
    users: User[],
    readonly teams: Team[],
  ) {
    this.users = new Map(users.map((u) => [u.id, u]));
  }

  trapsFor(userId: string): Traps {
    return this.teams.length ? trapsFor(userId, this.teams) : DEFAULT_TRAPS;
  }

  /** Whom a user's escalations go to: their manager, unless that manager has left (then nobody: `no-recipient`). */
  managerOf(userId: string): string | null {
    const manager = managerOf(userId, this.teams);
    return manager && this.isActive(manager) ? manager : null;
  }

  /** Whether someone can be told anything: a user of the tenant who has not left it. */
  isActive(userId: string): boolean {
    const user = this.users.get(userId);
    return user !== undefined && !isDeparted(user);
  }

  nameOf(userId: string): string {
    return this.users.get(userId)?.displayName || 'A team member';
  }

  /** Members of the teams a user manages. */
  teamOf(managerId: string): string[] {
    return [...new Set(this.teams.filter((t) => t.managerId === managerId).flatMap((t) => t.memberIds))];
  }
}

/** Loads each tenant's directory once per run (two reads), however many of its items the run touches. */
export class TenantDirectories {
  private readonly loaded = new Map<string, Promise<TenantDirectory>>();

  constructor(private readonly repo: FollowUpRepository) {}

  get(tenantId: string): Promise<TenantDirectory> {
    let directory = this.loaded.get(tenantId);
    if (!directory) {
      directory = this.repo.tenantDirectory(tenantId).then(({ users, teams }) => new TenantDirectory(tenantId, users, teams));
      this.loaded.set(tenantId, directory);
    }
    return directory;
  }
}
