import { type FieldIssue, Forbidden, isDeparted, type Role, type Traps, trapsFor, type User, type VerifiedCaller, type Viewer, viewerFrom } from '../domain';
import type { Clock, TeamRepository, UserRepository } from './ports';

interface Cached<T> {
  value: T;
  expires: number;
}

/** Small time-bounded cache; the oldest entries go first when it is full. */
class TtlCache<T> {
  private readonly entries = new Map<string, Cached<T>>();
  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}
  get(key: string, now: number): T | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expires <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.value;
  }
  set(key: string, value: T, now: number): void {
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expires: now + this.ttlMs });
  }
  clear(): void {
    this.entries.clear();
  }
}

export interface UserRef {
  /** Where the id appeared in the request, for the error message. */
  path: string;
  userId: string;
}

/**
 * Who the caller is and whom they may see. Viewers and known user ids are cached for a minute per process, so an
 * ordinary request costs no directory reads; team changes reach every instance within that minute.
 */
export class DirectoryService {
  private readonly viewers: TtlCache<Viewer>;
  /** Users of a tenant by id: `active`, or `departed` (they left: nobody's pick any more). */
  private readonly knownUsers: TtlCache<'active' | 'departed'>;

  constructor(
    private readonly users: UserRepository,
    private readonly teams: TeamRepository,
    private readonly clock: Clock,
    ttlMs = 60_000,
  ) {
    this.viewers = new TtlCache(ttlMs, 10_000);
    this.knownUsers = new TtlCache(ttlMs, 50_000);
  }

  /** The viewer for a verified caller; a first-time user is added to the directory as a rep. */
  async viewerFor(caller: VerifiedCaller): Promise<Viewer> {
    const now = this.clock.now().getTime();
    const key = `${caller.tenantId}/${caller.userId}/${caller.roles.join(',')}`;
    const cached = this.viewers.get(key, now);
    if (cached) return cached;
    const [user, teams] = await Promise.all([
      this.users.get(caller.tenantId, caller.userId),
      this.teams.listForUser(caller.tenantId, caller.userId),
    ]);
    const known = user ?? (await this.enrol(caller));
    // Someone whose departure an admin recorded has no more use of Followthrough, even while Entra still signs them in.
    if (isDeparted(known)) throw new Forbidden('Your organization has recorded that you left, so Followthrough is no longer yours to use. Ask your admin if this is a mistake.');
    const viewer = viewerFrom({ ...known, roles: mergeRoles(known.roles, caller.roles) }, teams);
    this.viewers.set(key, viewer, now);
    this.knownUsers.set(`${caller.tenantId}/${caller.userId}`, isDeparted(known) ? 'departed' : 'active', now);
    return viewer;
  }

  /**
   * Field issues for every referenced user id that is not a user of the tenant, or one who has left it (at most one
   * read): nobody gives work to a leaver.
   */
  async unknownUsers(tenantId: string, refs: UserRef[]): Promise<FieldIssue[]> {
    const now = this.clock.now().getTime();
    const missing = [...new Set(refs.map((r) => r.userId))].filter((id) => !this.knownUsers.get(`${tenantId}/${id}`, now));
    if (missing.length > 0) {
      for (const user of await this.users.getMany(tenantId, missing)) {
        this.knownUsers.set(`${tenantId}/${user.id}`, isDeparted(user) ? 'departed' : 'active', now);
      }
    }
    return refs.flatMap((r) => {
      const known = this.knownUsers.get(`${tenantId}/${r.userId}`, now);
      if (known === 'active') return [];
      return [{ path: r.path, message: known === 'departed' ? 'This person has left your organization' : 'No such user in your organization' }];
    });
  }

  /** Colleagues of the caller's organization with these email addresses, as the add-in resolves a meeting's people. */
  async lookUpColleagues(viewer: Viewer, emails: string[]): Promise<{ userId: string; displayName: string; email: string }[]> {
    const users = (await this.users.findByEmails(viewer.tenantId, [...new Set(emails.map((e) => e.toLowerCase()))])).filter((u) => !isDeparted(u));
    return users.map((u) => ({ userId: u.id, displayName: u.displayName, email: u.email })).sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /** What the follow-up engine goes by for a user: their time zone and their home team's traps (two reads). */
  async followUpSettingsOf(tenantId: string, userId: string): Promise<{ timeZone: string; traps: Traps }> {
    const [user, teams] = await Promise.all([this.users.get(tenantId, userId), this.teams.listForUser(tenantId, userId)]);
    return { timeZone: user?.timeZone ?? 'UTC', traps: trapsFor(userId, teams) };
  }

  /** Forgets cached viewers, e.g. after a team's members or manager change. */
  forgetViewers(): void {
    this.viewers.clear();
  }

  /** Forgets cached viewers and users, after someone left (other instances follow within the cache's minute). */
  forgetUsers(): void {
    this.viewers.clear();
    this.knownUsers.clear();
  }

  private async enrol(caller: VerifiedCaller): Promise<User> {
    try {
      return await this.users.create({
        id: caller.userId,
        tenantId: caller.tenantId,
        type: 'user',
        displayName: caller.displayName,
        email: caller.email,
        timeZone: 'UTC',
        roles: ['rep'],
      });
    } catch (error) {
      // Two first requests at once: the other one enrolled the user.
      const existing = await this.users.get(caller.tenantId, caller.userId);
      if (existing) return existing;
      throw error;
    }
  }
}

function mergeRoles(stored: Role[], granted: Role[]): Role[] {
  return [...new Set([...stored, ...granted])];
}
