/**
 * `npm run bench`, part 8: the delivery policy (issue 11). One overdue sweep over 1,000 due items of 200 users (four
 * tenants of 50: a manager and 49 reps, five items each; one in five is three days overdue, so the sweep also tells
 * the reps' managers), then one dispatch through the three channels in the users' default order:
 *
 * - card: the bot's CardChannel as composition.ts wires it (cardFor, the users' conversations in the `users`
 *   container, the Bot Connector REST client) against a counting Bot Connector stand-in on loopback
 *   (`POST /v3/conversations/{id}/activities`), the bot installed for 60 % of the users (for the rest the channel
 *   answers unreachable from its installation record, without a connector request);
 * - feed: the real FeedChannel against the Graph stand-in (test/support/graph-standin.ts), 5 requests/s per tenant
 *   with Graph's throttle kept on a virtual clock (the waits are counted, not slept), 403 for 10 % of the users;
 * - email: the real MailChannel against the same stand-in, for those.
 *
 * The sweep and the dispatch are the app's own (`composeApp`), against the Cosmos stand-in. Figures: messages per
 * user (budget: at most 1 per user per sweep), connector and Graph requests counted at the stand-ins, the dispatch's
 * Cosmos requests, time per delivered message; then a second dispatch with nothing due.
 * Prints a table and writes every figure to test/bench/results/delivery.json. A figure over budget never fails the
 * run; only a benchmark that cannot run exits non-zero.
 */
import { createServer, type Server } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startCosmosStandIn } from '../../functions/local/cosmos-standin';
import { composeApp } from '../../functions/src/composition';
import { type ActionItem, DAY_MS, DEFAULT_TRAPS, type DeliveryChannelName, newActionItem, type Team, type User } from '../../functions/src/domain';
import { FeedChannel } from '../../functions/src/notify/feed-channel';
import { MailChannel } from '../../functions/src/notify/mail-channel';
import { FixedClock } from '../../functions/src/platform/clock';
import { type AppConfig, DEFAULT_EXPIRY } from '../../functions/src/platform/config';
import type { DispatchSummary } from '../../functions/src/services/dispatch';
import type { SweepSummary } from '../../functions/src/services/overdue-sweep';
import type { BotConversation, DeliveryChannel } from '../../functions/src/services/ports';
import { botConversationId } from '../../functions/src/store/bot-conversations';
import { createCosmosClient, CosmosStore, RequestCounter } from '../../functions/src/store/cosmos';
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
const BOT_APP_ID = '00000000-0000-4000-8000-00000000b07a';

/** Notifications per message, from what was stored: the notifications sent, grouped by the message they went in. */
async function sentNotificationsPerMessage(store: CosmosStore): Promise<number[]> {
  const container = await store.container('notifications');
  const { resources } = await container.items.query<string>("SELECT VALUE c.messageId FROM c WHERE c.type = 'notification' AND c.status = 'sent'").fetchAll();
  const counts = new Map<string, number>();
  for (const id of resources) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts.values()];
}

const NOTES = {
  population: `${TENANTS} tenants of ${USERS_PER_TENANT} users (a manager and ${USERS_PER_TENANT - 1} reps in one team), ${ITEMS_PER_USER} items each, all due: four just now (the reminder at the due time), one three days ago (the 2-day reminder and the escalation to the manager; the managers' own escalate to nobody).`,
  channels: 'Default order card → feed → email. Card: bot installed for users 0–5 of every 10; a Bot Connector stand-in counts the sends. Feed: the real FeedChannel against the Graph stand-in, 403 (not installed) for user 9 of every 10, who fall back to email (the real MailChannel). Users 6–8 of every 10: card unreachable, feed.',
  budget: 'Issue 11: at most one message per user per sweep — every notification of a user due in one dispatch run goes as one message.',
  time: 'Wall time of NotificationDispatcher.run() on this machine against the in-memory Cosmos stand-in and loopback stand-ins; Graph’s per-tenant throttle (5 requests/s) waits on a virtual clock, reported apart, so the figure is our own work per message, not Graph’s pace.',
  cardChannel: 'The card channel is the bot’s own (functions/src/bot/card-channel.ts), composed as in Azure; only the Bot Connector is a stand-in. Each card it sends is one connector request; a user without the bot costs a read of their conversation record and no request.',
};

interface Counted {
  /** Messages delivered, by channel, and who got them. */
  delivered: { channel: DeliveryChannelName; userId: string }[];
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

/**
 * A Bot Connector stand-in: counts every request, answers `POST /v3/conversations/{id}/activities` with 201 and an
 * activity id, and keeps what each conversation got (its id names the user: `a:<userId>`).
 */
async function startConnector(): Promise<{ url: string; requests: () => number; cards: { userId: string; bytes: number }[]; close: () => Promise<void> }> {
  let requests = 0;
  const cards: { userId: string; bytes: number }[] = [];
  const server: Server = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      requests++;
      const activity = /^\/v3\/conversations\/([^/]+)\/activities$/.exec(req.url ?? '');
      if (req.method === 'POST' && activity?.[1]) cards.push({ userId: decodeURIComponent(activity[1]).replace(/^a:/, ''), bytes });
      res.writeHead(activity ? 201 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `activity-${requests}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests, cards, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The user's personal chat with the bot, as an install event would have recorded it. */
function conversationDoc(user: Omit<User, 'etag'>, serviceUrl: string): Omit<BotConversation, 'etag'> {
  return {
    id: botConversationId(user.id),
    tenantId: user.tenantId,
    type: 'botConversation',
    userId: user.id,
    teamsUserId: `29:${user.id}`,
    serviceUrl,
    conversationId: `a:${user.id}`,
    installed: true,
    updatedAt: NOW.toISOString(),
    sent: [],
  };
}

/** Wraps channels so the bench sees every message delivered. */
function counting(channels: DeliveryChannel[], counted: Counted): DeliveryChannel[] {
  return channels.map((channel) => ({
    name: channel.name,
    deliver: async (message) => {
      const result = await channel.deliver(message);
      if (result.ok) counted.delivered.push({ channel: channel.name, userId: message.recipient.userId });
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
  const client = createCosmosClient({ ...connection, counter });
  try {
    await seedStore.ensureSchema();
    const tenants = Array.from({ length: TENANTS }, (_, t) => `bench-t${t}`);
    const users = tenants.flatMap((t) => Array.from({ length: USERS_PER_TENANT }, (_, u) => userDoc(t, u)));
    await bulkUpsert(seedStore, 'users', users.length, (i) => users[i] as Omit<User, 'etag'>);
    const installed = users.filter((u) => botInstalled(indexOf(u.id)));
    await bulkUpsert(seedStore, 'users', installed.length, (i) => conversationDoc(installed[i] as Omit<User, 'etag'>, connector.url));
    await bulkUpsert(seedStore, 'teams', tenants.length, (i) => teamDoc(tenants[i] as string));
    const itemCount = TENANTS * USERS_PER_TENANT * ITEMS_PER_USER;
    await bulkUpsert(seedStore, 'items', itemCount, itemDoc);
    for (const user of users) if (feedRefused(indexOf(user.id))) graph.script(feedPath(user.id), graphError(403, 'Forbidden', 'The app is not installed for the recipient'));
    log(`  seeded ${users.length} users (${installed.length} with the bot) and ${itemCount} due items; sweeping …`);

    // Graph's throttle waits on a virtual clock: counted, not slept.
    let throttledMs = 0;
    const now = () => Date.now() + throttledMs;
    const sleep = async (ms: number) => {
      throttledMs += ms;
    };
    const tokens = { getToken: async (tenantId: string) => `token-${tenantId}` };
    const tab = { teamsAppId: 'bench-app', tabEntityId: 'commitments' };
    const counted: Counted = { delivered: [] };
    const graphChannels = counting(
      [new FeedChannel({ baseUrl: graph.baseUrl, tokens, ...tab, now, sleep }), new MailChannel({ baseUrl: graph.baseUrl, tokens, ...tab, mail: { sender: MAILBOX, tenantId: 'bench-mail' }, now })],
      counted,
    );
    const clock = new FixedClock(NOW);
    const config: AppConfig = {
      cosmos: { endpoint: standIn.endpoint, key: standIn.key, databaseId: DATABASE_ID },
      auth: { audiences: ['bench'], allowedTenants: tenants, issuerTemplate: 'https://bench.example/{tenantid}/v2.0', jwksUrl: 'https://bench.example/keys', requiredScope: 'access_as_user', adminAppRole: 'Followthrough.Admin' },
      graph: { baseUrl: graph.baseUrl, clientId: 'bench', teamsAppId: tab.teamsAppId },
      telemetry: {},
      expiry: DEFAULT_EXPIRY,
      entraLeaversCheck: false,
      bot: { appId: BOT_APP_ID, openIdMetadataUrl: 'https://bench.example/openid' },
    };
    const app = composeApp(config, { cosmosClient: client, clock, channels: graphChannels, bot: { tokens: { getToken: async () => 'bench-bot-token' } } });
    await app.store.ensureSchema();
    const sweepStarted = performance.now();
    const sweepSummary: SweepSummary = await app.overdueSweep.run();
    const sweepMs = performance.now() - sweepStarted;
    const dispatcher = app.dispatcher;

    counter.reset();
    const dispatchStarted = performance.now();
    const summary: DispatchSummary = await dispatcher.run();
    const dispatchMs = performance.now() - dispatchStarted;
    const cosmos = counter.snapshot();
    const feedRequests = graph.requests.filter((r) => r.path.endsWith('/sendActivityNotification')).length;
    const mailRequests = graph.requests.filter((r) => r.path.endsWith('/sendMail')).length;
    const connectorRequests = connector.requests();

    // Cards counted where they arrive (the connector stand-in); feed and email where the channels delivered them.
    for (const card of connector.cards) counted.delivered.push({ channel: 'card', userId: card.userId });
    const perUser = new Map<string, number>();
    for (const d of counted.delivered) perUser.set(d.userId, (perUser.get(d.userId) ?? 0) + 1);
    const maxPerUser = Math.max(0, ...perUser.values());
    const byChannel = Object.fromEntries((['card', 'feed', 'email'] as const).map((c) => [c, counted.delivered.filter((d) => d.channel === c).length]));
    const notificationsPerMessage = (await sentNotificationsPerMessage(seedStore)).sort((a, b) => a - b);
    const cardBytes = connector.cards.map((c) => c.bytes);

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
        cardBytes: { min: Math.min(...cardBytes), max: Math.max(...cardBytes), mean: Math.round(cardBytes.reduce((a, b) => a + b, 0) / Math.max(1, cardBytes.length)) },
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
            ['card activity bytes', `${d.cardBytes.min}–${d.cardBytes.max}, mean ${d.cardBytes.mean}`],
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
    client.dispose();
    await connector.close();
    await graph.stop();
    await standIn.close();
  }
}

main().catch((error: unknown) => {
  console.error('The delivery benchmark could not run:', error);
  process.exitCode = 1;
});
