/**
 * `npm run bench`, the data plane's arithmetic (issue 10): storage and request units per tenant size, from document
 * sizes and request counts measured here on the local host — not from the stand-in's milliseconds.
 *
 * Measured: the stored size of each kind of document (the JSON the stand-in keeps, system properties included), after
 * the demo data and a realistic workload through the API (captures, reschedules with slips, a review with its agenda
 * snapshot, every timer); the Cosmos requests and documents read of one rep's agenda and of the team's rows; the
 * overdue sweep's data requests and documents read per due item (test/bench/results/sweep.json, measured earlier in
 * the same `npm run bench`).
 *
 * Modelled (each assumption written out below, in USAGE and COSTS): what a rep does in a week, and Cosmos DB's
 * published request-unit costs by document size. Storage adds an index overhead. The result: documents and RU per day
 * for the sweep, the agenda and a retention run, for tenants of 50, 500 and 5,000 seats, and the largest logical
 * partition after three and five years under the old layout (one partition per tenant) and the new (tenant, then one
 * of 256 buckets), held against Cosmos DB's 20 GB per logical partition.
 *
 * Prints tables and writes test/bench/results/scale.json; docs/scale.md explains the figures.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startLocalHost } from '../../functions/local/server';
import { FixedClock } from '../../functions/src/platform/clock';
import type { ContainerName } from '../../functions/src/store/layout';
import { BUCKET_DIGITS } from '../../functions/src/store/partitions';
import { DocumentCounter } from './document-counter';
import { environment, REPO_ROOT } from './environment';
import { table } from './report';
import { round } from './stats';

const RESULTS_FILE = path.join(REPO_ROOT, 'test/bench/results/scale.json');
const SEATS = [50, 500, 5_000];
const YEARS = [3, 5];
const BUCKETS = 16 ** BUCKET_DIGITS;
const LOGICAL_PARTITION_LIMIT_GB = 20;
const DAYS_PER_YEAR = 365;

/** What a tenant does, per rep (a seat) and per week unless said otherwise. One manager per eight reps. */
const USAGE = {
  itemsPerRepWeek: 10, // the issue's figure
  itemsPerMeeting: 2.5, // so 4 captured meetings per rep and week
  notificationsPerItem: 1.5, // ladder steps taken: most items close before or at the first reminder
  digestsPerRepWeek: 5, // a rep's digest on weekdays; managers weekly
  repsPerManager: 8,
  reviewsPerRepWeek: 1, // the weekly check-in, with its agenda snapshot
  auditEntriesPerItem: 4, // created, changed once (e.g. rescheduled), a ladder step, closed
  dealsPerRepMonth: 1,
  agendaViewsPerRepDay: 1, // the rep's own preview in the tab
  agendaViewsPerManagerDay: 2, // the team at a glance and one rep's agenda
  sweepsPerDay: 24 * 12, // every five minutes
  notificationRetentionDays: 90,
  itemRetentionYears: 3, // items are deleted three years after they close (the retention default)
  physicalPartitionGb: 50, // Cosmos DB splits a physical partition at 50 GB
};

/**
 * Request units: Cosmos DB's published costs by document size (learn.microsoft.com, "Understand request unit
 * consumption": session consistency, default indexing), interpolated; a query costs a base charge plus reading
 * what it returns; a replace or delete is costed as a write of that size.
 */
const COSTS = {
  readRuByKb: [
    [1, 1.0],
    [2, 1.04],
    [4, 1.14],
    [8, 1.33],
    [16, 1.67],
    [32, 2.19],
    [64, 4.76],
  ] as [number, number][],
  writeRuByKb: [
    [1, 4.95],
    [2, 6.29],
    [4, 6.67],
    [8, 7.04],
    [16, 9.52],
    [32, 11.23],
    [64, 22.67],
  ] as [number, number][],
  queryBaseRu: 2.5,
  /** Stored bytes per byte of document: Cosmos keeps the index beside the data (consistent indexing of most paths). */
  indexOverhead: 1.2,
};

function interpolate(table: [number, number][], kb: number): number {
  const first = table[0] as [number, number];
  if (kb <= first[0]) return first[1];
  for (let i = 1; i < table.length; i++) {
    const [x1, y1] = table[i - 1] as [number, number];
    const [x2, y2] = table[i] as [number, number];
    if (kb <= x2) return y1 + ((kb - x1) / (x2 - x1)) * (y2 - y1);
  }
  const [xl, yl] = table[table.length - 1] as [number, number];
  return (yl / xl) * kb;
}
const readRu = (bytes: number) => interpolate(COSTS.readRuByKb, bytes / 1024);
const writeRu = (bytes: number) => interpolate(COSTS.writeRuByKb, bytes / 1024);

interface Sizes {
  actionItem: number;
  meeting: number;
  notification: number;
  review: number;
  deal: number;
  auditEntry: number;
}

/** Median stored size of each kind of document after a realistic workload on the local host. */
async function measure(): Promise<{ sizes: Sizes; sampled: Record<string, number>; agenda: { rep: Reads; team: Reads } }> {
  const clock = new FixedClock(new Date());
  const counter = new DocumentCounter();
  const host = await startLocalHost({ apiPort: 0, demoData: 'always', clock, counter });
  try {
    const call = async (who: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) => {
      const user = host.users.find((u) => u.displayName === who);
      if (!user) throw new Error(`no demo user ${who}`);
      const response = await fetch(`${host.baseUrl}${route}`, {
        method,
        headers: { authorization: `Bearer ${await host.tokenFor(user.userId)}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: (await response.json().catch(() => null)) as any, etag: response.headers.get('etag') };
    };
    const due = (days: number) => new Date(clock.now().getTime() + days * 86_400_000).toISOString();
    const priya = host.users.find((u) => u.displayName === 'Priya Shah')!;
    const team = host.demo.teams.find((t) => t.name === 'East Enterprise')!;
    // A capture of three items as reps make them, a reschedule with a slip, a review with commitments, every timer.
    for (let m = 0; m < 5; m++) {
      await call('Priya Shah', 'POST', `/api/meetings/scale-meeting-${m}/outcomes`, {
        meeting: { subject: 'Fabrikam pricing follow-up', start: due(-1), end: due(-1), organizer: { name: 'Priya Shah', email: priya.email }, attendees: [{ name: 'Dana Whitfield', email: 'dana.whitfield@fabrikam.example' }, { name: 'Omar Haddad', email: 'omar.haddad@fabrikam.example' }] },
        items: [
          { title: 'Send the revised pricing with the multi-year discount to Dana', dueAt: due(2), owner: { type: 'user', userId: priya.userId }, tags: ['next-step'] },
          { title: 'Share the usage report for the last 12 months', dueAt: due(4), owner: { type: 'contact', name: 'Dana Whitfield', email: 'dana.whitfield@fabrikam.example' }, tags: ['map-milestone'] },
          { title: 'Line up a solutions engineer for the security review', dueAt: due(1), owner: { type: 'user', userId: priya.userId }, tags: ['internal'], notes: 'Ask Morgan who is free next week; the buyer wants someone who knows SOC 2.' },
        ],
      });
    }
    const open = await call('Priya Shah', 'GET', '/api/action-items?ownerId=me&status=open&limit=5');
    if (open.status !== 200) throw new Error(`GET /api/action-items answered ${open.status}: ${JSON.stringify(open.body)}`);
    for (const item of open.body.items) {
      await call('Priya Shah', 'PATCH', `/api/action-items/${item.id}`, { dueAt: due(9), slip: { reason: 'buyer', note: 'Waiting on their procurement team' } }, { 'if-match': item.etag });
    }
    await call('Morgan Lee', 'POST', '/api/reviews', { teamId: team.id, repId: priya.userId, notes: 'Fabrikam is on track; prospecting below target.', commitments: [{ title: 'Book four first meetings', dueAt: due(5), owner: { type: 'user', userId: priya.userId }, tags: ['prospecting'] }] });
    for (const timer of ['overdue-sweep', 'notification-dispatch', 'daily-digest', 'stale-deals']) await host.scheduler.runNow(timer);

    const docs = async (name: ContainerName, type: string) => {
      const container = await host.services.store.container(name);
      const { resources } = await container.items.query({ query: 'SELECT * FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: type }] }).fetchAll();
      return resources.map((r) => Buffer.byteLength(JSON.stringify(r)));
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const samples = {
      actionItem: await docs('items', 'actionItem'),
      meeting: await docs('items', 'meeting'),
      notification: await docs('notifications', 'notification'),
      review: await docs('reviews', 'review'),
      deal: await docs('deals', 'deal'),
      auditEntry: await docs('audit', 'audit'),
    };
    // Demo reviews carry an empty agenda: only reviews held through the API count for their size.
    const reviews = samples.review.filter((bytes) => bytes > 2_000);
    const sizes: Sizes = {
      actionItem: median(samples.actionItem),
      meeting: median(samples.meeting),
      notification: median(samples.notification),
      review: median(reviews.length ? reviews : samples.review),
      deal: median(samples.deal),
      // Before the audit trail writes entries, an entry is modelled as an item's size (a change lists fields before → after).
      auditEntry: samples.auditEntry.length ? median(samples.auditEntry) : median(samples.actionItem),
    };

    const reads = async (who: string, route: string): Promise<Reads> => {
      counter.reset();
      await call(who, 'GET', route);
      return { data: counter.data, documents: counter.documentsRead().total };
    };
    const agenda = {
      rep: await reads('Morgan Lee', `/api/teams/${team.id}/agenda?repId=${priya.userId}`),
      team: await reads('Morgan Lee', `/api/teams/${team.id}/agenda`),
    };
    return { sizes, sampled: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.length])), agenda };
  } finally {
    await host.close();
  }
}

interface Reads {
  data: number;
  documents: number;
}

interface TenantFigures {
  seats: number;
  documentsPerDay: Record<string, number>;
  ruPerDay: { sweep: number; agenda: number; retention: number; writes: number };
  /** Per horizon (`3y`, `5y`) and container: the tenant's largest logical partition, old layout and new, in GB. */
  storageGb: Record<string, Record<'items' | 'notifications' | 'reviews' | 'audit', { old: number | null; newLargest: number; newTenantTotal: number }>>;
  physicalPartitions: Record<string, number>;
}

function figuresFor(seats: number, sizes: Sizes, agenda: { rep: Reads; team: Reads }, sweep: { dataPerDue: number; docsPerDue: number }): TenantFigures {
  const reps = seats;
  const managers = Math.max(1, Math.round(seats / USAGE.repsPerManager));
  const itemsPerDay = (reps * USAGE.itemsPerRepWeek) / 7;
  const meetingsPerDay = itemsPerDay / USAGE.itemsPerMeeting;
  const ladderStepsPerDay = itemsPerDay * USAGE.notificationsPerItem;
  const notificationsPerDay = ladderStepsPerDay + (reps * USAGE.digestsPerRepWeek + managers) / 7;
  const reviewsPerDay = (reps * USAGE.reviewsPerRepWeek) / 7;
  const auditPerDay = itemsPerDay * USAGE.auditEntriesPerItem;
  const dealsPerDay = (reps * USAGE.dealsPerRepMonth) / 30;
  const agendaViewsPerDay = reps * USAGE.agendaViewsPerRepDay + managers * USAGE.agendaViewsPerManagerDay;

  // The sweep: 288 runs a day, each a query that finds what is due (one page when nothing is), and per ladder step
  // the notification created, the item replaced and its audit entry written (sweep.json: requests per due item).
  const sweepQueries = USAGE.sweepsPerDay;
  const sweepRu =
    sweepQueries * COSTS.queryBaseRu +
    ladderStepsPerDay * (sweep.docsPerDue * readRu(sizes.actionItem) + writeRu(sizes.notification) + writeRu(sizes.actionItem) + writeRu(sizes.auditEntry));
  // An agenda: the measured queries and documents read per view (docs read scale with the rep's own items, which the
  // demo's reps have about as many of as the usage above gives them).
  const agendaRu = agendaViewsPerDay * (agenda.rep.data * COSTS.queryBaseRu + agenda.rep.documents * readRu(sizes.actionItem));
  // Retention, in steady state (after three years): as many items (and their audit entries) leave as arrive, in pages
  // of 100 found by a tenant-prefix query, each deleted by a point delete.
  const retentionDeletes = itemsPerDay + meetingsPerDay + auditPerDay;
  const retentionRu = Math.ceil(retentionDeletes / 100) * COSTS.queryBaseRu + retentionDeletes * readRu(sizes.actionItem) + retentionDeletes * writeRu(sizes.actionItem);
  const writesRu =
    itemsPerDay * writeRu(sizes.actionItem) +
    meetingsPerDay * writeRu(sizes.meeting) +
    notificationsPerDay * 2 * writeRu(sizes.notification) + // created, then marked sent
    reviewsPerDay * writeRu(sizes.review) +
    auditPerDay * writeRu(sizes.auditEntry) +
    dealsPerDay * writeRu(sizes.deal);

  const gb = (bytes: number) => (bytes * COSTS.indexOverhead) / 1024 ** 3;
  const storageGb: TenantFigures['storageGb'] = {};
  const physicalPartitions: Record<string, number> = {};
  const itemsKeptDays = USAGE.itemRetentionYears * DAYS_PER_YEAR + 30;
  // Per container: bytes written per day, and how long a document stays under the new layout (the old kept all).
  const containers = {
    items: { bytesPerDay: itemsPerDay * sizes.actionItem + meetingsPerDay * sizes.meeting, docsPerDay: itemsPerDay + meetingsPerDay, newKeptDays: itemsKeptDays },
    notifications: { bytesPerDay: notificationsPerDay * sizes.notification, docsPerDay: notificationsPerDay, newKeptDays: USAGE.notificationRetentionDays },
    reviews: { bytesPerDay: reviewsPerDay * sizes.review, docsPerDay: reviewsPerDay, newKeptDays: itemsKeptDays },
    audit: { bytesPerDay: auditPerDay * sizes.auditEntry, docsPerDay: auditPerDay, newKeptDays: itemsKeptDays },
  };
  for (const years of YEARS) {
    const days = years * DAYS_PER_YEAR;
    const horizon: TenantFigures['storageGb'][string] = {} as TenantFigures['storageGb'][string];
    let tenantNew = 0;
    for (const [name, c] of Object.entries(containers) as [keyof typeof containers, (typeof containers)['items']][]) {
      const keptDays = Math.min(days, c.newKeptDays);
      const tenantTotal = gb(keptDays * c.bytesPerDay);
      // 256 buckets: the largest is within a few percent of the mean at these counts (binomial spread, 3 sigma).
      const documents = keptDays * c.docsPerDay;
      const skew = 1 + 3 / Math.sqrt(Math.max(1, documents / BUCKETS));
      horizon[name] = {
        // Old layout: the tenant's one logical partition of the container; nothing expired or was deleted. There was no audit.
        old: name === 'audit' ? null : round(gb(days * c.bytesPerDay), 2),
        newLargest: round((tenantTotal / BUCKETS) * skew, 4),
        newTenantTotal: round(tenantTotal, 2),
      };
      tenantNew += tenantTotal;
    }
    storageGb[`${years}y`] = horizon;
    physicalPartitions[`${years}y`] = Math.max(1, Math.ceil(tenantNew / USAGE.physicalPartitionGb));
  }
  return {
    seats,
    documentsPerDay: {
      actionItems: round(itemsPerDay, 0),
      meetings: round(meetingsPerDay, 0),
      notifications: round(notificationsPerDay, 0),
      reviews: round(reviewsPerDay, 0),
      auditEntries: round(auditPerDay, 0),
      agendaViews: agendaViewsPerDay,
      sweepRuns: USAGE.sweepsPerDay,
      retentionDeletes: round(retentionDeletes, 0),
    },
    ruPerDay: { sweep: round(sweepRu, 0), agenda: round(agendaRu, 0), retention: round(retentionRu, 0), writes: round(writesRu, 0) },
    storageGb,
    physicalPartitions,
  };
}

async function main(): Promise<void> {
  const env = await environment();
  console.log(`Followthrough benchmark: data plane at scale — ${env.date}, node ${env.node}, commit ${env.commit}`);
  const measured = await measure();
  // The sweep's counts at 100,000 items (sweep.json, measured earlier in the same `npm run bench`).
  type SweepRun = { items: number; firstSweep: { summary: { itemsExamined: number }; dataRequests: number; documentsRead: { total: number } } };
  const sweepFile = JSON.parse(await readFile(path.join(REPO_ROOT, 'test/bench/results/sweep.json'), 'utf8')) as { sizes: SweepRun[] };
  const largest = [...sweepFile.sizes].sort((a, b) => b.items - a.items)[0];
  if (!largest) throw new Error('test/bench/results/sweep.json has no runs: run test/bench/sweep.ts first (npm run bench does)');
  const examined = Math.max(1, largest.firstSweep.summary.itemsExamined);
  const sweep = { dataPerDue: round(largest.firstSweep.dataRequests / examined, 3), docsPerDue: round(largest.firstSweep.documentsRead.total / examined, 3) };
  const tenants = SEATS.map((seats) => figuresFor(seats, measured.sizes, measured.agenda, sweep));

  console.log('\nMeasured document sizes (median stored JSON, bytes):');
  console.log(table(['kind', 'bytes', 'sampled'], Object.entries(measured.sizes).map(([k, v]) => [k, String(v), String(measured.sampled[k] ?? 0)])));
  console.log(`Agenda: one rep ${measured.agenda.rep.data} data requests reading ${measured.agenda.rep.documents} documents; the team's rows ${measured.agenda.team.data} reading ${measured.agenda.team.documents}.`);
  console.log(`Sweep (sweep.json): ${sweep.dataPerDue} data requests and ${sweep.docsPerDue} documents read per due item.`);
  console.log('\nPer day (documents written and RU), by tenant size:');
  console.log(
    table(
      ['seats', 'items', 'notifications', 'audit', 'agenda views', 'RU sweep', 'RU agenda', 'RU retention', 'RU writes'],
      tenants.map((t) => [String(t.seats), String(t.documentsPerDay.actionItems), String(t.documentsPerDay.notifications), String(t.documentsPerDay.auditEntries), String(t.documentsPerDay.agendaViews), String(t.ruPerDay.sweep), String(t.ruPerDay.agenda), String(t.ruPerDay.retention), String(t.ruPerDay.writes)]),
    ),
  );
  console.log('\nLargest logical partition of a tenant (GB): old layout (the tenant is one partition) → new (tenant + 256 buckets):');
  const kinds = ['items', 'notifications', 'reviews', 'audit'] as const;
  console.log(
    table(
      ['seats', 'years', ...kinds.map((k) => `${k} old → new`), 'physical partitions'],
      tenants.flatMap((t) =>
        YEARS.map((y) => [String(t.seats), String(y), ...kinds.map((k) => `${t.storageGb[`${y}y`]?.[k].old ?? '-'} → ${t.storageGb[`${y}y`]?.[k].newLargest}`), String(t.physicalPartitions[`${y}y`])]),
      ),
      2,
    ),
  );
  const big = tenants.find((t) => t.seats === 5_000) as TenantFigures;
  const at5 = big.storageGb['5y'] as TenantFigures['storageGb'][string];
  const worstNew = Math.max(...kinds.map((k) => at5[k].newLargest));
  const worstOld = Math.max(...kinds.map((k) => at5[k].old ?? 0));
  const withinBudget = worstNew < LOGICAL_PARTITION_LIMIT_GB;
  console.log(`\nBudget: no logical partition over ${LOGICAL_PARTITION_LIMIT_GB} GB at 5,000 seats after 5 years → new layout ${worstNew} GB: ${withinBudget ? 'within budget' : 'OVER BUDGET'} (old layout: ${worstOld} GB).`);
  console.log('Every hot query is within one tenant\'s partitions: test/integration/partition-keys.test.ts holds every query to the tenant prefix, but the overdue sweep\'s and the dispatcher\'s, which serve every tenant by design.');

  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(
    RESULTS_FILE,
    `${JSON.stringify({ benchmark: 'scale', environment: env, usage: USAGE, costs: COSTS, buckets: BUCKETS, measured: { ...measured, sweep }, tenants, budget: { logicalPartitionGb: LOGICAL_PARTITION_LIMIT_GB, largestNewAt5000Seats5y: worstNew, largestOldAt5000Seats5y: worstOld, withinBudget } }, null, 2)}\n`,
  );
  console.log(`Saved to ${path.relative(REPO_ROOT, RESULTS_FILE)}.`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
