import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import path from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { type AppServices, composeApp } from '../src/composition';
import { httpRoutes } from '../src/http/routes';
import type { HttpRoute } from '../src/http/pipeline';
import { systemClock } from '../src/platform/clock';
import { AzureBlobStore } from '../src/blobs/azure-blob-store';
import { type AppConfig, DEFAULT_EXPIRY, type ExportConfig } from '../src/platform/config';
import { problemResponse } from '../src/platform/problem';
import type { Clock } from '../src/services/ports';
import { LocalOutbox } from '../src/notify/local';
import type { DeliveryChannel } from '../src/services/ports';
import type { PluginConfig } from '@azure/cosmos';
import { createCosmosClient, type RequestCounter } from '../src/store/cosmos';
import { followUpTimers } from '../src/timers/follow-up';
import { tenantDataTimers } from '../src/timers/tenant-data';
import { tenantExportTimers } from '../src/timers/tenant-exports';
import { AZURITE_ACCOUNT, startAzuriteBlobs } from './azurite';
import { BotConnectorStandIn, NOT_INSTALLED_DEMO_USER } from './bot-connector';
import { startCosmosStandIn } from './cosmos-standin';
import { ExpirySweep, expiryTimer } from './expiry-sweep';
import { calendarOf } from './demo-calendar';
import { buildDemoData, DEMO_TENANTS, type DemoData, demoUsers } from './demo-data';
import { GRAPH_AUDIENCES, GRAPH_DELEGATED_SCOPES, GraphStandIn } from './graph-standin';
import { createDevIdentity, type DevIdentity, type DevUser, LOCAL_API_CLIENT_ID, TOKEN_LIFETIME_SECONDS } from './dev-identity';
import { matchRoute } from './router';
import { startWebServer } from './web';
import { TimerScheduler } from './scheduler';
import { seedDemoData } from './seed';

/** The local host reads bodies up to this size and hands them to the handlers, which enforce their own 64 KB limit. */
const MAX_READ_BYTES = 1024 * 1024;

export interface LocalHostOptions {
  /** 0 picks a free port. */
  apiPort: number;
  /** Origins allowed to call the API from a browser (the pages on WEB_PORT). */
  webOrigins?: string[];
  /** A real Cosmos account; without it the embedded stand-in runs. */
  cosmos?: { endpoint: string; key?: string };
  databaseId?: string;
  /** Seed the demo organizations: `auto` seeds the embedded database only. */
  demoData?: 'auto' | 'always' | 'never';
  counter?: RequestCounter;
  /** More Cosmos DB request plugins, for tests that record what is sent. */
  cosmosPlugins?: PluginConfig[];
  clock?: Clock;
  log?: (line: string) => void;
  /** Run the timers on their schedules (tests leave this off and run them through the scheduler by hand). */
  timers?: boolean;
  /** Where notifications go, by channel name; by default the local outbox as `feed` and `email`, which records and prints them. */
  channels?: DeliveryChannel[];
  /**
   * Deliver through the bot's card channel first (default), into the Bot Connector stand-in's chats; off: the outbox
   * only (TestApi's default, for tests about other things).
   */
  cardChannel?: boolean;
  /** Serve the built pages (addin/dist) on this port (0 picks one); omitted: no pages. */
  webPort?: number;
  /** Pacing and keeping of exports (tests page small and pause 0); the files go to the embedded Azurite. */
  exports?: Partial<Omit<ExportConfig, 'blobEndpoint' | 'container'>>;
}

export interface LocalHost {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** Where the pages are served, when `webPort` was given. */
  webUrl: string | null;
  apiUrl: string;
  cosmosEndpoint: string;
  embeddedCosmos: boolean;
  /** Azurite's blob endpoint (the exports' files). */
  blobEndpoint: string;
  services: AppServices;
  routes: HttpRoute[];
  identity: DevIdentity;
  demo: DemoData;
  users: DevUser[];
  /** A token for a demo user, as `POST /dev/token` mints it. */
  tokenFor(userId: string): Promise<string>;
  scheduler: TimerScheduler;
  /** The Bot Connector stand-in: the bot's chats with the demo users, its signing key, its faults. */
  botConnector: BotConnectorStandIn;
  /** The local outbox, when no other channels were given. */
  outbox: LocalOutbox | null;
  close(): Promise<void>;
}

/** `POST /dev/token`: an API token for a demo user, or a Microsoft Graph token with delegated scopes (the Graph stand-in). */
const TokenRequest = z.strictObject({
  userId: z.string().min(1),
  resource: z.enum(['api', 'graph']).default('api'),
  scopes: z.array(z.enum(GRAPH_DELEGATED_SCOPES)).max(10).optional(),
});

/**
 * Runs the whole API on one machine: the embedded Cosmos stand-in, the same HTTP functions as in Azure (same route
 * table, same handlers, HttpRequest/InvocationContext as the host builds them), the dev identity and demo data.
 */
export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const log = options.log ?? (() => undefined);
  const clock = options.clock ?? systemClock;
  // The emulators, as Azure's services: the Cosmos stand-in (unless a real account is given) and Azurite for blobs.
  const [standIn, azurite] = await Promise.all([options.cosmos ? null : startCosmosStandIn(), startAzuriteBlobs()]);
  const cosmos = options.cosmos ?? { endpoint: (standIn as NonNullable<typeof standIn>).endpoint, key: standIn?.key };

  let app: { routes: HttpRoute[]; devUsers: DevUser[]; identity: DevIdentity } | undefined = undefined;
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      log(`local host: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) send(res, problemResponse(500, 'Internal error', 'The local host failed to handle this request.'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.apiPort, '127.0.0.1', () => resolve());
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const identity = await createDevIdentity(`${baseUrl}/dev/{tenantid}/v2.0`);
  const demo = buildDemoData(clock.now());
  // The Bot Connector stand-in signs what it sends to /api/messages as Bot Framework does; the API checks it as in Azure.
  const botConnector = await BotConnectorStandIn.start({ baseUrl, people: demoUsers(demo), messagesUrl: `${baseUrl}/api/messages` });
  const config: AppConfig = {
    cosmos: { endpoint: cosmos.endpoint, key: cosmos.key, databaseId: options.databaseId ?? 'followthrough' },
    auth: {
      audiences: [LOCAL_API_CLIENT_ID, `api://${LOCAL_API_CLIENT_ID}`],
      allowedTenants: Object.values(DEMO_TENANTS).map((t) => t.id),
      issuerTemplate: `${baseUrl}/dev/{tenantid}/v2.0`,
      jwksUrl: `${baseUrl}/dev/keys`,
      requiredScope: 'access_as_user',
      adminAppRole: 'Followthrough.Admin',
    },
    // Not used locally (notifications go to the local outbox), but shaped as in Azure.
    graph: { baseUrl: 'https://graph.microsoft.com/v1.0', clientId: LOCAL_API_CLIENT_ID, teamsAppId: LOCAL_API_CLIENT_ID },
    telemetry: {},
    expiry: DEFAULT_EXPIRY,
    // Off, as in Azure by default: the demo tenants have no Entra directory to ask.
    entraLeaversCheck: false,
    exports: { blobEndpoint: azurite.endpoint, container: 'exports', retentionDays: 7, pageSize: 500, pauseMs: 100, ...options.exports },
    bot: { appId: botConnector.botAppId, openIdMetadataUrl: botConnector.metadataUrl },
  };
  const client = createCosmosClient({ ...config.cosmos, agent: standIn?.agent, counter: options.counter, plugins: options.cosmosPlugins });
  const outbox = options.channels ? null : new LocalOutbox((line) => log(line));
  const blobStore = new AzureBlobStore({ endpoint: azurite.endpoint, container: 'exports', emulatorAccount: AZURITE_ACCOUNT });
  const services = composeApp(config, {
    cosmosClient: client,
    clock,
    channels: options.channels ?? (outbox as LocalOutbox).channels(),
    blobStore,
    bot: { tokens: { getToken: () => botConnector.botToken() }, cardChannel: options.cardChannel ?? true, log },
  });
  // The embedded stand-in keeps expired documents (it ignores TTL): the local host sweeps them itself. A real Cosmos
  // account expires them on its own.
  const localTimers = standIn ? [expiryTimer(new ExpirySweep(services.store, clock))] : [];
  const scheduler = new TimerScheduler([...followUpTimers(services), ...tenantDataTimers(services), ...tenantExportTimers(services), ...localTimers], log);
  let seeded = false;
  try {
    await services.store.ensureSchema();
    const seed = options.demoData ?? 'auto';
    if (seed === 'always' || (seed === 'auto' && standIn)) {
      seeded = true;
      const written = await seedDemoData(services.store, demo);
      log(`Seeded ${written} demo documents.`);
    }
  } catch (error) {
    server.close();
    await standIn?.close();
    await azurite.close();
    throw error;
  }
  const devUsers = demoUsers(demo);
  const graph = new GraphStandIn({ events: demo.calendar, people: devUsers, jwks: identity.jwks, issuerFor: identity.issuerFor, baseUrl: `${baseUrl}/dev/graph/v1.0` });
  app = { routes: httpRoutes(services), devUsers, identity };
  // As if an admin had pre-installed the app with a setup policy: for every demo user but one (the fallback to the feed).
  if (seeded) await botConnector.installFor(devUsers.filter((u) => u.displayName !== NOT_INSTALLED_DEMO_USER));
  if (options.timers) scheduler.start();
  const webOrigins = new Set(options.webOrigins ?? []);
  const web =
    options.webPort === undefined
      ? null
      : await startWebServer({
          port: options.webPort,
          root: path.resolve(__dirname, '../../addin/dist'),
          // Shaped as the deployment writes it: the client id and API scope of the app registration (so `?host=outlook`
          // and `?host=teams` take the nested-app-auth path, as in production) and the Graph stand-in.
          appConfig: {
            apiBaseUrl: `${baseUrl}/api`,
            mode: 'local',
            devBaseUrl: baseUrl,
            clientId: LOCAL_API_CLIENT_ID,
            apiScope: `api://${LOCAL_API_CLIENT_ID}/access_as_user`,
            graphBaseUrl: `${baseUrl}/dev/graph/v1.0`,
          },
        });
  if (web) {
    webOrigins.add(web.url);
    webOrigins.add(web.url.replace('127.0.0.1', 'localhost'));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const origin = req.headers.origin;
    if (origin && webOrigins.has(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      res.setHeader('access-control-expose-headers', 'etag, location, retry-after');
    }
    if (req.method === 'OPTIONS') {
      // Every method some function answers: the pages use GET, POST, PATCH, PUT (traps, goals) and DELETE.
      res.setHeader('access-control-allow-methods', corsMethods(app?.routes ?? []));
      res.setHeader('access-control-allow-headers', 'authorization, content-type, if-match, idempotency-key');
      res.setHeader('access-control-max-age', '600');
      res.writeHead(204).end();
      return;
    }
    if (!app) return send(res, problemResponse(503, 'Starting', 'The local host is still starting.'));
    const body = await readBody(req);
    if (body === null) return send(res, problemResponse(413, 'Payload too large', 'The body is larger than the local host accepts.'));

    if (url.pathname.startsWith('/api/')) return serveFunction(req, res, url, body);
    if (url.pathname.startsWith('/dev/bot/')) return send(res, await botConnector.handle(req.method ?? 'GET', url, req.headers, body));
    if (url.pathname.startsWith('/dev/graph/v1.0/')) return send(res, await graph.handle(req.method ?? 'GET', url, req.headers.authorization));
    if (url.pathname.startsWith('/dev/')) return serveDevIdentity(req, res, url, body);
    const admin = /^\/admin\/functions\/([\w-]+)$/.exec(url.pathname);
    if (admin?.[1]) return serveAdmin(req, res, admin[1]);
    if (url.pathname === '/' && req.method === 'GET') {
      return send(res, { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api: `${baseUrl}/api`, health: `${baseUrl}/api/health`, devUsers: `${baseUrl}/dev/users`, devToken: `POST ${baseUrl}/dev/token {"userId": "..."}` }) });
    }
    return send(res, problemResponse(404, 'Not found', `Nothing is served at ${url.pathname}.`));
  }

  async function serveFunction(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    const match = matchRoute(app?.routes ?? [], req.method ?? 'GET', url.pathname.slice('/api/'.length));
    if (!match) return send(res, problemResponse(404, 'Not found', `No API function is served at ${url.pathname}.`));
    if ('allowed' in match) {
      return send(res, problemResponse(405, 'Method not allowed', `${req.method} is not supported here.`, {}, { allow: match.allowed.join(', ') }));
    }
    const method = (req.method ?? 'GET').toUpperCase() as HttpRoute['methods'][number];
    const request = new HttpRequest({
      method,
      url: url.toString(),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
      params: match.params,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: { string: body } }),
    });
    const context = new InvocationContext({
      functionName: match.route.name,
      invocationId: randomUUID(),
      logHandler: (level, ...args) => {
        if (level === 'error' || level === 'warning') log(`[${match.route.name}] ${args.map(String).join(' ')}`);
      },
    });
    const response = new HttpResponse(await match.route.handler(request, context));
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => (headers[key] = value));
    if (!response.body) return send(res, { status: response.status, headers });
    // Streamed as the Functions host streams it (an export's file is read from Blob Storage as it is sent).
    for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
    res.statusCode = response.status;
    await new Promise<void>((resolve, reject) => {
      Readable.fromWeb(response.body as WebReadableStream).on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
    });
  }

  /** The Core Tools convention: `POST /admin/functions/{name}` runs a timer now; 202 once that run has finished. */
  async function serveAdmin(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') return send(res, problemResponse(405, 'Method not allowed', 'POST to run the function now.', {}, { allow: 'POST' }));
    if (!scheduler.has(name)) return send(res, problemResponse(404, 'Not found', `No timer function is named ${name}.`));
    const run = await scheduler.runNow(name);
    if (run.error) return send(res, problemResponse(500, 'Timer failed', `${name} failed: ${run.error}`));
    return send(res, jsonResponse(202, run));
  }

  async function serveDevIdentity(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    const path = url.pathname;
    const devApp = app as NonNullable<typeof app>;
    if (req.method === 'GET' && path === '/dev/users') return send(res, jsonResponse(200, devApp.devUsers));
    if (req.method === 'GET' && path === '/dev/keys') return send(res, jsonResponse(200, devApp.identity.jwks));
    if (req.method === 'GET' && path === '/dev/calendar') {
      // What the user's calendar would show the add-in in the browser host: meetings they organized or attend.
      const user = devApp.devUsers.find((u) => u.userId === url.searchParams.get('userId'));
      if (!user) return send(res, problemResponse(404, 'Not found', 'Give ?userId= of a demo user (GET /dev/users).'));
      // Each mailbox sees every meeting under its own item id, as Outlook gives them.
      return send(res, jsonResponse(200, calendarOf(demo.calendar, user.email).slice(0, 25)));
    }
    const discovery = /^\/dev\/([0-9a-f-]{36})\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    if (req.method === 'GET' && discovery?.[1]) {
      return send(res, jsonResponse(200, { issuer: devApp.identity.issuerFor(discovery[1]), jwks_uri: `${baseUrl}/dev/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    }
    if (req.method === 'POST' && path === '/dev/token') {
      let parsed: z.infer<typeof TokenRequest>;
      try {
        parsed = TokenRequest.parse(JSON.parse(body));
      } catch {
        return send(res, problemResponse(400, 'Invalid input', `Send {"userId": "<a userId from GET /dev/users>"}, or add "resource": "graph", "scopes": [${GRAPH_DELEGATED_SCOPES.map((s) => `"${s}"`).join(', ')}].`));
      }
      const user = devApp.devUsers.find((u) => u.userId === parsed.userId);
      if (!user) return send(res, problemResponse(404, 'Not found', 'No demo user has that userId; see GET /dev/users.'));
      const claims = parsed.resource === 'graph' ? { aud: GRAPH_AUDIENCES[0], scp: (parsed.scopes ?? ['Calendars.ReadBasic']).join(' '), roles: undefined } : {};
      return send(res, jsonResponse(200, { accessToken: await devApp.identity.mint(user, claims), expiresIn: TOKEN_LIFETIME_SECONDS, tokenType: 'Bearer' }));
    }
    return send(res, problemResponse(404, 'Not found', `Nothing is served at ${path}.`));
  }

  return {
    baseUrl,
    webUrl: web?.url ?? null,
    apiUrl: `${baseUrl}/api`,
    cosmosEndpoint: cosmos.endpoint,
    embeddedCosmos: standIn !== null,
    blobEndpoint: azurite.endpoint,
    services,
    routes: app.routes,
    identity,
    botConnector,
    demo,
    users: devUsers,
    scheduler,
    outbox,
    async tokenFor(userId) {
      const user = devUsers.find((u) => u.userId === userId);
      if (!user) throw new Error(`No demo user ${userId}`);
      return identity.mint(user);
    },
    async close() {
      scheduler.stop();
      await scheduler.idle();
      await web?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      client.dispose();
      await standIn?.close();
      await azurite.close();
    },
  };
}

/** The methods of the route table, for CORS preflights: a page may send whatever some function answers. */
export function corsMethods(routes: HttpRoute[]): string {
  const methods = new Set<string>(['GET', 'POST']);
  for (const route of routes) for (const method of route.methods) methods.add(method);
  return [...methods].join(', ');
}

function jsonResponse(status: number, body: unknown) {
  return { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}

function send(res: ServerResponse, response: { status?: number; headers?: unknown; body?: unknown }): void {
  const headers = (response.headers ?? {}) as Record<string, string>;
  for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  res.end(typeof response.body === 'string' ? response.body : undefined);
}

/** Reads the body as UTF-8 text; null when it is larger than the local host accepts. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_READ_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
