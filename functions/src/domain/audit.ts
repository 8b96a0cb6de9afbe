import { z } from 'zod';
import { Instant, pageQueryFields, type Stored } from './common';
import type { AuditAction, AuditEntityKind, AuditVia } from './vocabulary';

export { AUDIT_ACTIONS, AUDIT_ENTITY_KINDS, AUDIT_VIA, type AuditAction, type AuditEntityKind, type AuditVia } from './vocabulary';

export type AuditActor =
  | { kind: 'user'; userId: string }
  /** A timer or a job acting for the system, e.g. `overdue-sweep`, `retention`. */
  | { kind: 'system'; name: string }
  /** A buyer through a shared link (issue 13): a contact, never a user id. */
  | { kind: 'buyer'; contactEmail: string | null };

/**
 * One field's change. Values are as stored (JSON); a field added has `before: null`, one removed `after: null`. A list
 * that only grows (an item's `slips`, the ladder's `nudges`) is recorded one element at a time, under the singular
 * (`slip`, `nudge`) with `before: null`, rather than as the whole list twice.
 */
export interface AuditChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * One change to one thing: who, when, through what, and which fields went from what to what. Entries are written
 * once and never changed — except by an erasure, which replaces a buyer contact's name and email in them.
 */
export interface AuditEntry extends Stored {
  type: 'audit';
  entity: { kind: AuditEntityKind; id: string };
  at: string;
  by: AuditActor;
  via: AuditVia;
  action: AuditAction;
  changes: AuditChange[];
}

/**
 * The fields that differ between two versions of a document, before → after, in field order. System fields (etag,
 * updatedAt) are left out: the entry's own `at` says when.
 */
export function changedFields(before: object | null, after: object | null, ignore: readonly string[] = ['etag', 'updatedAt', 'tenantId', 'type']): AuditChange[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((f) => !ignore.includes(f));
  return fields
    .filter((f) => JSON.stringify(b[f] ?? null) !== JSON.stringify(a[f] ?? null))
    .map((field) => ({ field, before: b[field] ?? null, after: a[field] ?? null }));
}

/** `GET /api/action-items/{id}/history?limit=&cursor=` */
export const AuditHistoryQuery = z.strictObject(pageQueryFields);
export type AuditHistoryQuery = z.infer<typeof AuditHistoryQuery>;

/** `GET /api/tenant/audit?from=&to=&limit=&cursor=`: `from <= at < to`; without them, the last 30 days. */
export const TenantAuditQuery = z.strictObject({ from: Instant.optional(), to: Instant.optional(), ...pageQueryFields });
export type TenantAuditQuery = z.infer<typeof TenantAuditQuery>;
