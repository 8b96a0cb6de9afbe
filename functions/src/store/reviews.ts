import type { Goals, Review } from '../domain';
import type { New, Page, PageRequest, ReviewRepository } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { createDocument, queryPage, readDocument, upsertDocument } from './documents';

export class CosmosReviewRepository implements ReviewRepository {
  constructor(private readonly store: CosmosStore) {}

  async create(review: New<Review>): Promise<Review> {
    return createDocument<Review>(await this.store.container('reviews'), review);
  }

  async get(tenantId: string, id: string): Promise<Review | null> {
    const review = await readDocument<Review>(await this.store.container('reviews'), id, tenantId);
    return review?.type === 'review' ? review : null;
  }

  async list(tenantId: string, teamId: string, repId: string | undefined, page: PageRequest): Promise<Page<Review>> {
    return queryPage<Review>(
      await this.store.container('reviews'),
      {
        query: `SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = 'review' AND c.teamId = @teamId${repId ? ' AND c.repId = @repId' : ''} ORDER BY c.heldAt DESC`,
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@teamId', value: teamId },
          ...(repId ? [{ name: '@repId', value: repId }] : []),
        ],
      },
      tenantId,
      page,
    );
  }

  async latestFor(tenantId: string, teamId: string, repIds: string[]): Promise<Map<string, Review>> {
    // Recent reviews of the team, newest first (bounded): the first one seen for each rep is their latest.
    const recent = await queryPage<Review>(
      await this.store.container('reviews'),
      {
        query: "SELECT c.id, c.repId, c.heldAt, c.commitmentIds, c.kind, c.teamId, c.tenantId, c.type, c._etag FROM c WHERE c.tenantId = @tenantId AND c.type = 'review' AND c.teamId = @teamId AND ARRAY_CONTAINS(@reps, c.repId) ORDER BY c.heldAt DESC",
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@teamId', value: teamId },
          { name: '@reps', value: repIds },
        ],
      },
      tenantId,
      { limit: 200 },
    );
    const latest = new Map<string, Review>();
    for (const review of recent.items) if (!latest.has(review.repId)) latest.set(review.repId, review);
    return latest;
  }

  async getGoals(tenantId: string, teamId: string): Promise<Goals | null> {
    const goals = await readDocument<Goals>(await this.store.container('reviews'), goalsId(teamId), tenantId);
    return goals?.type === 'goals' ? goals : null;
  }

  async saveGoals(goals: New<Goals>, ifMatch: string | null): Promise<Goals> {
    const container = await this.store.container('reviews');
    const doc = { ...goals, id: goalsId(goals.teamId) };
    return ifMatch ? upsertDocument<Goals>(container, doc, ifMatch) : createDocument<Goals>(container, doc);
  }
}

const goalsId = (teamId: string) => `goals-${teamId}`;

