import { createHash } from 'node:crypto';
import { Conflict, InvalidInput, Unprocessable, type Viewer } from '../domain';
import { derivedIds, type IdSource, randomIds } from './ids';
import type { Clock, IdempotencyRepository } from './ports';

export interface Outcome<T> {
  status: number;
  body: T;
}

/** A pending claim older than this belongs to a request that died; a retry may take it over. */
const ABANDONED_AFTER_MS = 60_000;

/**
 * Runs a create at most once per Idempotency-Key: a retry with the same key and request gets the first result; the
 * same key with a different request is refused. Ids of what the operation creates are derived from the key, so even a
 * retry after a crash midway writes the same documents instead of new ones.
 */
export class IdempotencyService {
  constructor(
    private readonly records: IdempotencyRepository,
    private readonly clock: Clock,
    /** Seconds a record is kept after its last write (IDEMPOTENCY_RETENTION_HOURS): its `ttl`. */
    private readonly ttlSeconds = 24 * 3_600,
  ) {}

  async run<T>(
    viewer: Viewer,
    key: string | undefined,
    operation: string,
    requestFingerprint: string,
    work: (ids: IdSource) => Promise<Outcome<T>>,
  ): Promise<Outcome<T> & { replayed: boolean }> {
    if (key === undefined) return { ...(await work(randomIds)), replayed: false };
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new InvalidInput([{ path: 'Idempotency-Key', message: 'Must be 1–255 visible ASCII characters, e.g. a UUID' }]);
    }
    const id = createHash('sha256').update(`${viewer.tenantId}\u0000${viewer.userId}\u0000${operation}\u0000${key}`).digest('hex');
    const now = this.clock.now();
    const claim = await this.records.claim({
      id,
      tenantId: viewer.tenantId,
      fingerprint: requestFingerprint,
      state: 'pending',
      createdAt: now.toISOString(),
      response: null,
      ttl: this.ttlSeconds,
    });
    let record = claim.record;
    if (!claim.claimed) {
      if (record.fingerprint !== requestFingerprint) {
        throw new Unprocessable('This Idempotency-Key was already used for a different request. Use a new key.');
      }
      if (record.state === 'done' && record.response) {
        return { ...(record.response as Outcome<T>), replayed: true };
      }
      const taken = now.getTime() - Date.parse(record.createdAt) > ABANDONED_AFTER_MS ? await this.records.takeOver(record, now.toISOString()) : null;
      if (!taken) {
        const busy = new Conflict('A request with this Idempotency-Key is still in progress. Retry shortly.');
        busy.retryAfterSeconds = 1;
        throw busy;
      }
      record = taken;
    }
    try {
      const outcome = await work(derivedIds(id));
      await this.records.complete(record, outcome);
      return { ...outcome, replayed: false };
    } catch (error) {
      await this.records.release(record).catch(() => undefined);
      throw error;
    }
  }
}
