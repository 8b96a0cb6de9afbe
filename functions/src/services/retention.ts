import { createHash } from 'node:crypto';
import {
  Conflict,
  defaultTenantSettings,
  NO_RETENTION_COUNTS,
  PreconditionFailed,
  pseudonymize,
  RETENTION_CHECKPOINT_ID,
  RETENTION_PHASES,
  type RetentionCheckpoint,
  type RetentionCounts,
  type RetentionCutoffs,
  retentionCutoffs,
  type RetentionPhase,
  type User,
} from '../domain';
import { type AuditTrail, auditBySystem } from './audit';
import type {
  ActionItemRepository,
  Clock,
  DealRepository,
  FollowUpRepository,
  JobStateRepository,
  New,
  RetentionCandidate,
  RetentionRepository,
  ReviewRepository,
  TenantSettingsRepository,
  UserRepository,
} from './ports';

export interface RetentionSummary {
  /** Tenants whose run finished in this invocation. */
  tenants: number;
  /** Of those, tenants whose run had been stopped midway and was resumed. */
  resumed: number;
  /** Tenants another run was working on (left to it). */
  busy: number;
  closedItems: number;
  meetings: number;
  reviews: number;
  closedDeals: number;
  /** Audit entries older than the items' period: the trail is kept as long as what it describes. */
  auditEntries: number;
  departedUsers: number;
}

export interface RetentionOptions {
  /** For tests: fail after this many documents deleted or pseudonymized, as a crash midway would. */
  failAfter?: number;
  pageSize?: number;
}

/** The pseudonym a leaver keeps once their name and email are removed: the same every time, e.g. "Former employee 3f2a". */
export function pseudonymFor(tenantId: string, userId: string): string {
  return `Former employee ${createHash('sha256').update(`${tenantId}\u0000${userId}`).digest('hex').slice(0, 4)}`;
}

const WRITE_ATTEMPTS = 5;

/** The cut-off of each phase: meetings go with their items. */
function cutoffOf(phase: RetentionPhase, cutoffs: RetentionCutoffs): string | null {
  switch (phase) {
    case 'closedItems':
    case 'meetings':
    case 'auditEntries':
      return cutoffs.closedItems;
    case 'reviews':
      return cutoffs.reviews;
    case 'closedDeals':
      return cutoffs.closedDeals;
    case 'departedUsers':
      return cutoffs.departedUsers;
  }
}

class Stopped extends Error {}

/**
 * The daily `retention` timer: for each tenant, in its own partitions, hard-deletes what its retention settings
 * (`/api/tenant/settings`) say is past keeping — action items closed or removed before the cut-off, then meetings
 * with no item left, held reviews, closed deals nothing refers to any more, audit entries as old as the items' cut-off
 * (the trail is kept as long as what it describes) — and replaces the name and email of
 * leavers who left before theirs with a pseudonym (in their directory entry, the reviews of and by them, and the
 * reassignment notes that named them).
 *
 * Paged and resumable: each tenant's run keeps a checkpoint in the `jobs` container (its cut-offs, the phase, the
 * last id dealt with, and the ids of the page in hand). A run killed midway and run again resumes with the same
 * cut-offs, settles the page that was in hand (deleting again what is already gone is nothing), and carries on;
 * each document is counted once. The checkpoint is removed when the tenant is done, and one audit entry per tenant
 * and run sums up what was deleted (not one per document).
 */
export class RetentionService {
  constructor(
    private readonly followUp: FollowUpRepository,
    private readonly settings: TenantSettingsRepository,
    private readonly retention: RetentionRepository,
    private readonly jobs: JobStateRepository,
    private readonly users: UserRepository,
    private readonly items: ActionItemRepository,
    private readonly deals: DealRepository,
    private readonly reviews: ReviewRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async run(options: RetentionOptions = {}): Promise<RetentionSummary> {
    const summary: RetentionSummary = { tenants: 0, resumed: 0, busy: 0, ...NO_RETENTION_COUNTS };
    const progress = { done: 0, failAfter: options.failAfter, pageSize: options.pageSize ?? 100 };
    for (const tenantId of await this.followUp.tenantIds()) {
      try {
        const outcome = await this.runTenant(tenantId, progress);
        if (!outcome) continue;
        summary.tenants++;
        if (outcome.resumed) summary.resumed++;
        for (const phase of RETENTION_PHASES) summary[phase] += outcome.counts[phase];
      } catch (error) {
        if (error instanceof Stopped) summary.busy++;
        else throw error;
      }
    }
    return summary;
  }

  private async runTenant(tenantId: string, progress: { done: number; failAfter?: number; pageSize: number }): Promise<{ counts: RetentionCounts; resumed: boolean } | null> {
    let checkpoint = await this.jobs.get<RetentionCheckpoint>(tenantId, RETENTION_CHECKPOINT_ID);
    const resumed = checkpoint !== null;
    if (!checkpoint) {
      const now = this.clock.now();
      const settings = (await this.settings.get(tenantId)) ?? defaultTenantSettings(tenantId);
      const cutoffs = retentionCutoffs(settings.retention, now);
      if (Object.values(cutoffs).every((c) => c === null)) return null;
      checkpoint = await this.save({
        id: RETENTION_CHECKPOINT_ID,
        tenantId,
        type: 'retentionCheckpoint',
        runId: now.toISOString(),
        startedAt: now.toISOString(),
        cutoffs,
        phase: RETENTION_PHASES[0],
        after: null,
        pending: [],
        counts: { ...NO_RETENTION_COUNTS },
      }, null);
    }

    // The page the stopped run had in hand: dealt with again (idempotent), counted once.
    if (checkpoint.pending.length > 0) {
      for (const id of checkpoint.pending) await this.apply(checkpoint, { id }, progress);
      checkpoint = await this.save({ ...checkpoint, pending: [], counts: { ...checkpoint.counts, [checkpoint.phase]: checkpoint.counts[checkpoint.phase] + checkpoint.pending.length } }, checkpoint.etag);
    }

    for (let index = RETENTION_PHASES.indexOf(checkpoint.phase); index < RETENTION_PHASES.length; index++) {
      const phase = RETENTION_PHASES[index] as RetentionPhase;
      if (checkpoint.phase !== phase) checkpoint = await this.save({ ...checkpoint, phase, after: null }, checkpoint.etag);
      const cutoff = cutoffOf(phase, checkpoint.cutoffs);
      if (cutoff === null) continue;
      for (;;) {
        const candidates = await this.candidates(tenantId, phase, cutoff, checkpoint.after, progress.pageSize);
        const last = candidates.at(-1);
        if (!last) break;
        const chosen: RetentionCandidate[] = [];
        for (const candidate of candidates) {
          if ((phase === 'meetings' || phase === 'closedDeals') && (await this.retention.stillReferenced(tenantId, phase, candidate))) continue;
          chosen.push(candidate);
        }
        checkpoint = await this.save({ ...checkpoint, after: last.id, pending: chosen.map((c) => c.id) }, checkpoint.etag);
        for (const candidate of chosen) await this.apply(checkpoint, candidate, progress);
        checkpoint = await this.save({ ...checkpoint, pending: [], counts: { ...checkpoint.counts, [phase]: checkpoint.counts[phase] + chosen.length } }, checkpoint.etag);
      }
    }

    const counts = checkpoint.counts;
    if (Object.values(counts).some((n) => n > 0)) {
      const at = this.clock.now().toISOString();
      await this.audit.record(auditBySystem(tenantId, 'retention'), [
        {
          entity: { kind: 'tenantSettings', id: 'retention' },
          action: 'expire',
          before: null,
          after: { cutoffs: checkpoint.cutoffs, deleted: { closedItems: counts.closedItems, meetings: counts.meetings, reviews: counts.reviews, closedDeals: counts.closedDeals, auditEntries: counts.auditEntries }, pseudonymizedLeavers: counts.departedUsers },
          at,
          version: checkpoint.runId,
        },
      ]);
    }
    await this.jobs.clear(tenantId, RETENTION_CHECKPOINT_ID);
    return { counts, resumed };
  }

  private async candidates(tenantId: string, phase: RetentionPhase, cutoff: string, after: string | null, limit: number): Promise<RetentionCandidate[]> {
    if (phase === 'departedUsers') return (await this.retention.departedBefore(tenantId, cutoff, after, limit)).map((u) => ({ id: u.id }));
    return this.retention.pastRetention(tenantId, phase, cutoff, after, limit);
  }

  /** Deletes one document, or pseudonymizes one leaver; doing it again does nothing more. */
  private async apply(checkpoint: RetentionCheckpoint, candidate: RetentionCandidate, progress: { done: number; failAfter?: number }): Promise<void> {
    if (checkpoint.phase === 'departedUsers') await this.pseudonymizeLeaver(checkpoint.tenantId, candidate.id);
    else await this.retention.remove(checkpoint.tenantId, checkpoint.phase, candidate.id);
    progress.done++;
    if (progress.failAfter !== undefined && progress.done >= progress.failAfter) throw new Error(`retention: injected failure after ${progress.done} documents`);
  }

  /**
   * A leaver's name and email give way to their pseudonym: first where other documents name them (reviews of and by
   * them, the notes their reassignment left on items and deals), last in their directory entry, which is what marks
   * them done — so a run stopped halfway still knows the name to replace.
   */
  private async pseudonymizeLeaver(tenantId: string, userId: string): Promise<void> {
    const user = await this.users.get(tenantId, userId);
    const departure = user?.departure;
    if (!user || !departure || departure.anonymizedAt) return;
    const pseudonym = pseudonymFor(tenantId, userId);
    const names = [user.displayName, user.email];
    const scrub = (text: string) => pseudonymize(text, names, pseudonym);

    for (const review of await this.retention.reviewsNaming(tenantId, userId)) {
      await this.rewrite(
        () => this.reviews.get(tenantId, review.id),
        (r) => ({ ...r, notes: scrub(r.notes), agenda: JSON.parse(scrub(JSON.stringify(r.agenda ?? null))) as unknown }),
        (r, etag) => this.retention.replaceReview(r, etag),
      );
    }
    for (const id of departure.movedItemIds) {
      await this.rewrite(() => this.items.get(tenantId, id), (i) => ({ ...i, notes: i.notes === null ? null : scrub(i.notes) }), (i, etag) => this.items.replace(i, etag));
    }
    for (const id of departure.movedDealIds) {
      await this.rewrite(() => this.deals.get(tenantId, id), (d) => ({ ...d, notes: d.notes ? scrub(d.notes) : (d.notes ?? null) }), (d, etag) => this.deals.replace(d, etag));
    }
    await this.rewrite<User>(
      () => this.users.get(tenantId, userId),
      (u) => ({ ...u, displayName: pseudonym, email: '', departure: { ...(u.departure ?? departure), anonymizedAt: this.clock.now().toISOString() } }),
      (u, etag) => this.users.replace(u, etag),
    );
  }

  /** Read, change, write under If-Match; again on a concurrent change; nothing when it is gone or unchanged. */
  private async rewrite<T extends { etag: string }>(read: () => Promise<T | null>, change: (doc: T) => T, write: (doc: T, etag: string) => Promise<T>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const doc = await read();
      if (!doc) return;
      const next = change(doc);
      if (JSON.stringify(next) === JSON.stringify(doc)) return;
      try {
        await write(next, doc.etag);
        return;
      } catch (error) {
        if (!(error instanceof PreconditionFailed) || attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  }

  /** Saves the checkpoint; another run writing it first means that run has this tenant in hand. */
  private async save(checkpoint: New<RetentionCheckpoint> | RetentionCheckpoint, ifMatch: string | null): Promise<RetentionCheckpoint> {
    try {
      return await this.jobs.save<RetentionCheckpoint>(checkpoint, ifMatch);
    } catch (error) {
      if (error instanceof PreconditionFailed || error instanceof Conflict) throw new Stopped();
      throw error;
    }
  }
}
