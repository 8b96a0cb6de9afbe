import { createHash } from 'node:crypto';
import { type AuditEntry, Conflict, emailsIn, PreconditionFailed, type Stored, Unavailable, type Viewer } from '../domain';
import { auditEntryId } from './audit';
import type { AuditRepository, Clock, ErasureParticipant, JobStateRepository, New } from './ports';
import { requireTenantAdmin } from './tenant-admin';

/** Documents a participant is asked for at a time: the checkpoint is saved after each such batch. */
const BATCH = 50;
/** How often a checkpoint is retried when another run of the same erasure wrote first. */
const CHECKPOINT_ATTEMPTS = 5;

/** The tenant's erased contacts, as hashes (never the addresses): what writes consult (ErasedContactCheck). */
export const ERASED_CONTACTS_ID = 'erased-contacts';

interface ErasedContacts extends Stored {
  type: 'erasedContacts';
  hashes: string[];
  updatedAt: string;
}

/**
 * An erasure's job document (`jobs` container): one per contact (its id from the address's hash), with the
 * checkpoint of the run under way — the participant it is at and the ids touched so far, recorded before they are
 * written — so a run killed midway is finished by the next call, counting nothing twice.
 */
export interface ErasureJob extends Stored {
  type: 'erasureJob';
  status: 'running' | 'done';
  /** Runs so far: a call after a finished run starts the next (which finds nothing left: zeros). */
  run: number;
  /** Index of the participant the run is at. */
  phase: number;
  touched: Record<string, string[]>;
  requestedBy: string;
  startedAt: string;
  finishedAt: string | null;
}

/** What an erasure answers: counts per kind, and the ids it changed. No count is ever the contact's data. */
export interface ErasureResult {
  email: string;
  counts: Record<string, number>;
  ids: Record<string, string[]>;
  /** This call finished a run an earlier call had begun. */
  resumed: boolean;
}

/**
 * What a write that names people asks right after it has stored them: which of these addresses were erased (one
 * point read, none when the write names nobody), after finishing their erasure over everything the write stored.
 */
export interface ErasedContactCheck {
  afterWrite(tenantId: string, written: unknown[]): Promise<string[]>;
}

/**
 * The erasure of a buyer contact (GDPR art. 17, issue 10): their name and email leave every item, meeting, review
 * agenda and audit entry of the tenant (domain/erasure.ts says what each becomes); items stay, with their accountable
 * user. Shared-plan records (issue 13) join as one more participant.
 *
 * A capture naming the contact while the erasure runs cannot leave them behind. The erasure first adds the
 * address's hash to the tenant's erased contacts, then scans; every write that names people stores first and then
 * reads that list (`afterWrite`). Either the write's read sees the hash — and the write finishes the erasure over
 * what it stored — or it read before the hash was added, so it stored before the scan began and the scan finds it.
 */
export class ContactErasure implements ErasedContactCheck {
  constructor(
    private readonly participants: ErasureParticipant[],
    private readonly jobs: JobStateRepository,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /** `POST /api/tenant/erasure`: erases the contact, or finishes an erasure of them that was cut short. */
  async erase(viewer: Viewer, email: string): Promise<ErasureResult> {
    requireTenantAdmin(viewer);
    const tenantId = viewer.tenantId;
    const address = email.toLowerCase();
    const hash = contactHash(tenantId, address);
    await this.remember(tenantId, hash);
    const { job: started, resumed } = await this.begin(viewer, hash);
    let job = started;
    const attempted = new Set<string>();
    for (let phase = job.phase; phase < this.participants.length; phase++) {
      const participant = this.participants[phase] as ErasureParticipant;
      for (;;) {
        const ids = (await participant.naming(tenantId, address, BATCH, job.touched)).filter((id) => !attempted.has(`${participant.kind}/${id}`));
        if (ids.length === 0) break;
        // Recorded before they are written: a run killed now counts them once when the next call finishes it.
        job = await this.checkpoint(job, (j) => ({ ...j, touched: { ...j.touched, [participant.kind]: union(j.touched[participant.kind], ids) } }));
        const unchanged: string[] = [];
        for (const id of ids) {
          attempted.add(`${participant.kind}/${id}`);
          if ((await participant.scrub(tenantId, id, address)) === null) unchanged.push(id);
        }
        if (unchanged.length > 0) {
          job = await this.checkpoint(job, (j) => ({ ...j, touched: { ...j.touched, [participant.kind]: (j.touched[participant.kind] ?? []).filter((id) => !unchanged.includes(id)) } }));
        }
      }
      job = await this.checkpoint(job, (j) => ({ ...j, phase: Math.max(j.phase, phase + 1) }));
    }
    const counts = Object.fromEntries(this.participants.map((p) => [p.kind, job.touched[p.kind]?.length ?? 0]));
    await this.audit.append([this.auditEntry(viewer, hash, job, counts)]);
    job = await this.checkpoint(job, (j) => ({ ...j, status: 'done', finishedAt: this.clock.now().toISOString() }));
    return { email: address, counts, ids: Object.fromEntries(this.participants.map((p) => [p.kind, [...(job.touched[p.kind] ?? [])].sort()])), resumed };
  }

  async afterWrite(tenantId: string, written: unknown[]): Promise<string[]> {
    const emails = emailsIn(written);
    if (emails.length === 0) return [];
    const list = await this.jobs.get<ErasedContacts>(tenantId, ERASED_CONTACTS_ID);
    if (!list) return [];
    const erased = emails.filter((email) => list.hashes.includes(contactHash(tenantId, email)));
    for (const email of erased) await this.sweep(tenantId, email);
    return erased;
  }

  /** Every participant, until none finds the contact (what a write that named an erased contact runs). */
  private async sweep(tenantId: string, email: string): Promise<void> {
    const touched: Record<string, string[]> = {};
    for (const participant of this.participants) {
      const attempted = new Set<string>();
      for (;;) {
        const ids = (await participant.naming(tenantId, email, BATCH, touched)).filter((id) => !attempted.has(id));
        if (ids.length === 0) break;
        for (const id of ids) {
          attempted.add(id);
          if ((await participant.scrub(tenantId, id, email)) !== null) touched[participant.kind] = [...(touched[participant.kind] ?? []), id];
        }
      }
    }
  }

  /** Adds the contact's hash to the tenant's erased contacts (once). */
  private async remember(tenantId: string, hash: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const list = await this.jobs.get<ErasedContacts>(tenantId, ERASED_CONTACTS_ID);
      if (list?.hashes.includes(hash)) return;
      const next: New<ErasedContacts> = {
        id: ERASED_CONTACTS_ID,
        tenantId,
        type: 'erasedContacts',
        hashes: [...(list?.hashes ?? []), hash],
        updatedAt: this.clock.now().toISOString(),
      };
      try {
        await this.jobs.save<ErasedContacts>(next, list?.etag ?? null);
        return;
      } catch (error) {
        if (!isLostRace(error) || attempt >= CHECKPOINT_ATTEMPTS) throw retryLater(error);
      }
    }
  }

  /** The run under way (resumed), or a new one. */
  private async begin(viewer: Viewer, hash: string): Promise<{ job: ErasureJob; resumed: boolean }> {
    const id = `erasure-${hash.slice(0, 40)}`;
    for (let attempt = 1; ; attempt++) {
      const existing = await this.jobs.get<ErasureJob>(viewer.tenantId, id);
      if (existing?.status === 'running') return { job: existing, resumed: true };
      const fresh: New<ErasureJob> = {
        id,
        tenantId: viewer.tenantId,
        type: 'erasureJob',
        status: 'running',
        run: (existing?.run ?? 0) + 1,
        phase: 0,
        touched: {},
        requestedBy: viewer.userId,
        startedAt: this.clock.now().toISOString(),
        finishedAt: null,
      };
      try {
        return { job: await this.jobs.save<ErasureJob>(fresh, existing?.etag ?? null), resumed: false };
      } catch (error) {
        if (!isLostRace(error) || attempt >= CHECKPOINT_ATTEMPTS) throw retryLater(error);
      }
    }
  }

  /** Saves a change of the job under If-Match; when another call of the same erasure wrote first, on its version. */
  private async checkpoint(job: ErasureJob, change: (job: ErasureJob) => ErasureJob): Promise<ErasureJob> {
    let current = job;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.jobs.save<ErasureJob>(change(current), current.etag);
      } catch (error) {
        if (!isLostRace(error) || attempt >= CHECKPOINT_ATTEMPTS) throw retryLater(error);
        current = (await this.jobs.get<ErasureJob>(job.tenantId, job.id)) ?? current;
      }
    }
  }

  /** One entry per run: who erased, when, how much; the contact only as a hash prefix, never the address. */
  private auditEntry(viewer: Viewer, hash: string, job: ErasureJob, counts: Record<string, number>): New<AuditEntry> {
    const entity = { kind: 'contact' as const, id: `contact-${hash.slice(0, 16)}` };
    return {
      id: auditEntryId(viewer.tenantId, entity, `erase-${job.run}`),
      tenantId: viewer.tenantId,
      type: 'audit',
      entity,
      at: this.clock.now().toISOString(),
      by: { kind: 'user', userId: viewer.userId },
      via: 'admin',
      action: 'erase',
      changes: Object.entries(counts).map(([field, n]) => ({ field, before: null, after: n })),
    };
  }
}

/** The erased address as the tenant keeps it: a SHA-256 over the tenant and the address, never the address itself. */
export function contactHash(tenantId: string, email: string): string {
  return createHash('sha256').update(`erased-contact\u0000${tenantId}\u0000${email.toLowerCase()}`).digest('hex');
}

function union(a: string[] | undefined, b: string[]): string[] {
  return [...new Set([...(a ?? []), ...b])];
}

function isLostRace(error: unknown): boolean {
  return error instanceof PreconditionFailed || error instanceof Conflict;
}

function retryLater(error: unknown): unknown {
  return isLostRace(error) ? new Unavailable('Another erasure of this contact is running. Retry shortly.') : error;
}
