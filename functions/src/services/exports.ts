import { randomUUID } from 'node:crypto';
import {
  Conflict,
  EXPORT_KINDS,
  exportBlobPath,
  type ExportFileProgress,
  type ExportJob,
  type ExportJobView,
  type ExportKind,
  MAX_EXPORT_FAILURES,
  newExportJob,
  nextExportKind,
  NotFound,
  PreconditionFailed,
  toExportJobView,
  type Viewer,
} from '../domain';
import type { BlobDownload, BlobStore, Clock, ExportJobQueue, ExportSource, JobStateRepository } from './ports';
import { requireTenantAdmin } from './tenant-admin';

/** The one document per tenant that says which export is under way: at most one at a time. */
export const EXPORT_SLOT_ID = 'export-slot';
export const NDJSON = 'application/x-ndjson';
/** A queued job that never got its tenant's slot (its POST died in between) is removed after this long. */
const ORPHAN_AFTER_MS = 10 * 60_000;

interface ExportSlot {
  id: string;
  tenantId: string;
  type: 'exportSlot';
  jobId: string;
  etag: string;
}

export interface ExportSettings {
  /** Documents per page: one Cosmos query page, one block of the file. */
  pageSize: number;
  /** Pause between two pages, so an export never crowds out the API's requests. */
  pauseMs: number;
  /** Days a finished export's files are kept before the job and its blobs are deleted. */
  retentionDays: number;
  /** How long one run of the worker (one timer invocation) may go on before it leaves the rest to the next run. */
  runBudgetMs: number;
}

export const DEFAULT_EXPORT_SETTINGS: ExportSettings = { pageSize: 500, pauseMs: 100, retentionDays: 7, runBudgetMs: 50_000 };

/**
 * The block id of page `page` of a file: the same for the same page every time, so a page written again after a
 * run was killed replaces its own block instead of adding one (Blob Storage wants equal-length base64 ids per blob).
 */
export function exportBlockId(page: number): string {
  return Buffer.from(`page-${String(page).padStart(7, '0')}`).toString('base64');
}

/** `POST /api/tenant/exports` and what follows: start a tenant's export, read its status, stream its files. */
export class ExportService {
  constructor(
    private readonly jobs: JobStateRepository,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
    private readonly newId: () => string = randomUUID,
  ) {}

  /**
   * Queues an export (the `tenant-exports` timer writes it) and answers it at once. While one of the tenant's exports
   * is queued or running, that one is answered instead: one at a time per tenant.
   */
  async start(viewer: Viewer): Promise<{ job: ExportJobView; created: boolean }> {
    requireTenantAdmin(viewer);
    const tenantId = viewer.tenantId;
    // The job first, then the slot (If-Match on the one read): of two exports started at once, one takes the slot and
    // the other, finding it held by a job that exists, withdraws its own.
    const job = await this.jobs.save<ExportJob>(newExportJob({ id: this.newId(), tenantId, requestedBy: viewer.userId, now: this.clock.now() }), null);
    for (let attempt = 1; ; attempt++) {
      const slot = await this.jobs.get<ExportSlot>(tenantId, EXPORT_SLOT_ID);
      const holder = slot ? await this.jobs.get<ExportJob>(tenantId, slot.jobId) : null;
      if (holder && (holder.status === 'queued' || holder.status === 'running')) {
        await this.jobs.clear(tenantId, job.id);
        return { job: toExportJobView(holder), created: false };
      }
      try {
        await this.jobs.save<ExportSlot>({ id: EXPORT_SLOT_ID, tenantId, type: 'exportSlot', jobId: job.id }, slot?.etag ?? null);
        return { job: toExportJobView(job), created: true };
      } catch (error) {
        if (attempt >= 3 || !isLostRace(error)) {
          await this.jobs.clear(tenantId, job.id);
          throw error;
        }
      }
    }
  }

  async get(viewer: Viewer, id: string): Promise<ExportJobView> {
    return toExportJobView(await this.job(viewer, id));
  }

  /** A finished export's file, streamed from Blob Storage; 404 until the job is done, and for another tenant's. */
  async file(viewer: Viewer, id: string, kind: ExportKind): Promise<BlobDownload & { filename: string }> {
    const job = await this.job(viewer, id);
    if (job.status !== 'done') throw new NotFound('The export file');
    const blob = await this.blobs.read(exportBlobPath(job.tenantId, job.id, kind));
    if (!blob) throw new NotFound('The export file');
    return { ...blob, filename: `followthrough-${kind}-${job.id}.ndjson` };
  }

  private async job(viewer: Viewer, id: string): Promise<ExportJob> {
    requireTenantAdmin(viewer);
    const job = await this.jobs.get<ExportJob>(viewer.tenantId, id);
    if (!job || job.type !== 'exportJob') throw new NotFound('The export');
    return job;
  }
}

export interface ExportRunSummary extends Record<string, number> {
  jobs: number;
  pages: number;
  documents: number;
  finished: number;
  /** Jobs whose run stopped on an error this time (each resumes next run). */
  failedJobs: number;
  expired: number;
}

/**
 * The `tenant-exports` timer: writes queued and running exports page by page, each page one query of `pageSize`
 * documents and one block of the kind's NDJSON blob, with a pause between pages and a time budget per run.
 *
 * Resumable and exactly once: after each page the job's checkpoint (pages so far, the continuation token of the next
 * page) is saved with If-Match. Page n is always block n (`exportBlockId`), so a page written again after a run was
 * killed between its block and its checkpoint replaces its own block; the blob is committed from blocks 0..n-1 when
 * the kind's last page is in. Nothing of a file is visible before it is complete.
 */
export class ExportWorker {
  constructor(
    private readonly jobs: JobStateRepository,
    private readonly queue: ExportJobQueue,
    private readonly source: ExportSource,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
    private readonly settings: ExportSettings = DEFAULT_EXPORT_SETTINGS,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async run(): Promise<ExportRunSummary> {
    const summary: ExportRunSummary = { jobs: 0, pages: 0, documents: 0, finished: 0, failedJobs: 0, expired: await this.expire() };
    const deadline = Date.now() + this.settings.runBudgetMs;
    for (const queued of await this.queue.active(20)) {
      // A queued job starts only once it holds its tenant's slot (a POST that lost the race withdraws its job; one
      // that died between its job and the slot left a job nobody started, removed after a while).
      if (queued.status === 'queued' && !(await this.holdsSlot(queued))) {
        if (Date.parse(queued.createdAt) < this.clock.now().getTime() - ORPHAN_AFTER_MS) await this.jobs.clear(queued.tenantId, queued.id);
        continue;
      }
      summary.jobs++;
      let job: ExportJob | null = queued;
      try {
        while (job && (job.status === 'queued' || job.status === 'running') && Date.now() < deadline) {
          const before: ExportJob = job;
          job = await this.step(job);
          if (!job) break;
          summary.pages += total(job, 'pages') - total(before, 'pages');
          summary.documents += total(job, 'documents') - total(before, 'documents');
          if (job.status === 'done') summary.finished++;
          else if (this.settings.pauseMs > 0) await this.sleep(this.settings.pauseMs);
        }
      } catch {
        // Recorded on the job (step); the next run resumes it from its checkpoint. Other tenants' exports go on.
        summary.failedJobs++;
      }
      if (Date.now() >= deadline) break;
    }
    return summary;
  }

  /** One page of the job (or its commit and completion). Null when another run moved the job first. */
  async step(job: ExportJob): Promise<ExportJob | null> {
    const now = this.clock.now().toISOString();
    const kind = nextExportKind(job);
    try {
      if (!kind) return await this.finish(job, 'done', null);
      const progress = job.files[kind];
      const path = exportBlobPath(job.tenantId, job.id, kind);
      const page = await this.source.page(job.tenantId, kind, { limit: this.settings.pageSize, continuationToken: progress.continuationToken ?? undefined });
      let next: ExportFileProgress = { ...progress, status: 'running' };
      if (page.items.length > 0) {
        const content = Buffer.from(page.items.map((doc) => `${JSON.stringify(exported(doc))}\n`).join(''), 'utf8');
        await this.blobs.stageBlock(path, exportBlockId(progress.pages), content);
        next = { ...next, pages: progress.pages + 1, documents: progress.documents + page.items.length, bytes: progress.bytes + content.byteLength };
      }
      next.continuationToken = page.continuationToken;
      if (!page.continuationToken) {
        await this.blobs.commitBlocks(path, Array.from({ length: next.pages }, (_, i) => exportBlockId(i)), NDJSON);
        next = { ...next, status: 'done', continuationToken: null };
      }
      const updated: ExportJob = { ...job, status: 'running', startedAt: job.startedAt ?? now, failures: 0, files: { ...job.files, [kind]: next } };
      return await this.jobs.save<ExportJob>(updated, job.etag);
    } catch (error) {
      if (error instanceof PreconditionFailed) return null;
      // The run stops here and the next one resumes from the checkpoint; a job that fails run after run is given up.
      const failures = (job.failures ?? 0) + 1;
      if (failures >= MAX_EXPORT_FAILURES) return this.finish(job, 'failed', 'The export could not be written. Start a new one.').catch(() => null);
      await this.jobs.save<ExportJob>({ ...job, failures }, job.etag).catch(() => undefined);
      throw error;
    }
  }

  private async finish(job: ExportJob, status: 'done' | 'failed', error: string | null): Promise<ExportJob> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.settings.retentionDays * 86_400_000).toISOString();
    const saved = await this.jobs.save<ExportJob>({ ...job, status, error, finishedAt: now.toISOString(), expiresAt }, job.etag);
    const slot = await this.jobs.get<ExportSlot>(job.tenantId, EXPORT_SLOT_ID);
    if (slot?.jobId === job.id) await this.jobs.clear(job.tenantId, EXPORT_SLOT_ID);
    return saved;
  }

  private async holdsSlot(job: ExportJob): Promise<boolean> {
    return (await this.jobs.get<ExportSlot>(job.tenantId, EXPORT_SLOT_ID))?.jobId === job.id;
  }

  /** Deletes the files and jobs of exports past their `expiresAt`. */
  private async expire(): Promise<number> {
    const expired = await this.queue.expired(this.clock.now().toISOString(), 50);
    for (const job of expired) {
      await this.blobs.deleteUnder(`${job.tenantId}/${job.id}/`);
      await this.jobs.clear(job.tenantId, job.id);
    }
    return expired.length;
  }
}

/** A document as exported: as the domain sees it, without the store's version. */
function exported(doc: Record<string, unknown>): Record<string, unknown> {
  const { etag: _etag, ...rest } = doc;
  return rest;
}

function total(job: ExportJob, field: 'pages' | 'documents'): number {
  return EXPORT_KINDS.reduce((n, kind) => n + job.files[kind][field], 0);
}

function isLostRace(error: unknown): boolean {
  return error instanceof PreconditionFailed || error instanceof Conflict;
}
