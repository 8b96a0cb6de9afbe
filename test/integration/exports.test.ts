import type { ExportJob, ExportKind } from '../../functions/src/domain';
import { ExportWorker } from '../../functions/src/services/exports';
import type { BlobStore } from '../../functions/src/services/ports';
import { AzureBlobStore } from '../../functions/src/blobs/azure-blob-store';
import { AZURITE_ACCOUNT } from '../../functions/local/azurite';
import { fromDocument } from '../../functions/src/store/documents';
import { CosmosExportJobQueue, CosmosExportSource } from '../../functions/src/store/exports';
import { CosmosJobStateRepository } from '../../functions/src/store/jobs';
import type { ContainerName } from '../../functions/src/store/layout';
import { TestApi } from '../support/harness';

/**
 * `POST /api/tenant/exports`: the tenant's items, deals, meetings, reviews and audit as NDJSON files in Blob Storage
 * (Azurite here), written by the tenant-exports timer page by page, resumable, one export per tenant at a time;
 * `GET /api/tenant/exports/{id}` its status and links; `…/files/{kind}` streams a file to an admin.
 */
describe('tenant exports', () => {
  let api: TestApi;
  let tailwindAdmin: string;
  /** Small pages: every kind of the demo data takes several. */
  const PAGE = 7;
  const KINDS: [ExportKind, ContainerName, string][] = [
    ['items', 'items', 'actionItem'],
    ['deals', 'deals', 'deal'],
    ['meetings', 'items', 'meeting'],
    ['reviews', 'reviews', 'review'],
    ['audit', 'audit', 'audit'],
  ];
  const northwind = () => api.user('jordan').tenantId;
  const start = (as: 'jordan' | 'priya' | { token: string } = 'jordan') => api.call('POST', '/api/tenant/exports', { as });
  const status = (id: string, as: 'jordan' | 'priya' | { token: string } = 'jordan') => api.call('GET', `/api/tenant/exports/${id}`, { as });
  const file = (id: string, kind: string, as: 'jordan' | 'priya' | { token: string } = 'jordan') => api.call('GET', `/api/tenant/exports/${id}/files/${kind}`, { as });
  const runTimer = () => api.host.scheduler.runNow('tenant-exports');

  /** The ids of a tenant's stored documents of a type, read straight from the container. */
  async function storedIds(container: ContainerName, type: string, tenantId: string): Promise<string[]> {
    const c = await api.host.services.store.container(container);
    const { resources } = await c.items.query({ query: 'SELECT c.id FROM c WHERE c.tenantId = @t AND c.type = @type', parameters: [{ name: '@t', value: tenantId }, { name: '@type', value: type }] }).fetchAll();
    return resources.map((r: { id: string }) => r.id).sort();
  }

  /** Every line of a downloaded file, parsed (each must be one JSON document). */
  const lines = (text: string) => text.split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1)).map((l) => JSON.parse(l) as { id: string; tenantId: string; etag?: string });

  async function job(id: string): Promise<ExportJob> {
    return fromDocument<ExportJob>(await api.stored('jobs', id, northwind()));
  }

  const workerWith = (blobs: BlobStore) => {
    const store = api.host.services.store;
    return new ExportWorker(new CosmosJobStateRepository(store), new CosmosExportJobQueue(store), new CosmosExportSource(store), blobs, api.clock, { pageSize: PAGE, pauseMs: 0, retentionDays: 7, runBudgetMs: 30_000 });
  };
  const realBlobs = () => new AzureBlobStore({ endpoint: api.host.blobEndpoint, container: 'exports', emulatorAccount: AZURITE_ACCOUNT });

  beforeAll(async () => {
    api = await TestApi.start({ now: new Date('2026-12-01T10:00:00.000Z'), exports: { pageSize: PAGE } });
    tailwindAdmin = await api.host.identity.mint(api.host.users.find((u) => u.email.startsWith('alex.'))!, { roles: ['Followthrough.Admin'] });
    // A little audit trail to export.
    await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Exported', dueAt: '2026-12-10T17:00:00Z', owner: { type: 'user', userId: api.user('priya').userId } } });
  });
  afterAll(() => api.stop());

  let first: string;

  it('is for tenant admins only', async () => {
    expect((await start('priya')).status).toBe(403);
    expect((await api.call('POST', '/api/tenant/exports', { as: 'morgan' })).status).toBe(403);
  });

  it('answers 202 with the queued job, and the same job while it is under way', async () => {
    const started = await start();
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/api/tenant/exports/${started.body.id}`);
    expect(started.body).toMatchObject({ status: 'queued', requestedBy: api.user('jordan').userId, startedAt: null, finishedAt: null, files: [], error: null });
    expect(started.body.progress.items).toEqual({ status: 'pending', documents: 0, pages: 0 });
    first = started.body.id;
    const again = await start();
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first);
    // No file before the job is done.
    expect((await file(first, 'items')).status).toBe(404);
  });

  it('starts one export when two are asked for at once', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.id).toBe(first);
    expect(b.body.id).toBe(first);
  });

  it('is 404 for another tenant’s admin, and 403 for a rep', async () => {
    expect((await status(first, { token: tailwindAdmin })).status).toBe(404);
    expect((await file(first, 'items', { token: tailwindAdmin })).status).toBe(404);
    expect((await status(first, 'priya')).status).toBe(403);
    expect((await status('no-such-export')).status).toBe(404);
  });

  it('goes queued → running with progress → done, page by page, in the timer', async () => {
    const worker = workerWith(realBlobs());
    const one = await worker.step(await job(first));
    expect(one?.status).toBe('running');
    const running = await status(first);
    expect(running.body.status).toBe('running');
    expect(running.body.progress.items).toEqual({ status: 'running', documents: PAGE, pages: 1 });
    expect(running.body.files).toEqual([]);

    const run = await runTimer();
    expect(run.error).toBeUndefined();
    expect(run.summary).toMatchObject({ jobs: 1, finished: 1, failedJobs: 0 });
    const done = await status(first);
    expect(done.body.status).toBe('done');
    expect(done.body.finishedAt).toBe('2026-12-01T10:00:00.000Z');
    expect(done.body.expiresAt).toBe('2026-12-08T10:00:00.000Z');
    expect(done.body.files.map((f: { kind: string; url: string }) => [f.kind, f.url])).toEqual(KINDS.map(([kind]) => [kind, `/api/tenant/exports/${first}/files/${kind}`]));
  });

  it('writes exactly the tenant’s documents of each kind, one valid JSON line each, and streams them to the admin', async () => {
    const done = await status(first);
    for (const [kind, container, type] of KINDS) {
      const expected = await storedIds(container, type, northwind());
      const download = await file(first, kind);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/x-ndjson');
      expect(download.headers.get('content-disposition')).toBe(`attachment; filename="followthrough-${kind}-${first}.ndjson"`);
      const docs = lines(download.body as string);
      expect({ kind, ids: docs.map((d) => d.id).sort() }).toEqual({ kind, ids: expected });
      expect(docs.every((d) => d.tenantId === northwind() && d.etag === undefined)).toBe(true);
      const described = done.body.files.find((f: { kind: string }) => f.kind === kind);
      expect(described.documents).toBe(expected.length);
      expect(described.bytes).toBe(Buffer.byteLength(download.body as string));
    }
    // Written out: the demo tenant's sizes (the demo data is the same every start).
    expect(done.body.files.map((f: { kind: string; documents: number }) => `${f.kind} ${f.documents}`)).toEqual(['items 67', 'deals 12', 'meetings 19', 'reviews 1', 'audit 1']);
    expect((await file(first, 'items', 'priya')).status).toBe(403);
    expect((await file(first, 'nonsense')).status).toBe(404);
  });

  it('streams a file over the local host’s HTTP as the Functions host does', async () => {
    const reply = await fetch(`${api.host.apiUrl}/tenant/exports/${first}/files/deals`, { headers: { authorization: `Bearer ${await api.token('jordan')}` } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/x-ndjson');
    const docs = lines(await reply.text());
    expect(docs.map((d) => d.id).sort()).toEqual(await storedIds('deals', 'deal', northwind()));
  });

  it('resumes an export killed midway: every document once, none missing', async () => {
    const started = await start();
    expect(started.body.id).not.toBe(first);
    const id = started.body.id as string;
    // A run that dies right after writing its third block, before it could record the page.
    const real = realBlobs();
    let staged = 0;
    const dying: BlobStore = {
      stageBlock: async (path, block, content) => {
        await real.stageBlock(path, block, content);
        if (++staged === 3) throw new Error('killed');
      },
      commitBlocks: (path, blocks, type) => real.commitBlocks(path, blocks, type),
      read: (path) => real.read(path),
      deleteUnder: (prefix) => real.deleteUnder(prefix),
    };
    const killed = await workerWith(dying).run();
    expect(killed).toMatchObject({ failedJobs: 1, finished: 0 });
    expect((await job(id)).files.items).toMatchObject({ status: 'running', pages: 2, documents: 2 * PAGE });

    const resumed = await runTimer();
    expect(resumed.summary).toMatchObject({ finished: 1 });
    expect((await status(id)).body.status).toBe('done');
    const docs = lines((await file(id, 'items')).body as string);
    const ids = docs.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(await storedIds('items', 'actionItem', northwind()));
  });

  it('fails a job whose files cannot be written run after run, and frees the tenant for a new one', async () => {
    const started = await start();
    const id = started.body.id as string;
    const real = realBlobs();
    const broken: BlobStore = {
      stageBlock: async () => Promise.reject(new Error('disk on fire')),
      commitBlocks: (path, blocks, type) => real.commitBlocks(path, blocks, type),
      read: (path) => real.read(path),
      deleteUnder: (prefix) => real.deleteUnder(prefix),
    };
    for (let run = 0; run < 5; run++) await workerWith(broken).run();
    const failed = await status(id);
    expect(failed.body).toMatchObject({ status: 'failed', error: 'The export could not be written. Start a new one.', files: [] });
    // Two asked for at once, with none under way: one export, and no second job left behind.
    const [next, twin] = await Promise.all([start(), start()]);
    expect(next.body.id).not.toBe(id);
    expect(next.body.status).toBe('queued');
    expect(twin.body.id).toBe(next.body.id);
    const jobs = await api.host.services.store.container('jobs');
    const { resources } = await jobs.items.query({ query: "SELECT c.id FROM c WHERE c.tenantId = @t AND c.type = 'exportJob' AND c.status = 'queued'", parameters: [{ name: '@t', value: northwind() }] }).fetchAll();
    expect(resources.map((r: { id: string }) => r.id)).toEqual([next.body.id]);
    await runTimer();
  });

  it('deletes an export’s files and job once it expires', async () => {
    const blobs = realBlobs();
    expect(await blobs.read(`${northwind()}/${first}/items.ndjson`)).not.toBeNull();
    api.clock.advance(8 * 86_400_000);
    const run = await runTimer();
    expect(run.summary?.expired).toBeGreaterThanOrEqual(1);
    expect((await status(first)).status).toBe(404);
    expect(await blobs.read(`${northwind()}/${first}/items.ndjson`)).toBeNull();
  });
});
