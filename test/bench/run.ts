/**
 * `npm run bench`: first figures for the foundation (issue 2).
 *
 * 1. Cosmos requests per API operation, counted one call at a time over real HTTP after a warm-up, median of
 *    REPETITIONS, against the budgets create ≤ 2, get ≤ 1, list page ≤ 1, capture of 5 items ≤ 7 data requests.
 * 2. Throughput and latency of create and list under concurrent clients against the local host.
 *
 * Prints a table and writes every figure to test/bench/results/foundation.json. Benchmarks report: a figure over budget
 * never fails the run; only a benchmark that cannot run exits non-zero.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DevUser } from '../../functions/local/dev-identity';
import { type LocalHost, startLocalHost } from '../../functions/local/server';
import type { Deal } from '../../functions/src/domain';
import { RequestCounter } from '../../functions/src/store/cosmos';
import { ApiClient, idOf, inDays } from './client';
import { type CostedOperation, type CostResult, measureCost } from './cosmos-cost';
import { environment } from './environment';
import { type LoadLimits, type LoadResult, runLoad } from './load';
import { costTable, loadTable } from './report';

const WARMUP_CALLS = 3;
const REPETITIONS = 10;
const LOAD: LoadLimits = { clients: 20, maxRequests: 1000, maxMs: 20_000 };
const RESULTS_FILE = path.join(__dirname, 'results', 'foundation.json');

const NOTES = {
  data: 'Document reads, writes, queries and batches sent by our code: the figure the budgets apply to.',
  queryPlans:
    "The SDK's query-plan lookups sent beside a query (gateway metadata, no RU charge); reported separately, outside the budgets.",
  metadata: 'Database, container and account metadata requests (expected 0 once the client is warm).',
  load: 'Each client sends its requests one after another; latency is from sending to the last byte of the reply, errors included. Any non-2xx reply or network failure counts as an error.',
  standIn:
    'Cosmos is the embedded stand-in (@vercel/cosmosdb-server, in memory, HTTPS on loopback), which scans on every query: latencies are of this machine and stand-in, not of Azure; request counts carry over.',
};

interface Demo {
  /** A rep: the caller of every counted operation. */
  rep: DevUser;
  /** A deal the rep owns, for captures. */
  deal: Deal;
  /** The users the load clients take turns as. */
  loadUsers: DevUser[];
}

function demoUser(host: LocalHost, key: string): DevUser {
  const user = host.users.find((u) => u.email.startsWith(`${key}.`));
  if (!user) throw new Error(`The demo data has no user ${key}`);
  return user;
}

function demoFor(host: LocalHost): Demo {
  const rep = demoUser(host, 'priya');
  const deal = host.demo.deals.find((d) => d.ownerId === rep.userId && d.account === 'Fabrikam');
  if (!deal) throw new Error('The demo data has no Fabrikam deal owned by Priya');
  return { rep, deal, loadUsers: ['priya', 'diego', 'sam', 'morgan'].map((key) => demoUser(host, key)) };
}

function createBody(owner: DevUser, title: string): unknown {
  return { title, dueAt: inDays(3), owner: { type: 'user', userId: owner.userId } };
}

/** A capture of five items against a deal the caller owns: four for the caller, one for a buyer-side contact. */
function captureBody(caller: DevUser, deal: Deal, label: string): unknown {
  const start = new Date(Date.now() - 2 * 3_600_000);
  start.setUTCMinutes(0, 0, 0);
  const end = new Date(start.getTime() + 3_600_000);
  const mine = (title: string, days: number) => ({ title, dueAt: inDays(days), owner: { type: 'user', userId: caller.userId }, tags: ['next-step'] });
  return {
    meeting: {
      subject: `${deal.account} weekly sync (${label})`,
      start: start.toISOString(),
      end: end.toISOString(),
      attendees: [
        { name: caller.displayName, email: caller.email },
        { name: 'Dana Whitfield', email: 'dana@fabrikam.example' },
      ],
    },
    dealId: deal.id,
    items: [
      mine('Send the revised order form', 1),
      mine('Book the executive sponsor call', 3),
      mine('Share the onboarding plan', 5),
      mine('Confirm the start date with delivery', 7),
      { title: 'Return the signed order form', dueAt: inDays(4), owner: { type: 'contact', name: 'Dana Whitfield', email: 'dana@fabrikam.example' }, tags: ['map-milestone'] },
    ],
  };
}

async function tokensFor(host: LocalHost, users: DevUser[]): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const user of users) tokens.set(user.userId, await host.tokenFor(user.userId));
  return tokens;
}

function tokenOf(tokens: Map<string, string>, user: DevUser): string {
  const token = tokens.get(user.userId);
  if (!token) throw new Error(`No token for ${user.email}`);
  return token;
}

/** Calls every operation a few times (and each load user once) so JWKS, viewer and directory caches are warm. */
async function warmUp(api: ApiClient, demo: Demo, tokens: Map<string, string>, runId: string): Promise<string[]> {
  const token = tokenOf(tokens, demo.rep);
  const created: string[] = [];
  for (let i = 0; i < WARMUP_CALLS; i++) {
    created.push(idOf(await api.expect(201, 'POST', '/action-items', { token, body: createBody(demo.rep, `Warm-up item ${i}`) })));
    await api.expect(200, 'GET', `/action-items/${created[i]}`, { token });
    await api.expect(200, 'GET', '/action-items?limit=50', { token });
    await api.expect(201, 'POST', `/meetings/${runId}-warmup-${i}/outcomes`, { token, body: captureBody(demo.rep, demo.deal, 'warm-up') });
    await api.expect(201, 'POST', `/meetings/${runId}-warmup-key-${i}/outcomes`, {
      token,
      body: captureBody(demo.rep, demo.deal, 'warm-up'),
      headers: { 'idempotency-key': randomUUID() },
    });
  }
  await warmLoadUsers(api, demo, tokens);
  return created;
}

async function warmLoadUsers(api: ApiClient, demo: Demo, tokens: Map<string, string>): Promise<void> {
  for (const user of demo.loadUsers) {
    const token = tokenOf(tokens, user);
    await api.expect(201, 'POST', '/action-items', { token, body: createBody(user, 'Warm-up item') });
    await api.expect(200, 'GET', '/action-items?limit=50', { token });
  }
}

function costedOperations(api: ApiClient, demo: Demo, tokens: Map<string, string>, runId: string, existingIds: string[]): CostedOperation[] {
  const token = tokenOf(tokens, demo.rep);
  const createdIds: string[] = [];
  const replayKey = randomUUID();
  const replayMeeting = `${runId}-replay`;
  const replayBody = captureBody(demo.rep, demo.deal, 'replayed');
  return [
    {
      operation: 'create',
      request: 'POST /api/action-items',
      budget: 2,
      expectedStatus: 201,
      send: async (rep) => {
        const reply = await api.send('POST', '/action-items', { token, body: createBody(demo.rep, `Benchmark item ${rep}`) });
        if (reply.status === 201) createdIds.push(idOf(reply.body));
        return reply;
      },
    },
    {
      operation: 'get',
      request: 'GET /api/action-items/{id}',
      budget: 1,
      expectedStatus: 200,
      send: (rep) => {
        const ids = createdIds.length > 0 ? createdIds : existingIds;
        return api.send('GET', `/action-items/${ids[rep % ids.length]}`, { token });
      },
    },
    {
      operation: 'list page',
      request: 'GET /api/action-items?limit=50',
      budget: 1,
      expectedStatus: 200,
      send: () => api.send('GET', '/action-items?limit=50', { token }),
    },
    {
      operation: 'capture 5 items',
      request: 'POST /api/meetings/{key}/outcomes',
      budget: 7,
      expectedStatus: 201,
      send: (rep) => api.send('POST', `/meetings/${runId}-plain-${rep}/outcomes`, { token, body: captureBody(demo.rep, demo.deal, `plain ${rep}`) }),
    },
    {
      operation: 'capture 5 items + Idempotency-Key',
      request: 'POST /api/meetings/{key}/outcomes',
      budget: 7,
      expectedStatus: 201,
      send: (rep) =>
        api.send('POST', `/meetings/${runId}-keyed-${rep}/outcomes`, {
          token,
          body: captureBody(demo.rep, demo.deal, `keyed ${rep}`),
          headers: { 'idempotency-key': randomUUID() },
        }),
    },
    {
      // Not budgeted: a retry of a capture with the same key and body, answered from the stored first reply.
      operation: 'capture replayed (same key)',
      request: 'POST /api/meetings/{key}/outcomes',
      budget: null,
      expectedStatus: 201,
      prepare: async () => {
        await api.expect(201, 'POST', `/meetings/${replayMeeting}/outcomes`, { token, body: replayBody, headers: { 'idempotency-key': replayKey } });
      },
      send: () => api.send('POST', `/meetings/${replayMeeting}/outcomes`, { token, body: replayBody, headers: { 'idempotency-key': replayKey } }),
    },
  ];
}

async function actionItemsInTenant(host: LocalHost, tenantId: string): Promise<number> {
  const container = await host.services.store.container('items');
  const { resources } = await container.items
    .query<number>({
      query: "SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @tenantId AND c.type = 'actionItem'",
      parameters: [{ name: '@tenantId', value: tenantId }],
    })
    .fetchAll();
  return resources[0] ?? 0;
}

async function loadRuns(host: LocalHost, api: ApiClient, demo: Demo, tokens: Map<string, string>, counter: RequestCounter) {
  const userOf = (client: number) => demo.loadUsers[client % demo.loadUsers.length] as DevUser;
  const runs: (LoadResult & { actionItemsInTenantBefore: number })[] = [];

  await warmLoadUsers(api, demo, tokens);
  let before = await actionItemsInTenant(host, demo.rep.tenantId);
  const create = await runLoad('create', 'POST /api/action-items', LOAD, counter, (client, seq) => {
    const user = userOf(client);
    return api.status('POST', '/action-items', { token: tokenOf(tokens, user), body: createBody(user, `Load item ${client}-${seq}`) });
  });
  runs.push({ ...create, actionItemsInTenantBefore: before });

  await warmLoadUsers(api, demo, tokens);
  before = await actionItemsInTenant(host, demo.rep.tenantId);
  const list = await runLoad('list page', 'GET /api/action-items?limit=50', LOAD, counter, (client) =>
    api.status('GET', '/action-items?limit=50', { token: tokenOf(tokens, userOf(client)) }),
  );
  runs.push({ ...list, actionItemsInTenantBefore: before });
  return runs;
}

async function main(): Promise<void> {
  const started = performance.now();
  const env = await environment();
  const counter = new RequestCounter();
  const hostLog: string[] = [];
  const host = await startLocalHost({ apiPort: 0, counter, demoData: 'always', log: (line) => hostLog.push(line) });
  let costs: CostResult[];
  let load: Awaited<ReturnType<typeof loadRuns>>;
  try {
    const api = new ApiClient(host.apiUrl);
    const demo = demoFor(host);
    const tokens = await tokensFor(host, demo.loadUsers);
    const runId = `bench-${Date.now().toString(36)}`;

    const warmIds = await warmUp(api, demo, tokens, runId);
    costs = [];
    for (const op of costedOperations(api, demo, tokens, runId, warmIds)) {
      costs.push(await measureCost(counter, op, REPETITIONS));
    }
    load = await loadRuns(host, api, demo, tokens, counter);
  } finally {
    await host.close();
  }

  const hostErrors = hostLog.filter((line) => !line.startsWith('Seeded '));
  const results = {
    benchmark: 'foundation',
    environment: env,
    settings: { warmupCallsPerOperation: WARMUP_CALLS, repetitions: REPETITIONS, load: LOAD, caller: 'a rep (Priya) with warm caches' },
    notes: NOTES,
    cosmosRequests: costs,
    load,
    hostErrors,
    durationSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);

  const out = [
    `Followthrough benchmark: foundation — ${env.date}, node ${env.node}, ${env.cpus} CPUs (${env.cpuModel ?? 'unknown'}), commit ${env.commit ?? 'unknown'}`,
    '',
    `Cosmos requests per API operation (median of ${REPETITIONS} after ${WARMUP_CALLS} warm-up calls each; "m (min–max)" when they varied)`,
    costTable(costs),
    `data: ${NOTES.data}`,
    `queryPlans: ${NOTES.queryPlans}`,
    '',
    `Load: ${LOAD.clients} concurrent clients, up to ${LOAD.maxRequests} requests or ${LOAD.maxMs / 1000} s per operation`,
    loadTable(load),
    ...load.filter((r) => r.errors > 0).map((r) => `errors in ${r.operation}: ${JSON.stringify(r.errorsBy)}`),
    `action items in the tenant before each run: ${load.map((r) => `${r.operation} ${r.actionItemsInTenantBefore}`).join(', ')}`,
    NOTES.standIn,
    ...(hostErrors.length > 0 ? ['', `The local host logged ${hostErrors.length} error(s), first: ${hostErrors[0]}`] : []),
    '',
    `Saved to ${path.relative(process.cwd(), RESULTS_FILE)} in ${results.durationSeconds} s.`,
  ];
  console.log(out.join('\n'));
}

main().catch((error: unknown) => {
  console.error('The benchmark could not run:', error);
  process.exitCode = 1;
});
