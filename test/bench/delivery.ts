/**
 * `npm run bench`, part 8: the delivery policy (issue 11). One overdue sweep over 1,000 due items of 200 users (four
 * tenants of 50: a manager and 49 reps, five items each; one in five is three days overdue, so the sweep also tells
 * the reps' managers), then one dispatch through the three channels in the users' default order:
 *
 * - card: a Bot Connector stand-in on loopback (`POST /v3/conversations/{id}/activities`), the bot installed for 60 %
 *   of the users (for the rest the card channel answers unreachable without a request, as a card channel that knows
 *   its installations does);
 * - feed: the real FeedChannel against the Graph stand-in (test/support/graph-standin.ts), 5 requests/s per tenant
 *   with Graph's throttle kept on a virtual clock (the waits are counted, not slept), 403 for 10 % of the users;
 * - email: the real MailChannel against the same stand-in, for those.
 *
 * Figures: messages per user (budget: at most 1 per user per sweep), connector and Graph requests counted at the
 * stand-ins, the dispatch's Cosmos requests, time per delivered message; then a second dispatch with nothing due.
 * Prints a table and writes every figure to test/bench/results/delivery.json. A figure over budget never fails the
 * run; only a benchmark that cannot run exits non-zero.
 */
import { createServer, type Server } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startCosmosStandIn } from '../../functions/local/cosmos-standin';
import { type ActionItem, DAY_MS, DEFAULT_TRAPS, type DeliveryChannelName, newActionItem, type Team, type User } from '../../functions/src/domain';
import { FeedChannel } from '../../functions/src/notify/feed-channel';
import { MailChannel } from '../../functions/src/notify/mail-channel';
import { FixedClock } from '../../functions/src/platform/clock';
import { AuditTrail } from '../../functions/src/services/audit';
import { DeliveryChannels } from '../../functions/src/services/delivery-policy';
import { type DispatchSummary, NotificationDispatcher } from '../../functions/src/services/dispatch';
import { OverdueSweep, type SweepSummary } from '../../functions/src/services/overdue-sweep';
import type { DeliveryChannel, OutgoingMessage } from '../../functions/src/services/ports';
import { CosmosActionItemRepository } from '../../functions/src/store/action-items';
import { CosmosAuditRepository } from '../../functions/src/store/audit';
import { createCosmosClient, CosmosStore, RequestCounter } from '../../functions/src/store/cosmos';
import { CosmosFollowUpRepository } from '../../functions/src/store/follow-up';
import { CosmosNotificationRepository } from '../../functions/src/store/notifications';
import { graphError, GraphStandIn, feedPath } from '../support/graph-standin';
import { environment } from './environment';
import { table } from './report';
import { round } from './stats';
import { bulkUpsert } from './sweep-data';

const TENANTS = 4;
const USERS_PER_TENANT = 50;
const ITEMS_PER_USER = 5;
const NOW = new Date('2026-11-24T15:00:00.000Z');
const MAILBOX = 'followthrough@bench.example';
const DATABASE_ID = 'delivery-bench';
const RESULTS_FILE = path.join(__dirname, 'results', 'delivery.json');
const BUDGET_MESSAGES_PER_USER = 1;

const NOTES = {
  population: `${TENANTS} tenants of ${USERS_PER_TENANT} users (a manager and ${USERS_PER_TENANT - 1} reps in one team), ${ITEMS_PER_USER} items each, all due: four just now (the reminder at the due time), one three days ago (the 2-day reminder and the escalation to the manager; the managers' own escalate to nobody).`,
  channels: 'Default order card → feed → email. Card: bot installed for users 0–5 of every 10; a Bot Connector stand-in counts the sends. Feed: the real FeedChannel against the Graph stand-in, 403 (not installed) for user 9 of every 10, who fall back to email (the real MailChannel). Users 6–8 of every 10: card unreachable, feed.',
  budget: 'Issue 11: at most one message per user per sweep — every notification of a user due in one dispatch run goes as one message.',
  time: 'Wall time of NotificationDispatcher.run() on this machine against the in-memory Cosmos stand-in and loopback stand-ins; Graph’s per-tenant throttle (5 requests/s) waits on a virtual clock, reported apart, so the figure is our own work per message, not Graph’s pace.',
  cardChannel: 'The card channel here is a stand-in of the bot’s CardChannel (one connector request per message, no request for a user without the bot); the bot’s own channel replaces it once it lands.',
};

interface Counted {
  /** Messages delivered, by channel, and who got them. */
  delivered: { channel: DeliveryChannelName; userId: string; notifications: number }[];
}

function userDoc(tenantId: string, u: number): Omit<User, 'etag'> {
  const id = `${tenantId}-u${u}`;
  return { id, tenantId, type: 'user', displayName: `User ${u} of ${tenantId}`, email: `${id}@bench.example`, timeZone: 'America/New_York', roles: u === 0 ? ['manager'] : ['rep'] };
}

function teamDoc(tenantId: string): Omit<Team, 'etag'> {
  return {
    id: `${tenantId}-team`,
    tenantId,
    type: 'team',
    name: 'Sales',
    managerId: `${tenantId}-u0`,
    memberIds: Array.from({ length: USERS_PER_TENANT - 1 }, (_, r) => `${tenantId}-u${r + 1}`),
    traps: DEFAULT_TRAPS,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  };
}

/** Item `i`: user `i / 5` of the tenants in turn; every fifth three days overdue, the others due a minute ago. */
function itemDoc(i: number): Omit<ActionItem, 'etag'> {
  const userIndex = Math.floor(i / ITEMS_PER_USER);
  const tenantId = `bench-t${userIndex % TENANTS}`;
  const owner = `${tenantId}-u${Math.floor(userIndex / TENANTS)}`;
  const overdue = i % ITEMS_PER_USER === ITEMS_PER_USER - 1;
  const dueAt = new Date(NOW.getTime() - (overdue ? 3 * DAY_MS + 3_600_000 : 60_000)).toISOString();
  return newActionItem(
    { title: `Follow-up ${i}`, dueAt, owner: { type: 'user', userId: owner } },
    { id: `bench-i${i}`, tenantId, createdBy: owner, accountableId: owner, source: 'manual', meetingKey: null, dealId: null, now: new Date(Date.parse(dueAt) - 7 * DAY_MS) },
  );
}

/** User `u` of a tenant (0 is the manager): which channels reach them. */
const botInstalled = (u: number) => u % 10 < 6;
const feedRefused = (u: number) => u % 10 === 9;
const indexOf = (userId: string) => Number(/-u(\d+)$/.exec(userId)?.[1]);

/** A Bot Connector stand-in: counts `POST /v3/conversations/{id}/activities` and answers 201 with an activity id. */
async function startConnector(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      res.writeHead(req.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities$/.test(req.url ?? '') ? 201 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `activity-${requests}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The card channel as the bench needs it: one connector request per message to a user with the bot, else unreachable. */
function cardChannel(connectorUrl: string): DeliveryChannel {
  return {
    name: 'card',
    deliver: async (message: OutgoingMessage) => {
      if (!botInstalled(indexOf(message.recipient.userId))) return { ok: false, retryable: false, unreachable: true, error: 'the bot is not installed for this user' };
      const response = await fetch(`${connectorUrl}/v3/conversations/a:${encodeURIComponent(message.recipient.userId)}/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: message.notifications.map((n) => ({ type: 'TextBlock', text: n.text })) } }] }),
      });
      return response.status === 201 ? { ok: true, channel: 'card' } : { ok: false, retryable: response.status >= 500, error: `connector ${response.status}` };
    },
  };
}

/** Wraps channels so the bench sees every message delivered. */
function counting(channels: DeliveryChannel[], counted: Counted): DeliveryChannel[] {
  return channels.map((channel) => ({
    name: channel.name,
    deliver: async (message) => {
      const result = await channel.deliver(message);
      if (result.ok) counted.delivered.push({ channel: channel.name, userId: message.recipient.userId, notifications: message.notifications.length });
      return result;
    },
  }));
}

async function main(): Promise<void> {
  const started = performance.now();
  const env = await environment();
  const log = (line: string) => console.log(line);
  log(`Followthrough benchmark: delivery — ${env.date}, node ${env.node}, ${env.cpus} CPUs`);

  const standIn = await startCosmosStandIn();
  const graph = await GraphStandIn.start();
  const connector = await startConnector();
  const counter = new RequestCounter();
  const connection = { endpoint: standIn.endpoint, key: standIn.key, databaseId: DATABASE_ID, agent: standIn.agent };
  const seedStore = new CosmosStore(createCosmosClient(connection), DATABASE_ID);
  const store = new CosmosStore(createCosmosClient({ ...connection, counter }), DATABASE_ID);
  try {
    await seedStore.ensureSchema();
    const tenants = Array.from({ length: TENANTS }, (_, t) => `bench-t${t}`);
    const users = tenants.flatMap((t) => Array.from({ length: USERS_PER_TENANT }, (_, u) => userDoc(t, u)));
    await bulkUpsert(seedStore, 'users', users.length, (i) => users[i] as Omit<User, 'etag'>);
    await bulkUpsert(seedStore, 'teams', tenants.length, (i) => teamDoc(tenants[i] as string));
    const itemCount = TENANTS * USERS_PER_TENANT * ITEMS_PER_USER;
    await bulkUpsert(seedStore, 'items', itemCount, itemDoc);
    for (const user of users) if (feedRefused(indexOf(user.id))) graph.script(feedPath(user.id), graphError(403, 'Forbidden', 'The app is not installed for the recipient'));
    log(`  seeded ${users.length} users and ${itemCount} due items; sweeping …`);

    await store.ensureSchema();
    const clock = new FixedClock(NOW);
    const sweep = new OverdueSweep(new CosmosFollowUpRepository(store), new CosmosActionItemRepository(store), new CosmosNotificationRepository(store), clock, new AuditTrail(new CosmosAuditRepository(store)));
    const sweepStarted = performance.now();
    const sweepSummary: SweepSummary = await sweep.run();
    const sweepMs = performance.now() - sweepStarted;

    // Graph's throttle waits on a virtual clock: counted, not slept.
    let throttledMs = 0;
    const now = () => Date.now() + throttledMs;
    const sleep = async (ms: number) => {
      throttledMs += ms;
    };
    const tokens = { getToken: async (tenantId: string) => `token-${tenantId}` };
    const tab = { teamsAppId: 'bench-app', tabEntityId: 'commitments' };
    const counted: Counted = { delivered: [] };
    const channels = counting(
      [
        cardChannel(connector.url),
        new FeedChannel({ baseUrl: graph.baseUrl, tokens, ...tab, now, sleep }),
        new MailChannel({ baseUrl: graph.baseUrl, tokens, ...tab, mail: { sender: MAILBOX, tenantId: 'bench-mail' }, now }),
      ],
      counted,
    );
    const dispatcher = new NotificationDispatcher(new CosmosNotificationRepository(store), new CosmosActionItemRepository(store), new CosmosFollowUpRepository(store), new DeliveryChannels(channels), clock);

    counter.reset();
    const dispatchStarted = performance.now();
    const summary: DispatchSummary = await dispatcher.run();
    const dispatchMs = performance.now() - dispatchStarted;
    const cosmos = counter.snapshot();
    const feedRequests = graph.requests.filter((r) => r.path.endsWith('/sendActivityNotification')).length;
    const mailRequests = graph.requests.filter((r) => r.path.endsWith('/sendMail')).length;
    const connectorRequests = connector.requests();

    const perUser = new Map<string, number>();
    for (const d of counted.delivered) perUser.set(d.userId, (perUser.get(d.userId) ?? 0) + 1);
    const maxPerUser = Math.max(0, ...perUser.values());
    const byChannel = Object.fromEntries((['card', 'feed', 'email'] as const).map((c) => [c, counted.delivered.filter((d) => d.channel === c).length]));
    const notificationsPerMessage = counted.delivered.map((d) => d.notifications);

    clock.advance(60_000);
    counter.reset();
    const graphBefore = graph.requests.length;
    const connectorBefore = connector.requests();
    const idle = await dispatcher.run();
    const idleCosmos = counter.snapshot();

    const output = {
      benchmark: 'delivery',
      environment: env,
      settings: { tenants: TENANTS, usersPerTenant: USERS_PER_TENANT, itemsPerUser: ITEMS_PER_USER, now: NOW.toISOString(), order: ['card', 'feed', 'email'], feedRequestsPerSecondPerTenant: 5 },
      notes: NOTES,
      sweep: { summary: sweepSummary, wallMs: round(sweepMs) },
      dispatch: {
        summary,
        wallMs: round(dispatchMs),
        users: users.length,
        usersMessaged: perUser.size,
        messages: counted.delivered.length,
        messagesByChannel: byChannel,
        maxMessagesPerUser: maxPerUser,
        notificationsPerMessage: { min: Math.min(...notificationsPerMessage), max: Math.max(...notificationsPerMessage), mean: round(notificationsPerMessage.reduce((a, b) => a + b, 0) / Math.max(1, notificationsPerMessage.length), 2) },
        connectorRequests,
        graphRequests: { feed: feedRequests, mail: mailRequests, total: feedRequests + mailRequests },
        cosmosDataRequests: cosmos.data,
        cosmosDataRequestsPerNotification: round(cosmos.data / Math.max(1, summary.examined), 2),
        msPerDeliveredMessage: round(dispatchMs / Math.max(1, counted.delivered.length), 2),
        graphThrottleWaitMsVirtual: round(throttledMs),
      },
      secondDispatch: { summary: idle, cosmosDataRequests: idleCosmos.data, graphRequests: graph.requests.length - graphBefore, connectorRequests: connector.requests() - connectorBefore },
      budget: { messagesPerUserPerSweep: BUDGET_MESSAGES_PER_USER },
      withinBudget: maxPerUser <= BUDGET_MESSAGES_PER_USER,
      durationSeconds: round((performance.now() - started) / 1000),
    };
    await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
    await writeFile(RESULTS_FILE, `${JSON.stringify(output, null, 2)}\n`);

    const d = output.dispatch;
    log(
      [
        '',
        'Delivery: one sweep, then one dispatch through card → feed → email',
        table(
          ['figure', 'value'],
          [
            ['due items (sweep examined)', String(sweepSummary.itemsExamined)],
            ['notifications created', String(sweepSummary.notificationsCreated)],
            ['sweep wall ms', String(output.sweep.wallMs)],
            ['users', String(d.users)],
            ['notifications dispatched', `${summary.sent} sent of ${summary.examined} (${summary.failed} failed, ${summary.retrying} retrying)`],
            ['messages delivered', String(d.messages)],
            ['  by card / feed / email', `${byChannel.card} / ${byChannel.feed} / ${byChannel.email}`],
            ['users messaged', String(d.usersMessaged)],
            ['max messages per user', `${d.maxMessagesPerUser} (budget ≤ ${BUDGET_MESSAGES_PER_USER})`],
            ['notifications per message', `${d.notificationsPerMessage.min}–${d.notificationsPerMessage.max}, mean ${d.notificationsPerMessage.mean}`],
            ['connector requests', String(d.connectorRequests)],
            ['Graph requests (feed + mail)', `${d.graphRequests.total} (${d.graphRequests.feed} + ${d.graphRequests.mail})`],
            ['Cosmos data requests', `${d.cosmosDataRequests} (${d.cosmosDataRequestsPerNotification} per notification)`],
            ['dispatch wall ms', String(d.wallMs)],
            ['ms per delivered message', String(d.msPerDeliveredMessage)],
            ['Graph throttle wait (virtual ms)', String(d.graphThrottleWaitMsVirtual)],
            ['2nd dispatch: examined / Cosmos / Graph / connector', `${idle.examined} / ${output.secondDispatch.cosmosDataRequests} / ${output.secondDispatch.graphRequests} / ${output.secondDispatch.connectorRequests}`],
          ],
        ),
        '',
        `${NOTES.budget} → within budget: ${output.withinBudget ? 'yes' : 'NO'}`,
        NOTES.time,
        NOTES.cardChannel,
        '',
        `Saved to ${path.relative(process.cwd(), RESULTS_FILE)} in ${output.durationSeconds} s.`,
      ].join('\n'),
    );
  } finally {
    seedStore.client.dispose();
    store.client.dispose();
    await connector.close();
    await graph.stop();
    await standIn.close();
  }
}

main().catch((error: unknown) => {
  console.error('The delivery benchmark could not run:', error);
  process.exitCode = 1;
});
