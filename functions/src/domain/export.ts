import type { Stored } from './common';

/** What an export writes, one NDJSON file each. */
export const EXPORT_KINDS = ['items', 'deals', 'meetings', 'reviews', 'audit'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

/** One file of an export as it is being written: pages so far, and where the next page starts. */
export interface ExportFileProgress {
  status: 'pending' | 'running' | 'done';
  documents: number;
  /** Pages written so far; page n is block n of the file (see `exportBlockId`). */
  pages: number;
  bytes: number;
  /** The store's continuation token of the next page; null before the first and after the last. */
  continuationToken: string | null;
}

/**
 * A tenant's export: a job document in the `jobs` container, advanced page by page by the `tenant-exports` timer,
 * its checkpoint (per kind) saved after every page. Expires (job and files deleted) `expiresAt`.
 */
export interface ExportJob extends Stored {
  type: 'exportJob';
  status: ExportStatus;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** When the files and this job are deleted; set when the job finishes (done or failed). */
  expiresAt: string | null;
  files: Record<ExportKind, ExportFileProgress>;
  error: string | null;
  /** Runs in a row that failed on this job; at MAX_EXPORT_FAILURES it is given up as failed. */
  failures: number;
}

/** A job whose pages fail this many runs in a row is failed (its files are never committed). */
export const MAX_EXPORT_FAILURES = 5;

export interface ExportJobView {
  id: string;
  status: ExportStatus;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  expiresAt: string | null;
  progress: Record<ExportKind, { status: ExportFileProgress['status']; documents: number; pages: number }>;
  /** When done: one download link per kind (an API route that streams the file to an admin; no SAS, no secret). */
  files: { kind: ExportKind; documents: number; bytes: number; url: string }[];
  error: string | null;
}

/** A new export job, queued. */
export function newExportJob(ctx: { id: string; tenantId: string; requestedBy: string; now: Date }): Omit<ExportJob, 'etag'> {
  const files = Object.fromEntries(
    EXPORT_KINDS.map((kind) => [kind, { status: 'pending', documents: 0, pages: 0, bytes: 0, continuationToken: null } satisfies ExportFileProgress]),
  ) as Record<ExportKind, ExportFileProgress>;
  return {
    id: ctx.id,
    tenantId: ctx.tenantId,
    type: 'exportJob',
    status: 'queued',
    requestedBy: ctx.requestedBy,
    createdAt: ctx.now.toISOString(),
    startedAt: null,
    finishedAt: null,
    expiresAt: null,
    files,
    error: null,
    failures: 0,
  };
}

/** The kind the job writes next, or null when every file is done. */
export function nextExportKind(job: Pick<ExportJob, 'files'>): ExportKind | null {
  return EXPORT_KINDS.find((kind) => job.files[kind].status !== 'done') ?? null;
}

/** Where an export's file lives in the exports container: the tenant, the job, the kind. */
export function exportBlobPath(tenantId: string, jobId: string, kind: ExportKind): string {
  return `${tenantId}/${jobId}/${kind}.ndjson`;
}

export function toExportJobView(job: ExportJob): ExportJobView {
  return {
    id: job.id,
    status: job.status,
    requestedBy: job.requestedBy,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    expiresAt: job.expiresAt,
    progress: Object.fromEntries(EXPORT_KINDS.map((k) => [k, { status: job.files[k].status, documents: job.files[k].documents, pages: job.files[k].pages }])) as ExportJobView['progress'],
    files:
      job.status === 'done'
        ? EXPORT_KINDS.map((kind) => ({ kind, documents: job.files[kind].documents, bytes: job.files[kind].bytes, url: `/api/tenant/exports/${job.id}/files/${kind}` }))
        : [],
    error: job.error,
  };
}
