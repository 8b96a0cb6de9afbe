import { createHash } from 'node:crypto';
import { type ActionItem, type AuditActor, type AuditChange, type AuditEntityKind, type AuditEntry, type AuditVia, changedFields, Unavailable, type Viewer } from '../domain';
import type { AuditRepository, New } from './ports';

/** Who changed something and through what. */
export interface AuditContext {
  tenantId: string;
  by: AuditActor;
  via: AuditVia;
}

/** One change a write path made: the thing, what was done, the document before and after. */
export interface AuditedChange {
  entity: AuditEntry['entity'];
  action: AuditEntry['action'];
  /** null for a create. */
  before: object | null;
  after: object | null;
  /** When the change was made: the instant the write stamped on the document. */
  at: string;
  /**
   * What makes this change this change, for the entry's id: `create` for a creation (its id is derived from the
   * Idempotency-Key, so a retried create names the same one), else the version the change wrote (its new etag).
   */
  version: string;
}

/** The caller of an API request, as an audit entry names them. */
export function auditBy(viewer: Viewer, via: AuditVia = 'api'): AuditContext {
  return { tenantId: viewer.tenantId, by: { kind: 'user', userId: viewer.userId }, via };
}

/** A timer or job acting for the system in one tenant. */
export function auditBySystem(tenantId: string, name: string): AuditContext {
  return { tenantId, by: { kind: 'system', name }, via: 'timer' };
}

/** The audit of an item's creation (through the API, a capture or a review). */
export function itemCreated(item: ActionItem): AuditedChange {
  return { entity: { kind: 'actionItem', id: item.id }, action: 'create', before: null, after: item, at: item.createdAt, version: 'create' };
}

/** The audit of a change to a stored item, at the instant and version the write stored. */
export function itemChanged(action: AuditedChange['action'], before: ActionItem, after: ActionItem): AuditedChange {
  return { entity: { kind: 'actionItem', id: after.id }, action, before, after, at: after.updatedAt, version: after.etag };
}

/** Fields no entry records: where the document lives, its version, and anything holding a token. */
const NEVER = ['etag', 'tenantId', 'type', 'bucket'];
const TOKEN_FIELD = /token/i;

/** What the system derives or stamps on each write: the entry's own `at` says when, the change itself says why. */
const NOISE: Record<AuditEntityKind, string[]> = {
  // Being put on the review agenda is recorded: a manager's Add to agenda, or the ladder's flag step.
  actionItem: ['id', 'createdAt', 'updatedAt', 'completedAt', 'nextNudgeAt', 'ladderRestart'],
  deal: ['id', 'createdAt', 'updatedAt', 'lastActivityAt', 'breaches'],
  meeting: ['id', 'createdAt', 'updatedAt'],
  // A team's traps are an entity of their own (`traps`).
  team: ['id', 'createdAt', 'updatedAt', 'traps'],
  traps: [],
  goals: ['id', 'teamId', 'updatedAt'],
  user: ['id'],
  tenantSettings: ['id', 'updatedAt'],
  // An erasure of a buyer contact records counts only (services/erasure.ts), never the contact.
  contact: [],
};

/**
 * Lists that only grow, recorded one added element at a time under a singular name. A reset of the list (a moved due
 * date starts the ladder over) is the system's bookkeeping, not recorded.
 */
const APPENDED: Record<string, { field: string; value: (element: Record<string, unknown>) => unknown }> = {
  slips: { field: 'slip', value: (s) => ({ reason: s.reason, note: s.note ?? null }) },
  // Steps passed over in a catch-up (`skipped`) are not a change anyone acted on.
  nudges: { field: 'nudge', value: (n) => (n.outcome === 'skipped' ? undefined : { step: n.step, action: n.action, outcome: n.outcome }) },
  snoozes: { field: 'snooze', value: (s) => ({ until: s.until, restartsAt: s.restartsAt }) },
};

/** How long to wait before each further attempt when the database is busy. */
const RETRY_DELAYS_MS = [50, 200, 800];

/**
 * The audit trail's one way in. Every write path — ActionItemService, MeetingService, ReviewService, DealService,
 * TeamService, OverdueSweep — calls `record` with what it changed, whoever asked (a user through the API, a card or a
 * shared link, or a timer).
 *
 * How an entry relates to the write it records:
 * - It is written **right after the change succeeded**, from the document before and the one stored, to the
 *   separate `audit` container (so an item's history is one partition and a tenant's trail one query, whatever
 *   container the thing lives in).
 * - Its **id is derived from the change** (tenant, thing, and `create` or the version written), so writing it again
 *   — the service retrying, a client retrying a create with the same Idempotency-Key, a sweep run twice — finds it
 *   there and records nothing twice.
 * - A busy database (429/503) is **retried** here a few times. If it still fails, the change is **not** rolled back —
 *   it was already stored, and undoing it could itself fail or undo someone else's later write. The request answers
 *   503 instead of success, saying the change was saved: a client retrying a create (same Idempotency-Key) then
 *   records the entry exactly once; a PATCH retried with its old If-Match gets 412 and reads the change back.
 *
 * Not atomic, by choice: one transaction would need the entry in the changed document's own container and partition
 * (items, deals, teams and goals live in four containers, two of them unbucketed), which scatters the trail over
 * every container and makes the tenant-wide list four merged queries. The gap that remains is a process dying
 * between the two writes of an update: that change then has no entry.
 */
export class AuditTrail {
  constructor(
    private readonly entries: AuditRepository,
    private readonly retryDelaysMs: readonly number[] = RETRY_DELAYS_MS,
  ) {}

  /** Records these changes (one entry each; an update that changed nothing worth recording makes none). */
  async record(context: AuditContext, changes: AuditedChange[]): Promise<void> {
    const entries = changes.flatMap((change) => this.entryFor(context, change));
    if (entries.length === 0) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.entries.append(entries);
        return;
      } catch (error) {
        if (!(error instanceof Unavailable)) throw error;
        const delay = this.retryDelaysMs[attempt];
        if (delay === undefined) {
          throw new Unavailable('Your change was saved, but the audit trail could not record it yet. Retry shortly.', error.retryAfterSeconds ?? 1);
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private entryFor(context: AuditContext, change: AuditedChange): New<AuditEntry>[] {
    const fields = auditedFields(change.entity.kind, change.before, change.after);
    if (fields.length === 0 && change.action === 'update') return [];
    return [
      {
        id: auditEntryId(context.tenantId, change.entity, change.version),
        tenantId: context.tenantId,
        type: 'audit',
        entity: change.entity,
        at: change.at,
        by: context.by,
        via: context.via,
        action: change.action,
        changes: fields,
      },
    ];
  }
}

/**
 * The fields a change of this kind of thing changed, before → after, without the noise. A creation lists the fields
 * it set (empty ones left out).
 */
export function auditedFields(kind: AuditEntityKind, before: object | null, after: object | null): AuditChange[] {
  const appended = kind === 'actionItem' ? Object.keys(APPENDED) : [];
  const changes = changedFields(before, after, [...NEVER, ...NOISE[kind], ...appended]).filter((c) => !TOKEN_FIELD.test(c.field));
  const set = before === null ? changes.filter((c) => !isEmpty(c.after)) : changes;
  for (const list of appended) {
    const spec = APPENDED[list] as (typeof APPENDED)[string];
    const was = listOf(before, list);
    const now = listOf(after, list);
    if (now.length <= was.length || JSON.stringify(now.slice(0, was.length)) !== JSON.stringify(was)) continue;
    for (const element of now.slice(was.length)) {
      const value = spec.value(element);
      if (value !== undefined) set.push({ field: spec.field, before: null, after: value });
    }
  }
  return set;
}

function listOf(doc: object | null, field: string): Record<string, unknown>[] {
  const value = (doc as Record<string, unknown> | null)?.[field];
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
}

function isEmpty(value: unknown): boolean {
  return value === null || value === false || value === '' || (Array.isArray(value) && value.length === 0);
}

/** A UUID-shaped id derived from the change; the store places it in the thing's bucket. */
export function auditEntryId(tenantId: string, entity: AuditEntry['entity'], version: string): string {
  const hex = createHash('sha256').update(['audit', tenantId, entity.kind, entity.id, version].join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
