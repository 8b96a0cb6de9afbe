/**
 * `npm run bench`, part 2: the overdue sweep (issue 3) over 10,000 and 100,000 items of which 1 % are due.
 *
 * For each size a fresh Cosmos stand-in is seeded through the bulk API (a few tenants, each with a team: a manager and
 * reps), then one sweep runs with a counting client, then a second sweep five minutes later when nothing new is due.
 * Per sweep: Cosmos data requests, query-plan requests, documents read (query results and point reads, counted from
 * the replies the SDK hands our code), wall time and time per due item.
 *
 * Budget (issue 3): requests and documents read grow with the due items, not with all items — the 100k run within
 * 1.5x the 10k run. With 1 % due at both sizes the due items themselves grow tenfold, so the budget is applied per due
 * item; the raw ratios are reported beside it, and the second sweep (nothing due) is compared raw.
 *
 * Prints a table and writes every figure to test/bench/results/sweep.json. A figure over budget never fails the run;
 * only a benchmark that cannot run exits non-zero.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type CosmosStandIn, startCosmosStandIn } from '../../functions/local/cosmos-standin';
import { FixedClock } from '../../functions/src/platform/clock';
import { AuditTrail } from '../../functions/src/services/audit';
import { OverdueSweep, type SweepSummary } from '../../functions/src/services/overdue-sweep';
import { CosmosActionItemRepository } from '../../functions/src/store/action-items';
import { CosmosAuditRepository } from '../../functions/src/store/audit';
import { createCosmosClient, CosmosStore } from '../../functions/src/store/cosmos';
import { CosmosFollowUpRepository } from '../../functions/src/store/follow-up';
import { CosmosNotificationRepository } from '../../functions/src/store/notifications';
import { DocumentCounter, type DocumentsRead, type RequestTally } from './document-counter';
import { environment } from './environment';
import { table } from './report';
import { linearStandInQueries } from './standin-queries';
import { round } from './stats';
import { type SeedSummary, seedSweepData } from './sweep-data';

const SIZES = [10_000, 100_000] as const;
const BUDGET_RATIO = 1.5;
/** The second sweep runs one timer period later. */
const SECOND_SWEEP_AFTER_MS = 5 * 60_000;
const DATABASE_ID = 'sweep-bench';
const RESULTS_FILE = path.join(__dirname, 'results', 'sweep.json');

const NOTES = {
  dataRequests: 'Document reads, writes and queries our code sent (RequestCounter.data): the figure the budget applies to.',
  queryPlanRequests: "The SDK's query-plan lookups, one beside every query page (the single-tenant directory queries too): gateway metadata, no RU charge.",
  metadataRequests: 'Collection and partition-key-range metadata the SDK fetched (the client is warm from creating the schema).',
  documentsRead:
    'Documents in the replies our code received: the Documents of every query page plus one per point read that found its document. Writes (their replies echo the written document) are counted apart.',
  budget:
    'Issue 3: requests and documents read grow with the due items, not with all items (the 100k run within 1.5x the 10k run). Due items are 1 % at both sizes, so the budget compares figures per due item; raw ratios are given too. The second sweep (nothing due) is compared raw.',
  standInQueries:
    'The stand-in compiles every query into code that is quadratic in the documents scanned (an array spread per document); at 100,000 items one page timed out after 60 s. The benchmark rewrites that expression into its linear equivalent in this process (test/bench/standin-queries.ts): same rows, order and pages, so request and document counts are unchanged.',
  queryPlanReplies:
    'The stand-in does not know query plans: it answers each plan request by running the query, and the SDK sends plan and query together. Documents in plan replies never reach our code and are not counted as read.',
  time: 'Wall time of OverdueSweep.run() against the in-memory stand-in, which scans every document on each query: milliseconds are of this machine and stand-in, not of Azure; request and document counts carry over.',
};

interface SweepFigures {
  summary: SweepSummary;
  dataRequests: number;
  queryPlanRequests: number;
  metadataRequests: number;
  documentsRead: DocumentsRead;
  /** Creates and replaces sent (conflicts and precondition failures included). */
  writeRequests: number;
  /** Document requests by "<operation> <container>", with the documents their replies carried and their statuses. */
  requestsByKind: Record<string, RequestTally>;
  wallMs: number;
  msPerDueItem: number | null;
  dataRequestsPerDueItem: number | null;
  documentsReadPerDueItem: number | null;
}

interface SizeResult {
  items: number;
  seed: SeedSummary;
  firstSweep: SweepFigures;
  secondSweep: SweepFigures;
  check: {
    /** Open items with `nextNudgeAt` still in the past after the first sweep: 0 when every due item was advanced. */
    dueLeftAfterFirstSweep: number;
    notificationsStored: number;
  };
}

async function countOf(store: CosmosStore, container: 'items' | 'notifications', query: string, now: string): Promise<number> {
  const { resources } = await (await store.container(container)).items
    .query<number>({ query, parameters: [{ name: '@now', value: now }] })
    .fetchAll();
  return resources[0] ?? 0;
}

async function measureSweep(sweep: OverdueSweep, counter: DocumentCounter): Promise<SweepFigures> {
  counter.reset();
  const started = performance.now();
  const summary = await sweep.run();
  const wallMs = performance.now() - started;
  const counted = counter.snapshot();
  const documentsRead = counter.documentsRead();
  const due = summary.itemsExamined;
  const perDue = (value: number) => (due > 0 ? round(value / due, 3) : null);
  return {
    summary,
    dataRequests: counted.data,
    queryPlanRequests: counted.queryPlans,
    metadataRequests: counted.metadata,
    documentsRead,
    writeRequests: counter.writes(),
    requestsByKind: counter.byKind,
    wallMs: round(wallMs),
    msPerDueItem: due > 0 ? round(wallMs / due, 2) : null,
    dataRequestsPerDueItem: perDue(counted.data),
    documentsReadPerDueItem: perDue(documentsRead.total),
  };
}

async function runSize(size: number, log: (line: string) => void): Promise<SizeResult> {
  const standIn: CosmosStandIn = await startCosmosStandIn();
  const connection = { endpoint: standIn.endpoint, key: standIn.key, databaseId: DATABASE_ID, agent: standIn.agent };
  const seedStore = new CosmosStore(createCosmosClient(connection), DATABASE_ID);
  const counter = new DocumentCounter();
  const store = new CosmosStore(createCosmosClient({ ...connection, counter }), DATABASE_ID);
  try {
    const now = new Date();
    now.setUTCSeconds(0, 0);
    await seedStore.ensureSchema();
    log(`  seeding ${size.toLocaleString('en')} items …`);
    const seed = await seedSweepData(seedStore, size, now);
    log(`  seeded in ${seed.seconds} s (${seed.documentsPerSecond} documents/s); sweeping …`);

    await store.ensureSchema();
    const clock = new FixedClock(now);
    const sweep = new OverdueSweep(new CosmosFollowUpRepository(store), new CosmosActionItemRepository(store), new CosmosNotificationRepository(store), clock, new AuditTrail(new CosmosAuditRepository(store)));
    const firstSweep = await measureSweep(sweep, counter);
    log(`  first sweep: ${firstSweep.summary.itemsExamined} due items in ${round(firstSweep.wallMs / 1000)} s`);
    clock.advance(SECOND_SWEEP_AFTER_MS);
    const secondSweep = await measureSweep(sweep, counter);

    const check = {
      dueLeftAfterFirstSweep: await countOf(
        seedStore,
        'items',
        "SELECT VALUE COUNT(1) FROM c WHERE c.type = 'actionItem' AND c.status = 'open' AND c.deleted = false AND c.nextNudgeAt <= @now",
        now.toISOString(),
      ),
      notificationsStored: await countOf(seedStore, 'notifications', "SELECT VALUE COUNT(1) FROM c WHERE c.type = 'notification' AND c.createdAt <= @now", clock.now().toISOString()),
    };
    return { items: size, seed, firstSweep, secondSweep, check };
  } finally {
    seedStore.client.dispose();
    store.client.dispose();
    await standIn.close();
  }
}

function ratio(large: number | null, small: number | null): number | null {
  if (large === null || small === null || small === 0) return large === small ? 1 : null;
  return round(large / small, 2);
}

function compare(small: SizeResult, large: SizeResult) {
  const [a, b] = [small.firstSweep, large.firstSweep];
  const [idleA, idleB] = [small.secondSweep, large.secondSweep];
  const perDueItem = {
    dataRequests: ratio(b.dataRequestsPerDueItem, a.dataRequestsPerDueItem),
    documentsRead: ratio(b.documentsReadPerDueItem, a.documentsReadPerDueItem),
  };
  const idle = {
    dataRequests: ratio(idleB.dataRequests, idleA.dataRequests),
    documentsRead: ratio(idleB.documentsRead.total, idleA.documentsRead.total),
  };
  const within = (values: (number | null)[]) => values.every((v) => v !== null && v <= BUDGET_RATIO);
  return {
    budgetRatio: BUDGET_RATIO,
    items: ratio(large.items, small.items),
    dueItems: ratio(b.summary.itemsExamined, a.summary.itemsExamined),
    firstSweep: {
      raw: {
        dataRequests: ratio(b.dataRequests, a.dataRequests),
        queryPlanRequests: ratio(b.queryPlanRequests, a.queryPlanRequests),
        documentsRead: ratio(b.documentsRead.total, a.documentsRead.total),
        wallMs: ratio(b.wallMs, a.wallMs),
      },
      perDueItem: { ...perDueItem, ms: ratio(b.msPerDueItem, a.msPerDueItem) },
      /** Data requests and documents read per due item at 100k within 1.5x those at 10k. */
      withinBudget: within([perDueItem.dataRequests, perDueItem.documentsRead]),
    },
    secondSweep: {
      raw: idle,
      /** With nothing due, data requests and documents read at 100k within 1.5x those at 10k. */
      withinBudget: within([idle.dataRequests, idle.documentsRead]),
    },
  };
}

function figureRows(results: SizeResult[], comparison: ReturnType<typeof compare> | null): string[][] {
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v.toLocaleString('en', { maximumFractionDigits: 3 }));
  const row = (label: string, pick: (r: SizeResult) => number | null, cmp?: number | null) => [label, ...results.map((r) => fmt(pick(r))), comparison ? fmt(cmp) : '-'];
  const c = comparison;
  return [
    row('items', (r) => r.items, c?.items),
    row('seeding s (bulk upsert)', (r) => r.seed.seconds),
    row('due items (examined)', (r) => r.firstSweep.summary.itemsExamined, c?.dueItems),
    row('ladder steps taken', (r) => r.firstSweep.summary.stepsTaken),
    row('notifications created', (r) => r.firstSweep.summary.notificationsCreated),
    row('data requests', (r) => r.firstSweep.dataRequests, c?.firstSweep.raw.dataRequests),
    row('  of which writes', (r) => r.firstSweep.writeRequests),
    row('query-plan requests', (r) => r.firstSweep.queryPlanRequests, c?.firstSweep.raw.queryPlanRequests),
    row('metadata requests', (r) => r.firstSweep.metadataRequests),
    row('documents read', (r) => r.firstSweep.documentsRead.total, c?.firstSweep.raw.documentsRead),
    row('  by queries', (r) => r.firstSweep.documentsRead.byQueries),
    row('  by point reads', (r) => r.firstSweep.documentsRead.byPointReads),
    row('data requests / due item', (r) => r.firstSweep.dataRequestsPerDueItem, c?.firstSweep.perDueItem.dataRequests),
    row('documents read / due item', (r) => r.firstSweep.documentsReadPerDueItem, c?.firstSweep.perDueItem.documentsRead),
    row('sweep wall ms', (r) => r.firstSweep.wallMs, c?.firstSweep.raw.wallMs),
    row('ms / due item', (r) => r.firstSweep.msPerDueItem, c?.firstSweep.perDueItem.ms),
    row('due left after sweep', (r) => r.check.dueLeftAfterFirstSweep),
    row('2nd sweep: due items', (r) => r.secondSweep.summary.itemsExamined),
    row('2nd sweep: data requests', (r) => r.secondSweep.dataRequests, c?.secondSweep.raw.dataRequests),
    row('2nd sweep: query-plan requests', (r) => r.secondSweep.queryPlanRequests),
    row('2nd sweep: documents read', (r) => r.secondSweep.documentsRead.total, c?.secondSweep.raw.documentsRead),
    row('2nd sweep: wall ms', (r) => r.secondSweep.wallMs),
  ];
}

function kindRows(results: SizeResult[]): string[][] {
  const kinds = [...new Set(results.flatMap((r) => Object.keys(r.firstSweep.requestsByKind)))].sort();
  return kinds.map((kind) => [
    kind,
    ...results.flatMap((r) => {
      const tally = r.firstSweep.requestsByKind[kind];
      return tally
        ? [String(tally.requests), String(tally.documents), Object.entries(tally.statuses).map(([s, n]) => `${s}×${n}`).join(' '), tally.ms.toFixed(0)]
        : ['-', '-', '-', '-'];
    }),
  ]);
}

async function main(): Promise<void> {
  const started = performance.now();
  const env = await environment();
  const log = (line: string) => console.log(line);
  const standInQueries = linearStandInQueries();
  log(`Followthrough benchmark: overdue sweep — ${env.date}, node ${env.node}, ${env.cpus} CPUs`);
  const results: SizeResult[] = [];
  for (const size of SIZES) {
    log(`${size.toLocaleString('en')} items:`);
    results.push(await runSize(size, log));
  }
  const [small, large] = results;
  const comparison = small && large ? compare(small, large) : null;
  const output = {
    benchmark: 'overdue-sweep',
    environment: env,
    settings: { sizes: SIZES, dueFraction: 0.01, secondSweepAfterMs: SECOND_SWEEP_AFTER_MS, pageSize: 100, ladder: 'default (0 remind-owner, 2 remind-owner, 3 notify-manager, 7 flag-agenda)' },
    notes: NOTES,
    standInQueries,
    sizes: results,
    comparison,
    withinBudget: comparison ? comparison.firstSweep.withinBudget && comparison.secondSweep.withinBudget : null,
    durationSeconds: round((performance.now() - started) / 1000),
  };
  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(output, null, 2)}\n`);

  const sizeHeaders = results.map((r) => `${r.items.toLocaleString('en')} items`);
  const yesNo = (v: boolean | undefined) => (v === undefined ? 'n/a' : v ? 'yes' : 'NO');
  log(
    [
      '',
      'Overdue sweep: one sweep over the seeded items, then a second one 5 minutes later (nothing newly due)',
      table(['figure', ...sizeHeaders, '100k / 10k'], figureRows(results, comparison)),
      '',
      'Document requests of the first sweep by kind (requests, documents in the replies, statuses, summed ms)',
      table(['operation container', ...results.flatMap((r) => [`${r.items / 1000}k req`, 'docs', 'statuses', 'ms'])], kindRows(results)),
      '',
      `Budget (per due item, 100k within ${BUDGET_RATIO}x of 10k): data requests ${comparison?.firstSweep.perDueItem.dataRequests ?? '-'}x, documents read ${comparison?.firstSweep.perDueItem.documentsRead ?? '-'}x → within budget: ${yesNo(comparison?.firstSweep.withinBudget)}`,
      `Second sweep, nothing due (raw, within ${BUDGET_RATIO}x): data requests ${comparison?.secondSweep.raw.dataRequests ?? '-'}x, documents read ${comparison?.secondSweep.raw.documentsRead ?? '-'}x → within budget: ${yesNo(comparison?.secondSweep.withinBudget)}`,
      NOTES.budget,
      NOTES.time,
      `${NOTES.standInQueries} Query texts rewritten: ${standInQueries.rewritten}, left as they were: ${standInQueries.untouched}.`,
      '',
      `Saved to ${path.relative(process.cwd(), RESULTS_FILE)} in ${output.durationSeconds} s.`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error('The sweep benchmark could not run:', error);
  process.exitCode = 1;
});
