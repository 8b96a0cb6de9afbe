import {
  type ActionItem,
  accountableFor,
  type ActionItemView,
  type AuditVia,
  canSeeDeal,
  type FieldIssue,
  Forbidden,
  type Goals,
  type GoalsInput,
  InvalidInput,
  isAdmin,
  newActionItem,
  NotFound,
  PreconditionRequired,
  type Review,
  type ReviewCreateInput,
  toActionItemView,
  type Viewer,
} from '../domain';
import { AgendaService } from './agenda';
import { type AuditTrail, auditBy, itemCreated } from './audit';
import type { DirectoryService } from './directory';
import type { ErasedContactCheck } from './erasure';
import type { IdSource } from './ids';
import type { CursorCodec, CursorScope, ListPage } from './paging';
import type { ActionItemRepository, Clock, DealRepository, ReviewRepository } from './ports';
import { changeIfMatch } from './versions';

export type ReviewView = Omit<Review, 'type' | 'tenantId'>;
const toReviewView = ({ type: _type, tenantId: _tenantId, ...review }: Review): ReviewView => review;

/** Held reviews and the team's goals. The team's manager (or an admin) holds reviews; a rep reads their own. */
export class ReviewService {
  constructor(
    private readonly reviews: ReviewRepository,
    private readonly items: ActionItemRepository,
    private readonly deals: DealRepository,
    private readonly agendas: AgendaService,
    private readonly directory: DirectoryService,
    private readonly clock: Clock,
    private readonly cursors: CursorCodec,
    private readonly audit: AuditTrail,
    /** Contacts erased while a review was being finished leave again at once (services/erasure.ts). */
    private readonly erased: ErasedContactCheck | null = null,
  ) {}

  /** Finishes a review: snapshots the rep's agenda and turns the commitments into action items, all at once. */
  async create(viewer: Viewer, input: ReviewCreateInput, ids: IdSource, via: AuditVia = 'api'): Promise<{ review: ReviewView; items: ActionItemView[] }> {
    const team = await this.agendas.visibleTeam(viewer, input.teamId);
    if (!AgendaService.canReview(viewer, team)) throw new Forbidden("Only the team's manager (or an admin) holds its reviews.");
    if (!team.memberIds.includes(input.repId)) throw new InvalidInput([{ path: 'repId', message: 'Not a member of this team' }]);

    const owners = input.commitments.flatMap((c, i) => (c.owner.type === 'user' ? [{ path: `commitments.${i}.owner.userId`, userId: c.owner.userId }] : []));
    const dealIds = [...new Set(input.commitments.flatMap((c) => (c.dealId ? [c.dealId] : [])))];
    const [issues, deals] = await Promise.all([this.directory.unknownUsers(viewer.tenantId, owners), this.deals.getMany(viewer.tenantId, dealIds)]);
    // The same rule as any other new item: a commitment joins only a deal the manager can see.
    const dealOwner = new Map(deals.filter((d) => canSeeDeal(viewer, d)).map((d) => [d.id, d.ownerId]));
    input.commitments.forEach((c, i) => {
      if (c.dealId && !dealOwner.has(c.dealId)) issues.push({ path: `commitments.${i}.dealId`, message: 'No such deal' } satisfies FieldIssue);
    });
    if (issues.length > 0) throw new InvalidInput(issues);

    const now = this.clock.now();
    const agenda = await this.agendas.repAgenda(team, input.repId, input.kind, now);
    const reviewId = ids.next();
    const items = input.commitments.map((c) =>
      newActionItem(
        { ...c, tags: [...new Set([...(c.tags ?? []), 'review-commitment'])] },
        {
          id: ids.next(),
          tenantId: viewer.tenantId,
          createdBy: viewer.userId,
          // A commitment without another owner is the rep's.
          accountableId: accountableFor(c.owner, { dealOwnerId: c.dealId ? (dealOwner.get(c.dealId) ?? null) : null, createdBy: input.repId }),
          source: 'review',
          meetingKey: null,
          dealId: c.dealId ?? null,
          reviewId,
          now,
        },
      ),
    );
    const saved = await this.items.createMany(items);
    await this.audit.record(auditBy(viewer, via), saved.map(itemCreated));
    const review = await this.reviews.create({
      id: reviewId,
      tenantId: viewer.tenantId,
      type: 'review',
      teamId: team.id,
      repId: input.repId,
      kind: input.kind,
      heldAt: now.toISOString(),
      heldBy: viewer.userId,
      notes: input.notes,
      discussedItemIds: input.discussedItemIds,
      commitmentIds: saved.map((i) => i.id),
      agenda,
    });
    if (this.erased && (await this.erased.afterWrite(viewer.tenantId, [saved, review])).length > 0) {
      // It named a contact erased meanwhile (a commitment's owner, its agenda), now removed: answer what is stored.
      const [stored, items] = await Promise.all([this.reviews.get(viewer.tenantId, review.id), Promise.all(saved.map((i) => this.items.get(viewer.tenantId, i.id)))]);
      return { review: toReviewView(stored ?? review), items: items.map((item, i) => toActionItemView(item ?? (saved[i] as ActionItem), now)) };
    }
    return { review: toReviewView(review), items: saved.map((i) => toActionItemView(i, now)) };
  }

  async list(viewer: Viewer, query: { teamId: string; repId?: string; limit: number; cursor?: string }): Promise<ListPage<ReviewView>> {
    const team = await this.agendas.visibleTeam(viewer, query.teamId);
    const manages = AgendaService.canReview(viewer, team);
    const repId = manages ? query.repId : viewer.userId;
    if (!manages && query.repId && query.repId !== viewer.userId) throw new Forbidden("Only the team's manager (or an admin) sees a teammate's reviews.");
    const scope: CursorScope = { list: 'reviews', tenantId: viewer.tenantId, userId: viewer.userId, filters: { teamId: query.teamId, repId } };
    const page = await this.reviews.list(viewer.tenantId, team.id, repId, { limit: query.limit, continuationToken: await this.cursors.decode(scope, query.cursor) });
    return { items: page.items.map(toReviewView), nextCursor: await this.cursors.encode(scope, page.continuationToken) };
  }

  async get(viewer: Viewer, id: string): Promise<ReviewView> {
    const review = await this.reviews.get(viewer.tenantId, id);
    if (!review) throw new NotFound('The review');
    if (review.repId !== viewer.userId && !isAdmin(viewer)) {
      const team = await this.agendas.visibleTeam(viewer, review.teamId).catch(() => null);
      if (!team || !AgendaService.canReview(viewer, team)) throw new NotFound('The review');
    }
    return toReviewView(review);
  }

  async goals(viewer: Viewer, teamId: string): Promise<{ quotas: Goals['quotas']; etag: string | null }> {
    const team = await this.agendas.visibleTeam(viewer, teamId);
    if (!AgendaService.canReview(viewer, team)) throw new Forbidden("Only the team's manager or an admin sets its goals.");
    const goals = await this.reviews.getGoals(viewer.tenantId, team.id);
    return { quotas: goals?.quotas ?? [], etag: goals?.etag ?? null };
  }

  async replaceGoals(viewer: Viewer, teamId: string, input: GoalsInput, ifMatch: string | undefined, via: AuditVia = 'api'): Promise<{ quotas: Goals['quotas']; etag: string }> {
    const team = await this.agendas.visibleTeam(viewer, teamId);
    if (!AgendaService.canReview(viewer, team)) throw new Forbidden("Only the team's manager or an admin sets its goals.");
    const issues = input.quotas.flatMap((q, i) => (team.memberIds.includes(q.repId) ? [] : [{ path: `quotas.${i}.repId`, message: 'Not a member of this team' }]));
    if (issues.length > 0) throw new InvalidInput(issues);
    const save = async (before: Goals | null) => {
      const saved = await this.reviews.saveGoals({ id: '', tenantId: viewer.tenantId, type: 'goals', teamId: team.id, quotas: input.quotas, updatedAt: this.clock.now().toISOString() }, before?.etag ?? null);
      await this.audit.record(auditBy(viewer, via), [
        { entity: { kind: 'goals', id: team.id }, action: before ? 'update' : 'create', before, after: saved, at: saved.updatedAt, version: before ? saved.etag : 'create' },
      ]);
      return saved;
    };
    const current = await this.reviews.getGoals(viewer.tenantId, team.id);
    if (current && !ifMatch) throw new PreconditionRequired();
    // The first quotas of a team are created without If-Match; after that every change names the version it read.
    let fresh: Goals | null = current;
    const read = async () => {
      const goals = fresh ?? (await this.reviews.getGoals(viewer.tenantId, team.id));
      fresh = null;
      if (!goals) throw new NotFound("The team's goals");
      return goals;
    };
    const saved = current && ifMatch ? await changeIfMatch(ifMatch, read, (goals) => save(goals)) : await save(null);
    return { quotas: saved.quotas, etag: saved.etag };
  }
}
