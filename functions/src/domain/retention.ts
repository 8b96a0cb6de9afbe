import type { Stored } from './common';
import type { RetentionCutoffs } from './tenant-settings';

/** What a retention run goes through, in this order, for each tenant. */
export const RETENTION_PHASES = ['closedItems', 'meetings', 'reviews', 'closedDeals', 'auditEntries', 'departedUsers'] as const;
export type RetentionPhase = (typeof RETENTION_PHASES)[number];

export type RetentionCounts = Record<RetentionPhase, number>;

export const NO_RETENTION_COUNTS: RetentionCounts = { closedItems: 0, meetings: 0, reviews: 0, closedDeals: 0, auditEntries: 0, departedUsers: 0 };

/**
 * Where one tenant's retention run stands (in the `jobs` container, one a tenant, while the run is under way). A run
 * killed midway is resumed from here with the same cut-offs: `after` is the last id of the phase dealt with, and
 * `pending` the ids of the page being dealt with when the run stopped — each of them counted once, whether the
 * run that stopped got to it or the one that resumed did.
 */
export interface RetentionCheckpoint extends Stored {
  type: 'retentionCheckpoint';
  runId: string;
  startedAt: string;
  cutoffs: RetentionCutoffs;
  phase: RetentionPhase;
  after: string | null;
  pending: string[];
  counts: RetentionCounts;
}

export const RETENTION_CHECKPOINT_ID = 'retention-checkpoint';
