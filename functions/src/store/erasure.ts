import type { SqlQuerySpec } from '@azure/cosmos';
import {
  type ActionItem,
  type AuditEntry,
  eraseContactDeep,
  eraseContactFromItem,
  eraseContactFromMeeting,
  eraseContactFromNotification,
  type Meeting,
  type Notification,
  PreconditionFailed,
  type Review,
  Unavailable,
} from '../domain';
import type { ErasureParticipant } from '../services/ports';
import type { CosmosAuditRepository } from './audit';
import type { CosmosStore } from './cosmos';
import { queryAll, queryPage, readDocument, replaceDocument } from './documents';
import type { ContainerName } from './layout';

/** How often a scrub re-reads a document that others keep changing before it gives up (503). */
const SCRUB_ATTEMPTS = 5;
/** Item ids per reminder query (an ARRAY_CONTAINS parameter). */
const ITEM_IDS_PER_QUERY = 100;

/** The sections of a review's agenda snapshot that hold items with their owner (domain/agenda.ts, RepAgenda). */
const AGENDA_ITEM_LISTS = ['commitments', 'overdue', 'dueSoon', 'completed.items', 'plan.commitments'];

/**
 * A participant over one container: a query that finds the tenant's documents naming the email (indexed paths:
 * layout.ts), and a pure erasure from domain/erasure.ts applied under If-Match.
 */
class ContainerErasure<T extends { id: string; tenantId: string; etag: string }> implements ErasureParticipant<T> {
  constructor(
    readonly kind: string,
    private readonly store: CosmosStore,
    private readonly container: ContainerName,
    private readonly where: string,
    private readonly erase: (doc: T, email: string) => T | null,
  ) {}

  async naming(tenantId: string, email: string, limit: number, _touched: Readonly<Record<string, readonly string[]>>): Promise<string[]> {
    const spec: SqlQuerySpec = {
      query: `SELECT c.id FROM c WHERE c.tenantId = @tenantId AND ${this.where}`,
      parameters: [
        { name: '@tenantId', value: tenantId },
        { name: '@email', value: email.toLowerCase() },
      ],
    };
    const page = await queryPage<{ id: string }>(await this.store.container(this.container), spec, tenantId, { limit });
    return page.items.map((d) => d.id);
  }

  scrub(tenantId: string, id: string, email: string): Promise<T | null> {
    return scrubWith<T>(this.store, this.container, tenantId, id, (doc) => this.erase(doc, email.toLowerCase()));
  }
}

/** Reads the document, erases, and replaces it under If-Match; read again and retried when someone wrote first. */
async function scrubWith<T extends { id: string; tenantId: string; etag: string }>(
  store: CosmosStore,
  name: ContainerName,
  tenantId: string,
  id: string,
  erase: (doc: T) => T | null,
): Promise<T | null> {
  const container = await store.container(name);
  for (let attempt = 1; ; attempt++) {
    const current = await readDocument<T>(container, id, tenantId);
    const next = current ? erase(current) : null;
    if (!current || !next) return null;
    try {
      return await replaceDocument<T>(container, next, current.etag);
    } catch (error) {
      if (!(error instanceof PreconditionFailed)) throw error;
      if (attempt >= SCRUB_ATTEMPTS) throw new Unavailable('The erasure kept meeting concurrent changes. Run it again shortly.');
    }
  }
}

/** Items owned by the contact (`owner.email`, indexed). */
export function itemErasure(store: CosmosStore): ErasureParticipant<ActionItem> {
  return new ContainerErasure<ActionItem>('items', store, 'items', "c.type = 'actionItem' AND c.owner.email = @email", eraseContactFromItem);
}

/** Meetings the contact organized or attended (`organizer.email`, `attendees[].email`, both indexed). */
export function meetingErasure(store: CosmosStore): ErasureParticipant<Meeting> {
  return new ContainerErasure<Meeting>(
    'meetings',
    store,
    'items',
    "c.type = 'meeting' AND (c.organizer.email = @email OR ARRAY_CONTAINS(c.attendees, {email: @email}, true))",
    eraseContactFromMeeting,
  );
}

/** Reviews whose agenda snapshot lists an item the contact owned (the owners' emails of its item lists are indexed). */
export function reviewErasure(store: CosmosStore): ErasureParticipant<Review> {
  // ARRAY_CONTAINS with a partial match rather than EXISTS over `IN c.agenda.<list>`: a snapshot may lack a list (an
  // older agenda, no quarterly plan), which the local stand-in cannot iterate (it fails the query).
  const lists = AGENDA_ITEM_LISTS.map((list) => `ARRAY_CONTAINS(c.agenda.${list}, {owner: {email: @email}}, true)`).join(' OR ');
  return new ContainerErasure<Review>('reviews', store, 'reviews', `c.type = 'review' AND (${lists})`, (review, email) => {
    const { value, changed } = eraseContactDeep({ agenda: review.agenda, notes: review.notes }, email);
    return changed ? { ...review, agenda: value.agenda, notes: value.notes } : null;
  });
}

/**
 * Reminders about the items the erasure changed (found by `itemId`, which is indexed; their text is not): a reminder
 * to chase a buyer names them. All of an item's reminders come back each time; the erasure skips what it has seen.
 */
export function notificationErasure(store: CosmosStore): ErasureParticipant<Notification> {
  return {
    kind: 'notifications',
    async naming(tenantId, _email, _limit, touched) {
      const items = [...(touched.items ?? [])];
      const container = await store.container('notifications');
      const ids: string[] = [];
      for (let start = 0; start < items.length; start += ITEM_IDS_PER_QUERY) {
        const found = await queryAll<{ id: string }>(
          container,
          {
            query: "SELECT c.id FROM c WHERE c.tenantId = @tenantId AND c.type = 'notification' AND ARRAY_CONTAINS(@items, c.itemId)",
            parameters: [
              { name: '@tenantId', value: tenantId },
              { name: '@items', value: items.slice(start, start + ITEM_IDS_PER_QUERY) },
            ],
          },
          tenantId,
        );
        ids.push(...found.map((n) => n.id));
      }
      return ids;
    },
    scrub: (tenantId, id) => scrubWith<Notification>(store, 'notifications', tenantId, id, eraseContactFromNotification),
  };
}

/** Audit entries that recorded the contact in a change (an owner, a meeting's people) or as the buyer who acted. */
export function auditErasure(audit: CosmosAuditRepository): ErasureParticipant<AuditEntry> {
  return {
    kind: 'auditEntries',
    naming: (tenantId, email, limit) => audit.namingContact(tenantId, email.toLowerCase(), limit),
    async scrub(tenantId, id, email) {
      for (let attempt = 1; ; attempt++) {
        const entry = await audit.get(tenantId, id);
        if (!entry) return null;
        const { value, changed } = eraseContactDeep({ by: entry.by, changes: entry.changes }, email.toLowerCase());
        if (!changed) return null;
        try {
          return await audit.replaceErased({ ...entry, by: value.by, changes: value.changes }, entry.etag);
        } catch (error) {
          if (!(error instanceof PreconditionFailed)) throw error;
          if (attempt >= SCRUB_ATTEMPTS) throw new Unavailable('The erasure kept meeting concurrent changes. Run it again shortly.');
        }
      }
    },
  };
}
