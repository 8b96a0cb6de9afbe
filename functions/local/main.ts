import { z } from 'zod';
import { DEMO_TENANTS } from './demo-data';
import { NOT_INSTALLED_DEMO_USER } from './bot-connector';
import { startLocalHost } from './server';
import { startLocalTelemetry } from './telemetry';

/** `npm start`: the whole product on this machine. Settings of the local host only; the functions read theirs in platform/config.ts. */
const Settings = z.object({
  API_PORT: z.coerce.number().int().min(0).max(65535).default(7071),
  WEB_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  COSMOS_ENDPOINT: z.url().optional(),
  COSMOS_KEY: z.string().min(1).optional(),
  COSMOS_DATABASE: z.string().min(1).default('followthrough'),
  DEMO_DATA: z.enum(['auto', 'always', 'never']).default('auto'),
});

async function main(): Promise<void> {
  const parsed = Settings.safeParse(process.env);
  if (!parsed.success) {
    console.error(`Cannot start the local host:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
    process.exit(2);
  }
  const s = parsed.data;
  // The spans Azure Monitor gets in Azure, printed one line per request and timer run: `[trace] GET /api/me 200 …`.
  const telemetry = startLocalTelemetry((line) => console.log(line));
  const host = await startLocalHost({
    apiPort: s.API_PORT,
    cosmos: s.COSMOS_ENDPOINT ? { endpoint: s.COSMOS_ENDPOINT, key: s.COSMOS_KEY } : undefined,
    databaseId: s.COSMOS_DATABASE,
    demoData: s.DEMO_DATA,
    timers: true,
    webPort: s.WEB_PORT,
    log: (line) => console.log(line),
  });

  const tenants = Object.values(DEMO_TENANTS);
  const lines = [
    '',
    'Followthrough is running.',
    `  Add-in      ${host.webUrl}/taskpane.html   (capture a meeting's outcomes as a demo user)`,
    `  Teams tab   ${host.webUrl}/tab.html        (commitments, the team at a glance, reviews)`,
    `  API         ${host.apiUrl}            (try ${host.apiUrl}/health)`,
    `  Demo users  ${host.baseUrl}/dev/users`,
    `  Dev tokens  POST ${host.baseUrl}/dev/token  {"userId": "<userId>"}  (add "resource": "graph" for the Graph stand-in)`,
    `  Graph       ${host.baseUrl}/dev/graph/v1.0   (stand-in: each demo mailbox's calendar, /me/events, /me/calendarView, /chats)`,
    `  Bot         ${host.baseUrl}/dev/bot/conversations/<userId>   (Bot Connector stand-in: each demo user's chat with the bot; the tab's Bot chat)`,
    `  Timers      overdue-sweep, notification-dispatch, daily-digest, stale-deals on their schedules (UTC);`,
    `              run one now: curl -X POST ${host.baseUrl}/admin/functions/overdue-sweep`,
    `  Reminders   cards in each demo user's bot chat (${NOT_INSTALLED_DEMO_USER} has no bot: the local outbox, the feed), printed here as [notify], listed by GET /api/notifications`,
    `  Cosmos DB   ${host.embeddedCosmos ? `embedded stand-in at ${host.cosmosEndpoint} (in memory: every start is fresh)` : host.cosmosEndpoint}`,
    `  Blobs       Azurite at ${host.blobEndpoint} (in memory; tenant exports, POST /api/tenant/exports as Jordan, written by the tenant-exports timer)`,
    '',
    'Demo users:',
    ...tenants.flatMap((t) => [
      `  ${t.name} (tenant ${t.id})`,
      ...host.users
        .filter((u) => u.tenantId === t.id)
        .map((u) => `    ${u.displayName.padEnd(14)} ${u.roles.join(',').padEnd(8)} ${u.email.padEnd(32)} ${u.userId}`),
    ]),
    '',
    'Call the API as a demo user:',
    `  TOKEN=$(curl -s -X POST ${host.baseUrl}/dev/token -H 'content-type: application/json' -d '{"userId":"${host.users[1]?.userId}"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).accessToken')`,
    `  curl -s ${host.apiUrl}/action-items?ownerId=me -H "Authorization: Bearer $TOKEN"`,
    '',
    'Press Ctrl-C to stop.',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await host.close();
    await telemetry.shutdown();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`The local host could not start: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
