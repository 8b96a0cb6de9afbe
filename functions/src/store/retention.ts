import type { SqlParameter } from '@azure/cosmos';
import type { Review, User } from '../domain';
import type { RetentionCandidate, RetentionKind, RetentionRepository } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { deleteDocument, queryAll, queryPage, replaceDocument } from './documents';
import type { ContainerName } from './layout';

/** Where each kind lives and what "closed before the cut-off" means for it. */
const KINDS: Record<RetentionKind, { container: ContainerName; select: string; where: string }> = {
  closedItems: { container: 'items', select: 'c.id', where: "c.type = 'actionItem' AND (c.status != 'open' OR c.deleted = true) AND c.updatedAt < @cutoff" },
  meetings: { container: 'items', select: 'c.id, c.key', where: "c.type = 'meeting' AND c.updatedAt < @cutoff" },
  reviews: { container: 'reviews', select: 'c.id', where: "c.type = 'review' AND c.heldAt < @cutoff" },
  closedDeals: { container: 'deals', select: 'c.id', where: "c.type = 'deal' AND (c.stage = 'won' OR c.stage = 'lost') AND c.updatedAt < @cutoff" },
  auditEntries: { container: 'audit', select: 'c.id', where: "c.type = 'audit' AND c.at < @cutoff" },
};

/** The retention run's queries: each inside one tenant's partitions (the tenant prefix), in id order. */
export class CosmosRetentionRepository implements RetentionRepository {
  constructor(private readonly store: CosmosStore) {}

  async pastRetention(tenantId: string, kind: RetentionKind, cutoff: string, after: string | null, limit: number): Promise<RetentionCandidate[]> {
    const { container, select, where } = KINDS[kind];
    const page = await queryPage<RetentionCandidate>(
      await this.store.container(container),
      {
        query: `SELECT ${select} FROM c WHERE c.tenantId = @tenantId AND ${where} AND c.id > @after ORDER BY c.id ASC`,
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@cutoff', value: cutoff },
          { name: '@after', value: after ?? '' },
        ],
      },
      tenantId,
      { limit },
    );
    return page.items.map((c) => (c.key === undefined ? { id: c.id } : { id: c.id, key: c.key }));
  }

  async stillReferenced(tenantId: string, kind: 'meetings' | 'closedDeals', candidate: RetentionCandidate): Promise<boolean> {
    const [where, parameters]: [string, SqlParameter[]] =
      kind === 'meetings' ? ["c.type = 'actionItem' AND c.meetingKey = @ref", [{ name: '@ref', value: candidate.key ?? null }]] : ['c.dealId = @ref', [{ name: '@ref', value: candidate.id }]];
    // One id is enough to know (an aggregate over a partition prefix is what the stand-in cannot answer).
    const page = await queryPage<{ id: string }>(
      await this.store.container('items'),
      { query: `SELECT c.id FROM c WHERE c.tenantId = @tenantId AND ${where}`, parameters: [{ name: '@tenantId', value: tenantId }, ...parameters] },
      tenantId,
      { limit: 1 },
    );
    return page.items.length > 0;
  }

  async remove(tenantId: string, kind: RetentionKind, id: string): Promise<void> {
    await deleteDocument(await this.store.container(KINDS[kind].container), tenantId, id);
  }

  async departedBefore(tenantId: string, cutoff: string, after: string | null, limit: number): Promise<User[]> {
    const page = await queryPage<User>(
      await this.store.container('users'),
      {
        query:
          "SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = 'user' AND IS_DEFINED(c.departure) AND c.departure.at < @cutoff AND IS_NULL(c.departure.anonymizedAt) AND c.id > @after ORDER BY c.id ASC",
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@cutoff', value: cutoff },
          { name: '@after', value: after ?? '' },
        ],
      },
      tenantId,
      { limit },
    );
    return page.items;
  }

  async reviewsNaming(tenantId: string, userId: string): Promise<Review[]> {
    return queryAll<Review>(
      await this.store.container('reviews'),
      {
        query: "SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = 'review' AND (c.repId = @userId OR c.heldBy = @userId)",
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@userId', value: userId },
        ],
      },
      tenantId,
    );
  }

  async replaceReview(review: Review, ifMatch: string): Promise<Review> {
    return replaceDocument(await this.store.container('reviews'), review, ifMatch);
  }
}
