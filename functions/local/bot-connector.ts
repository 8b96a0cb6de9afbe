import { createHash, randomUUID } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

/** The local bot's app id, as an Azure Bot resource would have it (in Azure: the user-assigned identity's client id). */
export const LOCAL_BOT_APP_ID = '3d9b2f4e-8a61-4c0d-b7e5-91f2a6c4d8b3';
/** Bot Framework's issuer: the stand-in signs as Bot Framework does, with its own key. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** The audience of a bot's own token for the Bot Connector. */
const CONNECTOR_AUDIENCE = 'https://api.botframework.com';
/** The demo user nobody pre-installed the app for: their reminders show the fallback to the feed. */
export const NOT_INSTALLED_DEMO_USER = 'Diego Alvarez';
const TOKEN_LIFETIME_SECONDS = 3600;

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

interface Person {
  userId: string;
  tenantId: string;
  displayName: string;
}

/** One message the bot sent, as the chat shows it, with every answer its buttons got. */
export interface ChatActivity {
  id: string;
  at: string;
  updatedAt: string | null;
  summary: string | null;
  text: string | null;
  /** The Adaptive Card as it stands (updated by an action's answer, as Teams does). */
  card: unknown;
  answers: { at: string; verb: string; byUserId: string; status: number; type: string | null; message: string | null }[];
}

interface Chat {
  conversationId: string;
  person: Person;
  /** The app is installed for the user (the connector serves the bot in this chat). */
  installed: boolean;
  activities: ChatActivity[];
}

export interface StandInReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const InvokeRequest = z.strictObject({
  userId: z.string().min(1),
  activityId: z.string().min(1),
  action: z.strictObject({ verb: z.string().min(1).max(40), data: z.record(z.string(), z.unknown()).default({}) }),
  /** Tests: the invoke as someone else pressed it (another user, another tenant), as a forged or forwarded card would. */
  from: z.strictObject({ userId: z.string().min(1) }).optional(),
});
const FaultRequest = z.strictObject({ status: z.union([z.literal(429), z.literal(503)]), retryAfter: z.number().int().min(0).max(3600).optional(), times: z.number().int().min(1).max(100).default(1) });
const InstallationRequest = z.strictObject({ installed: z.boolean(), tellTheBot: z.boolean().default(true) });

/**
 * A local stand-in for the Bot Connector and the Teams client around it, on the local host's loopback port:
 * - the connector's REST API the bot calls (`/dev/bot/connector/v3/conversations`, `…/activities`, `…/activities/{id}`),
 *   checking the bot's token, keeping every chat and every card;
 * - OpenID metadata and a JWKS (`/dev/bot/.well-known/…`) for a local RSA key with which it signs the activities it
 *   sends to /api/messages, as Bot Framework signs them (issuer `https://api.botframework.com`, audience the bot's app
 *   id, `serviceurl`), so the API verifies them with its production code;
 * - for people and tests: `GET /dev/bot/conversations/{userId}`, `POST /dev/bot/invoke` (an Action.Execute as Teams
 *   sends it), `POST /dev/bot/faults` (the next sends answer 429/503), `PUT /dev/bot/installations/{userId}`.
 * At start the app is "installed" for the demo users, as an admin's setup policy would, but for one.
 */
export class BotConnectorStandIn {
  private readonly chats = new Map<string, Chat>();
  private readonly faults: { status: 429 | 503; retryAfter?: number }[] = [];
  readonly stats = { creates: 0, sends: 0, updates: 0, faultsServed: 0, invokes: 0 };

  private constructor(
    private readonly baseUrl: string,
    readonly botAppId: string,
    private readonly people: Person[],
    private readonly messagesUrl: string,
    private readonly keys: { kid: string; privateKey: SigningKey; jwk: JWK; other: SigningKey },
  ) {}

  static async start(options: { baseUrl: string; botAppId?: string; people: Person[]; messagesUrl: string }): Promise<BotConnectorStandIn> {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const other = await generateKeyPair('RS256', { extractable: true });
    const kid = randomUUID();
    const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
    return new BotConnectorStandIn(options.baseUrl, options.botAppId ?? LOCAL_BOT_APP_ID, options.people, options.messagesUrl, { kid, privateKey, jwk, other: other.privateKey });
  }

  /** Where the bot's users are served: the `serviceUrl` of every activity the stand-in sends. */
  get serviceUrl(): string {
    return `${this.baseUrl}/dev/bot/connector/`;
  }

  get metadataUrl(): string {
    return `${this.baseUrl}/dev/bot/.well-known/openidconfiguration`;
  }

  /** A user's id in Teams (`29:…`), derived from their Entra object id. */
  teamsUserIdOf(userId: string): string {
    return `29:1${hash(`user:${userId}`).slice(0, 40)}`;
  }

  /**
   * A token as Bot Framework signs the activities it sends to the bot. Tests forge bad ones with `claims`, or sign with
   * a key the metadata does not publish (`wrongKey`).
   */
  async channelToken(claims: Record<string, unknown> = {}, options: { wrongKey?: boolean } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: BOT_FRAMEWORK_ISSUER, aud: this.botAppId, serviceurl: this.serviceUrl, nbf: now - 5, iat: now, exp: now + TOKEN_LIFETIME_SECONDS, ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.keys.kid })
      .sign(options.wrongKey ? this.keys.other : this.keys.privateKey);
  }

  /** The bot's own app-only token for the connector (what the managed identity gets in Azure). */
  async botToken(): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: `${this.baseUrl}/dev/bot/entra`, aud: CONNECTOR_AUDIENCE, appid: this.botAppId, azp: this.botAppId, iat: now, nbf: now, exp: now + TOKEN_LIFETIME_SECONDS })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.keys.kid })
      .sign(this.keys.privateKey);
  }

  /** Installs the app for these users, as a setup policy does: Teams tells the bot with an `installationUpdate`. */
  async installFor(people: Person[]): Promise<void> {
    for (const person of people) await this.setInstalled(person, true, true);
  }

  chatOf(userId: string): Chat | undefined {
    return this.chats.get(userId);
  }

  async handle(method: string, url: URL, headers: Record<string, string | string[] | undefined>, body: string): Promise<StandInReply> {
    const path = url.pathname.replace(/^\/dev\/bot/, '');
    if (method === 'GET' && path === '/.well-known/openidconfiguration') {
      return json(200, { issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${this.baseUrl}/dev/bot/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_signing_alg_values_supported: ['RS256'] });
    }
    if (method === 'GET' && path === '/.well-known/keys') return json(200, { keys: [{ ...this.keys.jwk, endorsements: ['msteams'] }] });
    if (path.startsWith('/connector/')) return this.connector(method, path.slice('/connector'.length), headers.authorization, body);
    const conversation = /^\/conversations\/([^/]+)$/.exec(path);
    if (method === 'GET' && conversation?.[1]) return this.conversation(decodeURIComponent(conversation[1]));
    if (method === 'POST' && path === '/invoke') return this.invoke(body);
    if (method === 'POST' && path === '/faults') return this.addFaults(body);
    if (method === 'DELETE' && path === '/faults') {
      this.faults.length = 0;
      return json(204, null);
    }
    if (method === 'GET' && path === '/stats') return json(200, this.stats);
    const installation = /^\/installations\/([^/]+)$/.exec(path);
    if (method === 'PUT' && installation?.[1]) return this.installation(decodeURIComponent(installation[1]), body);
    return problem(404, 'Not found', `Nothing is served at /dev/bot${path}.`);
  }

  /** The Bot Connector's REST API, v3, as far as the bot uses it. */
  private async connector(method: string, path: string, authorization: string | string[] | undefined, body: string): Promise<StandInReply> {
    if (!(await this.botAuthorized(typeof authorization === 'string' ? authorization : undefined))) return connectorError(401, 'Unauthorized', 'Authorization has been denied for this request.');
    const parsed = parseJson(body);
    if (method === 'POST' && path === '/v3/conversations') {
      this.stats.creates++;
      const member = (parsed as { members?: { id?: unknown }[] } | null)?.members?.[0]?.id;
      const chat = [...this.chats.values()].find((c) => this.teamsUserIdOf(c.person.userId) === member);
      if (!chat || !chat.installed) return connectorError(403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.');
      return json(201, { id: chat.conversationId });
    }
    const activities = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (!activities?.[1]) return connectorError(404, 'NotFound', `No such resource: ${path}`);
    const chat = [...this.chats.values()].find((c) => c.conversationId === decodeURIComponent(activities[1] as string));
    if (method === 'POST' && !activities[2]) {
      this.stats.sends++;
      const fault = this.faults.shift();
      if (fault) {
        this.stats.faultsServed++;
        const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
        return { ...connectorError(fault.status, fault.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', fault.status === 429 ? 'Too many requests.' : 'The service is unavailable.'), headers: { 'content-type': 'application/json', ...headers } };
      }
      if (!chat) return connectorError(404, 'ConversationNotFound', 'Conversation not found.');
      if (!chat.installed) return connectorError(403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.');
      const activity = parsed as { summary?: unknown; text?: unknown; attachments?: { content?: unknown }[] } | null;
      const id = `1${Date.now()}${String(chat.activities.length).padStart(4, '0')}`;
      chat.activities.push({
        id,
        at: new Date().toISOString(),
        updatedAt: null,
        summary: typeof activity?.summary === 'string' ? activity.summary : null,
        text: typeof activity?.text === 'string' ? activity.text : null,
        card: activity?.attachments?.[0]?.content ?? null,
        answers: [],
      });
      return json(201, { id });
    }
    if (method === 'PUT' && activities[2]) {
      this.stats.updates++;
      const stored = chat?.activities.find((a) => a.id === decodeURIComponent(activities[2] as string));
      if (!chat || !stored) return connectorError(404, 'ActivityNotFound', 'Activity not found.');
      stored.card = (parsed as { attachments?: { content?: unknown }[] } | null)?.attachments?.[0]?.content ?? stored.card;
      stored.updatedAt = new Date().toISOString();
      return json(200, { id: stored.id });
    }
    return connectorError(405, 'MethodNotAllowed', `${method} is not supported here.`);
  }

  /** `GET /dev/bot/conversations/{userId}`: the user's chat with the bot, newest message first. */
  private conversation(userId: string): StandInReply {
    const person = this.people.find((p) => p.userId === userId);
    if (!person) return problem(404, 'Not found', 'No demo user has that userId; see GET /dev/users.');
    const chat = this.chats.get(userId);
    return json(200, {
      userId,
      displayName: person.displayName,
      installed: chat?.installed ?? false,
      conversationId: chat?.conversationId ?? null,
      activities: [...(chat?.activities ?? [])].reverse(),
    });
  }

  /** `POST /dev/bot/invoke`: an Action.Execute pressed on a card, sent to /api/messages as Teams sends it. */
  private async invoke(body: string): Promise<StandInReply> {
    const parsed = InvokeRequest.safeParse(parseJson(body));
    if (!parsed.success) return problem(400, 'Invalid input', 'Send {"userId", "activityId", "action": {"verb", "data"}} (and "from": {"userId"} to press it as someone else).');
    const { userId, activityId, action, from } = parsed.data;
    const chat = this.chats.get(userId);
    const card = chat?.activities.find((a) => a.id === activityId);
    if (!chat || !card) return problem(404, 'Not found', 'That user has no such message from the bot; see GET /dev/bot/conversations/{userId}.');
    const presser = this.people.find((p) => p.userId === (from?.userId ?? userId));
    if (!presser) return problem(404, 'Not found', 'No demo user has that from.userId.');
    this.stats.invokes++;
    const activity = {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `f:${randomUUID()}`,
      timestamp: new Date().toISOString(),
      serviceUrl: this.serviceUrl,
      channelId: 'msteams',
      from: { id: this.teamsUserIdOf(presser.userId), name: presser.displayName, aadObjectId: presser.userId },
      recipient: { id: `28:${this.botAppId}`, name: 'Followthrough' },
      conversation: { id: chat.conversationId, conversationType: 'personal', tenantId: presser.tenantId },
      channelData: { tenant: { id: presser.tenantId }, source: { name: 'message' } },
      replyToId: activityId,
      value: { action: { type: 'Action.Execute', verb: action.verb, data: action.data }, trigger: 'manual' },
    };
    const { status, answer } = await this.toBot(activity);
    const result = answer as { type?: unknown; value?: unknown } | null;
    const type = typeof result?.type === 'string' ? result.type : null;
    // As Teams does: a card in the answer replaces the card; a message is shown, and the card stays.
    if (status === 200 && type === 'application/vnd.microsoft.card.adaptive') {
      card.card = result?.value;
      card.updatedAt = new Date().toISOString();
    }
    card.answers.push({ at: new Date().toISOString(), verb: action.verb, byUserId: presser.userId, status, type, message: type === 'application/vnd.microsoft.activity.message' && typeof result?.value === 'string' ? result.value : null });
    return json(status, answer);
  }

  private addFaults(body: string): StandInReply {
    const parsed = FaultRequest.safeParse(parseJson(body));
    if (!parsed.success) return problem(400, 'Invalid input', 'Send {"status": 429 | 503, "retryAfter"?: seconds, "times"?: n}.');
    for (let i = 0; i < parsed.data.times; i++) this.faults.push({ status: parsed.data.status, retryAfter: parsed.data.retryAfter });
    return json(202, { queued: this.faults.length });
  }

  /** `PUT /dev/bot/installations/{userId}` `{installed, tellTheBot?}`: the app added or removed for a user. */
  private async installation(userId: string, body: string): Promise<StandInReply> {
    const parsed = InstallationRequest.safeParse(parseJson(body));
    const person = this.people.find((p) => p.userId === userId);
    if (!parsed.success) return problem(400, 'Invalid input', 'Send {"installed": true | false, "tellTheBot"?: false} (false: the connector alone knows, as after a missed event).');
    if (!person) return problem(404, 'Not found', 'No demo user has that userId.');
    const status = await this.setInstalled(person, parsed.data.installed, parsed.data.tellTheBot);
    return json(200, { userId, installed: parsed.data.installed, botAnswered: status });
  }

  private async setInstalled(person: Person, installed: boolean, tellTheBot: boolean): Promise<number | null> {
    let chat = this.chats.get(person.userId);
    if (!chat) {
      chat = { conversationId: `a:1${hash(`chat:${person.userId}:${this.botAppId}`).slice(0, 48)}`, person, installed, activities: [] };
      this.chats.set(person.userId, chat);
    }
    chat.installed = installed;
    if (!tellTheBot) return null;
    const { status } = await this.toBot({
      type: 'installationUpdate',
      action: installed ? 'add' : 'remove',
      id: `f:${randomUUID()}`,
      timestamp: new Date().toISOString(),
      serviceUrl: this.serviceUrl,
      channelId: 'msteams',
      from: { id: this.teamsUserIdOf(person.userId), name: person.displayName, aadObjectId: person.userId },
      recipient: { id: `28:${this.botAppId}`, name: 'Followthrough' },
      conversation: { id: chat.conversationId, conversationType: 'personal', tenantId: person.tenantId },
      channelData: { tenant: { id: person.tenantId }, source: { name: 'message' } },
    });
    return status;
  }

  /** POSTs an activity to the bot's messaging endpoint, signed as Bot Framework signs it. */
  private async toBot(activity: object): Promise<{ status: number; answer: unknown }> {
    const response = await fetch(this.messagesUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${await this.channelToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    return { status: response.status, answer: text ? parseJson(text) : null };
  }

  /** The connector accepts the bot's own token only: signed here, for the connector, naming this bot. */
  private async botAuthorized(authorization: string | undefined): Promise<boolean> {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!token) return false;
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [this.keys.jwk] }), { audience: CONNECTOR_AUDIENCE, algorithms: ['RS256'] });
      return payload.appid === this.botAppId;
    } catch {
      return false;
    }
  }
}

function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function json(status: number, body: unknown): StandInReply {
  return { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: body === null && status === 204 ? '' : JSON.stringify(body) };
}

function connectorError(status: number, code: string, message: string): StandInReply {
  return json(status, { error: { code, message } });
}

function problem(status: number, title: string, detail: string): StandInReply {
  return { status, headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' }, body: JSON.stringify({ type: 'about:blank', title, status, detail }) };
}
