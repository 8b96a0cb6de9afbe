/**
 * `npm run bench`: a tenant export of 100,000 items while 20 clients use the API (issue 10).
 *
 * 1. Seeds 100,000 action items into the demo tenant Northwind through the bulk API (every document with its full
 *    partition key), on the local host: the Cosmos stand-in and Azurite, as `npm start` runs them.
 * 2. The API alone: 20 clients, each looping create → read it back → `GET /api/me`, for LOAD_MS.
 * 3. The export: `POST /api/tenant/exports` as the tenant admin, then the tenant-exports timer run after run until
 *    the job is done, while the same 20 clients keep using the API.
 *
 * Reports the export's pace (documents/s, pages), its Cosmos requests per 1,000 documents (and the request charge
 * the stand-in reports), and the API's latency with and without the export. Prints a table and writes
 * test/bench/results/export.json. Never fails on a figure.
 */
import type { PluginConfig } from '@azure/cosmos';
import type { JSONObject, OperationInput } from '@azure/cosmos';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DevUser } from '../../functions/local/dev-identity';
import { type LocalHost, startLocalHost } from '../../functions/local/server';
import { type ExportJobView, newActionItem } from '../../functions/src/domain';
import { RequestCounter } from '../../functions/src/store/cosmos';
import { keyOf, toDocument } from '../../functions/src/store/documents';
import { EXPORT_PAGE } from '../../functions/src/store/exports';
import { ApiClient, idOf, inDays } from './client';
import { environment } from './environment';
import { table } from './report';
import { linearStandInQueries } from './standin-queries';
import { type LatencySummary, latencySummary, round } from './stats';

const ITEMS = 100_000;
const CLIENTS = 20;
/** How long the API alone is measured. */
const LOAD_MS = 15_000;
/** Pages as large as EXPORT_PAGE_SIZE allows: the stand-in scans the whole container for every page, whatever its size. */
const PAGE_SIZE = 1000;
/** The deployment's default pause between pages (EXPORT_PAUSE_MS). */
const PAUSE_MS = 100;
const BULK_CHUNK = 100;
const BULK_CONCURRENCY = 4;
const RESULTS_FILE = path.join(__dirname, 'results', 'export.json');

const NOTES = {
  standIn:
    'Cosmos is the embedded stand-in (@vercel/cosmosdb-server, in memory, HTTPS on loopback), which scans every document of a container for every query page, whatever the page size (with the quadratic FROM rewritten to its linear equivalent, test/bench/standin-queries.ts); Azurite runs in the same process. Milliseconds are of this machine and these stand-ins; request counts carry over to Azure.',
  requestCharge: 'The stand-in answers x-ms-request-charge: 1 for every request; the RU figure is that header summed, not what Azure would charge.',
  load: 'Each client loops POST /api/action-items, GET /api/action-items/{id} of the item it created, GET /api/me (operations whose cost does not depend on the stand-in scanning 100,000 items; a list query there costs a full scan).',
  pacing: `Pages of ${PAGE_SIZE} documents, a ${PAUSE_MS} ms pause between pages (EXPORT_PAUSE_MS), written by the tenant-exports timer (runs of at most 50 s), never in a request.`,
};

interface ExportCost {
  requests: number;
  requestCharge: number;
  queryPages: number;
  jobWrites: number;
}

/** Counts the export's own Cosmos requests (its page queries and its job documents) beside the API's. */
function exportCostPlugin(cost: ExportCost): PluginConfig {
  return {
    on: 'request',
    plugin: async (context, _node, next) => {
      const collection = /(?:^|\/)colls\/([^/]+)/.exec(context.path ?? '')?.[1];
      const raw = context.body as unknown;
      const query = (typeof raw === 'string' ? (JSON.parse(raw) as { query?: string }) : (raw as { query?: string } | undefined))?.query;
      const isPlan = Boolean(context.headers?.['x-ms-cosmos-is-query-plan-request']);
      const page = context.resourceType === 'docs' && !isPlan && query === EXPORT_PAGE;
      const job = context.resourceType === 'docs' && !isPlan && collection === 'jobs';
      const response = await next(context);
      if (page || job) {
        cost.requests++;
        cost.requestCharge += Number((response.headers as Record<string, unknown>)?.['x-ms-request-charge'] ?? 0);
        if (page) cost.queryPages++;
        if (job && String(context.operationType) !== 'read') cost.jobWrites++;
      }
      return response;
    },
  };
}

/** Seeds ITEMS small items of the tenant's reps through the bulk API, each with its full partition key. */
async function seedItems(host: LocalHost, reps: DevUser[]): Promise<{ seconds: number; documentsPerSecond: number }> {
  const started = performance.now();
  const container = await host.services.store.container('items');
  const now = new Date();
  let next = 0;
  const worker = async () => {
    while (next < ITEMS) {
      const start = next;
      next = Math.min(ITEMS, next + BULK_CHUNK);
      const operations: OperationInput[] = [];
      for (let i = start; i < next; i++) {
        const rep = reps[i % reps.length] as DevUser;
        const item = newActionItem(
          { title: `Bench item ${i}`, dueAt: new Date(now.getTime() + ((i % 60) - 20) * 86_400_000).toISOString(), owner: { type: 'user', userId: rep.userId } },
          { id: randomUUID(), tenantId: rep.tenantId, createdBy: rep.userId, accountableId: rep.userId, source: 'manual', meetingKey: null, dealId: null, now },
        );
        const body = toDocument(container, item);
        operations.push({ operationType: 'Upsert', partitionKey: keyOf(container, item.tenantId, item.id), resourceBody: body as JSONObject });
      }
      const replies = await container.items.bulk(operations);
      const failed = replies.filter((r) => r.statusCode >= 400);
      if (failed.length > 0) throw new Error(`Seeding: ${failed.length} of ${operations.length} upserts failed (first status ${failed[0]?.statusCode})`);
    }
  };
  await Promise.all(Array.from({ length: BULK_CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { seconds: round(seconds, 1), documentsPerSecond: Math.round(ITEMS / seconds) };
}

interface ApiLoad {
  requests: number;
  errors: number;
  errorsBy: Record<string, number>;
  durationMs: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary | null;
}

/** CLIENTS clients looping create → get → me until `done()` says stop. */
async function apiLoad(api: ApiClient, users: DevUser[], tokens: Map<string, string>, done: () => boolean): Promise<ApiLoad> {
  const latencies: number[] = [];
  const errorsBy: Record<string, number> = {};
  const started = performance.now();
  const timed = async (call: () => Promise<number>) => {
    const t0 = performance.now();
    let outcome: string;
    try {
      const status = await call();
      outcome = status >= 200 && status < 300 ? 'ok' : String(status);
    } catch (error) {
      outcome = `network: ${(error as Error).message}`;
    }
    latencies.push(performance.now() - t0);
    if (outcome !== 'ok') errorsBy[outcome] = (errorsBy[outcome] ?? 0) + 1;
  };
  const client = async (index: number) => {
    const user = users[index % users.length] as DevUser;
    const token = tokens.get(user.userId) as string;
    for (let seq = 0; !done(); seq++) {
      let id: string | null = null;
      await timed(async () => {
        const reply = await api.send('POST', '/action-items', { token, body: { title: `Load ${index}-${seq}`, dueAt: inDays(3), owner: { type: 'user', userId: user.userId } } });
        if (reply.status === 201) id = idOf(reply.body);
        return reply.status;
      });
      if (id) await timed(() => api.status('GET', `/action-items/${id}`, { token }));
      await timed(() => api.status('GET', '/me', { token }));
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  const durationMs = performance.now() - started;
  const errors = Object.values(errorsBy).reduce((a, b) => a + b, 0);
  return {
    requests: latencies.length,
    errors,
    errorsBy,
    durationMs: Math.round(durationMs),
    requestsPerSecond: round(latencies.length / (durationMs / 1000)),
    latencyMs: latencies.length > 0 ? latencySummary(latencies) : null,
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const env = await environment();
  const standInQueries = linearStandInQueries();
  const counter = new RequestCounter();
  const cost: ExportCost = { requests: 0, requestCharge: 0, queryPages: 0, jobWrites: 0 };
  const hostLog: string[] = [];
  const host = await startLocalHost({ apiPort: 0, counter, demoData: 'always', cosmosPlugins: [exportCostPlugin(cost)], exports: { pageSize: PAGE_SIZE, pauseMs: PAUSE_MS }, log: (line) => hostLog.push(line) });
  try {
    const api = new ApiClient(host.apiUrl);
    const byKey = (key: string) => host.users.find((u) => u.email.startsWith(`${key}.`)) as DevUser;
    const users = ['priya', 'diego', 'sam', 'morgan'].map(byKey);
    const admin = byKey('jordan');
    const tokens = new Map<string, string>();
    for (const user of [...users, admin]) tokens.set(user.userId, await host.tokenFor(user.userId));

    const seed = await seedItems(host, users.slice(0, 3));
    for (const user of users) await api.expect(201, 'POST', '/action-items', { token: tokens.get(user.userId) as string, body: { title: 'Warm-up', dueAt: inDays(2), owner: { type: 'user', userId: user.userId } } });

    const baselineEnd = performance.now() + LOAD_MS;
    const baseline = await apiLoad(api, users, tokens, () => performance.now() >= baselineEnd);

    const adminToken = tokens.get(admin.userId) as string;
    const job = (await api.expect(202, 'POST', '/tenant/exports', { token: adminToken })) as ExportJobView;
    cost.requests = cost.requestCharge = cost.queryPages = cost.jobWrites = 0;
    let exportDone = false;
    let runs = 0;
    const exportStarted = performance.now();
    const during = apiLoad(api, users, tokens, () => exportDone);
    while (!exportDone) {
      const run = await host.scheduler.runNow('tenant-exports');
      runs++;
      if (run.error) throw new Error(`tenant-exports failed: ${run.error}`);
      const now = (await api.expect(200, 'GET', `/tenant/exports/${job.id}`, { token: adminToken })) as ExportJobView;
      if (now.status === 'failed') throw new Error(`The export failed: ${now.error}`);
      exportDone = now.status === 'done';
    }
    const exportSeconds = (performance.now() - exportStarted) / 1000;
    const withExport = await during;
    const final = (await api.expect(200, 'GET', `/tenant/exports/${job.id}`, { token: adminToken })) as ExportJobView;
    const documents = final.files.reduce((n, f) => n + f.documents, 0);
    const pages = Object.values(final.progress).reduce((n, p) => n + p.pages, 0);
    const bytes = final.files.reduce((n, f) => n + f.bytes, 0);
    const items = final.files.find((f) => f.kind === 'items');

    const exportFigures = {
      documents,
      items: items?.documents ?? 0,
      files: final.files.map((f) => ({ kind: f.kind, documents: f.documents, bytes: f.bytes })),
      pages,
      timerRuns: runs,
      seconds: round(exportSeconds, 1),
      documentsPerSecond: Math.round(documents / exportSeconds),
      bytesPerDocument: Math.round(bytes / documents),
      cosmos: {
        requests: cost.requests,
        queryPages: cost.queryPages,
        jobDocumentWrites: cost.jobWrites,
        requestsPer1000Documents: round((cost.requests / documents) * 1000, 2),
        requestChargeReported: cost.requestCharge,
        requestChargePer1000Documents: round((cost.requestCharge / documents) * 1000, 2),
      },
    };
    const results = {
      benchmark: 'export',
      environment: { ...env, packages: { ...env.packages, azurite: '3.35.0', '@azure/storage-blob': '12.32.0' } },
      settings: { items: ITEMS, clients: CLIENTS, baselineMs: LOAD_MS, pageSize: PAGE_SIZE, pauseMs: PAUSE_MS },
      notes: NOTES,
      standInQueries,
      seed,
      export: exportFigures,
      api: { withoutExport: baseline, duringExport: withExport },
      hostErrors: hostLog.filter((line) => !line.startsWith('Seeded ')),
      durationSeconds: round((performance.now() - started) / 1000, 1),
    };
    await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
    await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);

    const row = (name: string, r: ApiLoad) => [
      name,
      String(r.requests),
      String(r.errors),
      r.requestsPerSecond.toFixed(1),
      r.latencyMs?.p50.toFixed(1) ?? '-',
      r.latencyMs?.p95.toFixed(1) ?? '-',
      r.latencyMs?.p99.toFixed(1) ?? '-',
      r.latencyMs?.max.toFixed(1) ?? '-',
    ];
    console.log(
      [
        `Followthrough benchmark: export — ${env.date}, node ${env.node}, ${env.cpus} CPUs (${env.cpuModel ?? 'unknown'}), commit ${env.commit ?? 'unknown'}`,
        '',
        `Seeded ${ITEMS.toLocaleString('en')} items in ${seed.seconds} s (${seed.documentsPerSecond} documents/s, bulk API).`,
        '',
        `Export of the tenant (${documents.toLocaleString('en')} documents, ${exportFigures.items.toLocaleString('en')} of them items) while ${CLIENTS} clients use the API`,
        table(
          ['kind', 'documents', 'bytes'],
          final.files.map((f) => [f.kind, String(f.documents), String(f.bytes)]),
        ),
        `  ${exportFigures.seconds} s, ${exportFigures.documentsPerSecond} documents/s, ${pages} pages in ${runs} timer run(s), ${exportFigures.bytesPerDocument} bytes/document`,
        `  Cosmos: ${cost.requests} requests (${cost.queryPages} query pages, ${cost.jobWrites} job writes) = ${exportFigures.cosmos.requestsPer1000Documents} per 1,000 documents; request charge reported ${cost.requestCharge} (${exportFigures.cosmos.requestChargePer1000Documents} per 1,000)`,
        '',
        `The API (${CLIENTS} clients: create, read it back, /me)`,
        table(['', 'requests', 'errors', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], [row('without the export', baseline), row('during the export', withExport)]),
        ...Object.values(NOTES),
        '',
        `Saved to ${path.relative(process.cwd(), RESULTS_FILE)} in ${results.durationSeconds} s.`,
      ].join('\n'),
    );
  } finally {
    await host.close();
  }
}

main().catch((error: unknown) => {
  console.error('The benchmark could not run:', error);
  process.exitCode = 1;
});
