import {
  type AuditChange,
  type AuditEntry,
  type AuditHistoryQuery,
  type AuditVia,
  canSeeItem,
  DAY_MS,
  InvalidInput,
  NotFound,
  type TenantAuditQuery,
  type Viewer,
} from '../domain';
import type { CursorCodec, CursorScope } from './paging';
import type { ActionItemRepository, AuditRepository, Clock, UserRepository } from './ports';
import { requireTenantAdmin } from './tenant-admin';

/** Who made a change, as the API shows it: our users by name from the directory, never by email. */
export type AuditActorView =
  | { kind: 'user'; userId: string; displayName: string | null }
  | { kind: 'system'; name: string }
  | { kind: 'buyer' };

export interface AuditEntryView {
  id: string;
  entity: AuditEntry['entity'];
  at: string;
  by: AuditActorView;
  via: AuditVia;
  action: AuditEntry['action'];
  changes: AuditChange[];
}

/** A page of the trail, with the display names of every user it names (in `by` or in a change). */
export interface AuditPage {
  items: AuditEntryView[];
  nextCursor: string | null;
  people: Record<string, string>;
}

/** Without `from`, the tenant's audit lists this far back from `to`. */
const DEFAULT_WINDOW_MS = 30 * DAY_MS;

/** Fields whose values are user ids (or, for `owner` and quotas, hold one under `userId` / `repId`). */
const USER_ID_FIELDS = new Set(['accountableId', 'createdBy', 'ownerId', 'managerId', 'memberIds', 'heldBy', 'repId']);
const USER_ID_KEYS = new Set(['userId', 'repId']);

/** Reading the audit trail: an item's history for whoever may see the item; the tenant's trail for its admins. */
export class AuditHistoryService {
  constructor(
    private readonly entries: AuditRepository,
    private readonly items: ActionItemRepository,
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly cursors: CursorCodec,
  ) {}

  /** An item's changes, oldest first. 404 for an item the caller may not see (or one deleted, as for its reads). */
  async itemHistory(viewer: Viewer, itemId: string, query: AuditHistoryQuery): Promise<AuditPage> {
    const item = await this.items.get(viewer.tenantId, itemId);
    if (!item || item.deleted || !canSeeItem(viewer, item)) throw new NotFound('The action item');
    const scope: CursorScope = { list: 'item-history', tenantId: viewer.tenantId, userId: viewer.userId, filters: { itemId } };
    const page = await this.entries.history(viewer.tenantId, { kind: 'actionItem', id: itemId }, { limit: query.limit, continuationToken: await this.cursors.decode(scope, query.cursor) });
    return this.view(viewer.tenantId, page.items, await this.cursors.encode(scope, page.continuationToken));
  }

  /**
   * The tenant's changes with `from <= at < to`, oldest first; the last 30 days unless told. The window is resolved
   * once, on the first page, and travels inside the cursor (under its MAC), so later pages keep it even when they
   * leave out `from` and `to` while time moves on.
   */
  async tenantAudit(viewer: Viewer, query: TenantAuditQuery): Promise<AuditPage> {
    requireTenantAdmin(viewer);
    const scope: CursorScope = { list: 'tenant-audit', tenantId: viewer.tenantId, userId: viewer.userId, filters: { from: query.from, to: query.to } };
    const resumed = await this.cursors.decode(scope, query.cursor);
    const { from, to, token } = resumed === undefined ? { ...this.window(query), token: undefined } : parseWindowToken(resumed);
    const page = await this.entries.list(viewer.tenantId, from, to, { limit: query.limit, continuationToken: token });
    const next = page.continuationToken === null ? null : JSON.stringify({ from, to, token: page.continuationToken });
    return this.view(viewer.tenantId, page.items, await this.cursors.encode(scope, next));
  }

  private window(query: TenantAuditQuery): { from: string; to: string } {
    // Up to and including now: `to` is exclusive, so a change made this very millisecond is listed too.
    const to = query.to ?? new Date(this.clock.now().getTime() + 1).toISOString();
    const from = query.from ?? new Date(Date.parse(to) - DEFAULT_WINDOW_MS).toISOString();
    if (Date.parse(to) <= Date.parse(from)) {
      throw new InvalidInput([query.to ? { path: 'to', message: 'Must be later than from' } : { path: 'from', message: 'Must be earlier than to (now, when to is left out)' }]);
    }
    return { from, to };
  }

  private async view(tenantId: string, entries: AuditEntry[], nextCursor: string | null): Promise<AuditPage> {
    const ids = new Set<string>();
    for (const entry of entries) {
      if (entry.by.kind === 'user') ids.add(entry.by.userId);
      for (const change of entry.changes) for (const id of userIdsIn(change)) ids.add(id);
    }
    const people = Object.fromEntries((await this.users.getMany(tenantId, [...ids])).map((u) => [u.id, u.displayName]));
    return {
      items: entries.map((entry) => ({
        id: entry.id,
        entity: entry.entity,
        at: entry.at,
        by: actorView(entry.by, people),
        via: entry.via,
        action: entry.action,
        changes: entry.changes,
      })),
      nextCursor,
      people,
    };
  }
}

function actorView(by: AuditEntry['by'], people: Record<string, string>): AuditActorView {
  switch (by.kind) {
    case 'user':
      return { kind: 'user', userId: by.userId, displayName: people[by.userId] ?? null };
    case 'system':
      return { kind: 'system', name: by.name };
    case 'buyer':
      // A buyer's email stays in the stored entry (for erasure to find); the reply names no one by email.
      return { kind: 'buyer' };
  }
}

/** The user ids a change names, so the reply can give their names. */
function userIdsIn(change: AuditChange): string[] {
  const found: string[] = [];
  const walk = (value: unknown, key: string | null): void => {
    if (typeof value === 'string' && key !== null && (USER_ID_FIELDS.has(key) || USER_ID_KEYS.has(key))) found.push(value);
    else if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, USER_ID_KEYS.has(k) ? k : null);
  };
  walk(change.before, change.field);
  walk(change.after, change.field);
  return found;
}

function parseWindowToken(token: string): { from: string; to: string; token: string } {
  try {
    const parsed = JSON.parse(token) as { from?: unknown; to?: unknown; token?: unknown };
    if (typeof parsed.from === 'string' && typeof parsed.to === 'string' && typeof parsed.token === 'string') return { from: parsed.from, to: parsed.to, token: parsed.token };
  } catch {
    // Falls through: not a cursor of this list.
  }
  throw new InvalidInput([{ path: 'cursor', message: 'Not a cursor from this list; start again without it' }]);
}
