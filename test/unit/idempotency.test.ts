import { Conflict, Unprocessable, type Viewer } from '../../functions/src/domain';
import { FixedClock } from '../../functions/src/platform/clock';
import { IdempotencyService } from '../../functions/src/services/idempotency';
import type { IdempotencyRecord, IdempotencyRepository } from '../../functions/src/services/ports';

/** An in-memory idempotency store with Cosmos-like etags. */
class MemoryRecords implements IdempotencyRepository {
  readonly rows = new Map<string, IdempotencyRecord>();
  private version = 0;
  private tag = () => `"v${++this.version}"`;
  async claim(record: Omit<IdempotencyRecord, 'etag'>) {
    const existing = this.rows.get(record.id);
    if (existing) return { claimed: false as const, record: existing };
    const created = { ...record, etag: this.tag() };
    this.rows.set(record.id, created);
    return { claimed: true as const, record: created };
  }
  async complete(record: IdempotencyRecord, response: { status: number; body: unknown }) {
    this.rows.set(record.id, { ...record, state: 'done', response, etag: this.tag() });
  }
  async release(record: IdempotencyRecord) {
    this.rows.delete(record.id);
  }
  async takeOver(record: IdempotencyRecord, now: string) {
    const current = this.rows.get(record.id);
    if (current?.etag !== record.etag) return null;
    const taken = { ...record, createdAt: now, etag: this.tag() };
    this.rows.set(record.id, taken);
    return taken;
  }
}

const viewer = { tenantId: 't1', userId: 'u1' } as Viewer;

describe('Idempotency-Key', () => {
  const clock = new FixedClock(new Date('2026-11-22T10:00:00Z'));

  it('runs the work once and replays the first result', async () => {
    const service = new IdempotencyService(new MemoryRecords(), clock);
    let runs = 0;
    const work = async () => ({ status: 201, body: { n: ++runs } });
    const first = await service.run(viewer, 'key-1', 'op', 'fp', work);
    const second = await service.run(viewer, 'key-1', 'op', 'fp', work);
    expect(first).toEqual({ status: 201, body: { n: 1 }, replayed: false });
    expect(second).toEqual({ status: 201, body: { n: 1 }, replayed: true });
    expect(runs).toBe(1);
  });

  it('derives the same ids for a retry after a failure, and random ones without a key', async () => {
    const service = new IdempotencyService(new MemoryRecords(), clock);
    const seen: string[] = [];
    await expect(service.run(viewer, 'key-2', 'op', 'fp', async (ids) => { seen.push(ids.next()); throw new Error('boom'); })).rejects.toThrow('boom');
    await service.run(viewer, 'key-2', 'op', 'fp', async (ids) => { seen.push(ids.next()); return { status: 201, body: null }; });
    expect(seen[0]).toBe(seen[1]);
    const a = await service.run(viewer, undefined, 'op', 'fp', async (ids) => ({ status: 201, body: ids.next() }));
    const b = await service.run(viewer, undefined, 'op', 'fp', async (ids) => ({ status: 201, body: ids.next() }));
    expect(a.body).not.toBe(b.body);
  });

  it('refuses the same key for a different request', async () => {
    const service = new IdempotencyService(new MemoryRecords(), clock);
    await service.run(viewer, 'key-3', 'op', 'fp-a', async () => ({ status: 201, body: 1 }));
    await expect(service.run(viewer, 'key-3', 'op', 'fp-b', async () => ({ status: 201, body: 2 }))).rejects.toThrow(Unprocessable);
  });

  it('answers 409 while the first request is still running, and lets a retry take over an abandoned one', async () => {
    const records = new MemoryRecords();
    const service = new IdempotencyService(records, clock);
    let release: () => void = () => undefined;
    const slow = service.run(viewer, 'key-4', 'op', 'fp', () => new Promise<{ status: number; body: string }>((resolve) => (release = () => resolve({ status: 201, body: 'first' }))));
    await new Promise((r) => setImmediate(r));
    await expect(service.run(viewer, 'key-4', 'op', 'fp', async () => ({ status: 201, body: 'second' }))).rejects.toThrow(Conflict);
    release();
    await slow;

    // A pending claim left by a request that died more than a minute ago.
    const [record] = [...records.rows.values()];
    records.rows.set('dead', { ...(record as IdempotencyRecord), id: 'dead', state: 'pending', response: null });
    const late = new IdempotencyService({ ...records, claim: async () => ({ claimed: false as const, record: records.rows.get('dead') as IdempotencyRecord }), complete: records.complete.bind(records), release: records.release.bind(records), takeOver: records.takeOver.bind(records) }, new FixedClock(new Date('2026-11-22T10:05:00Z')));
    const taken = await late.run(viewer, 'key-5', 'op', 'fp', async () => ({ status: 201, body: 'retried' }));
    expect(taken.body).toBe('retried');
  });

  it('refuses keys that are not visible ASCII', async () => {
    const service = new IdempotencyService(new MemoryRecords(), clock);
    await expect(service.run(viewer, 'has space', 'op', 'fp', async () => ({ status: 201, body: 1 }))).rejects.toThrow(/Idempotency-Key/);
  });
});
