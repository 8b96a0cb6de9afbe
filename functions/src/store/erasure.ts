import type { SqlQuerySpec } from '@azure/cosmos';
import { type ActionItem, type AuditEntry, eraseContactDeep, eraseContactFromItem, eraseContactFromMeeting, type Meeting, PreconditionFailed, type Review, Unavailable } from '../domain';
import type { ErasureParticipant } from '../services/ports';
import type { CosmosAuditRepository } from './audit';
import type { CosmosStore } from './cosmos';
import { queryPage, readDocument, replaceDocument } from './documents';
import type { ContainerName } from './layout';

/** How often a scrub re-reads a document that others keep changing before it gives up (503). */
const SCRUB_ATTEMPTS = 5;

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

  async naming(tenantId: string, email: string, limit: number): Promise<string[]> {
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

  async scrub(tenantId: string, id: string, email: string): Promise<T | null> {
    const container = await this.store.container(this.container);
    for (let attempt = 1; ; attempt++) {
      const current = await readDocument<T>(container, id, tenantId);
      const next = current ? this.erase(current, email.toLowerCase()) : null;
      if (!current || !next) return null;
      try {
        return await replaceDocument<T>(container, next, current.etag);
      } catch (error) {
        if (!(error instanceof PreconditionFailed)) throw error;
        if (attempt >= SCRUB_ATTEMPTS) throw new Unavailable('The erasure kept meeting concurrent changes. Run it again shortly.');
      }
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
