import type { AppConfig } from '../config';
import { keyByEvent, MeetingIdentity } from './meeting-identity';
import { systemTheme } from './theme-from-colors';
import type { HostContext, MeetingContext, ThemeName, TokenProvider } from './types';

/** A meeting on a demo user's calendar, under this mailbox's item id (as Outlook gives it). */
export interface DemoMailboxMeeting extends MeetingContext {
  teams: { chatId: string; meetingId: string } | null;
}

export interface DevUser {
  userId: string;
  tenantId: string;
  displayName: string;
  email: string;
  roles: string[];
}

/** A message the bot sent the user, as the local Bot Connector stand-in keeps it (`GET /dev/bot/conversations/{userId}`). */
export interface BotChatMessage {
  id: string;
  at: string;
  updatedAt: string | null;
  summary: string | null;
  /** The Adaptive Card as it stands: an action's answer replaces it, as in Teams. */
  card: unknown;
}

export interface BotChat {
  userId: string;
  installed: boolean;
  /** Newest first. */
  activities: BotChatMessage[];
}

/** What the bot answered a card's button: a card (the message's card replaced) or a message (the card stays). */
export interface CardButtonAnswer {
  status: number;
  type: string | null;
  text: string | null;
}

/**
 * The page standalone in a browser, against the local host: the user picks a demo user and one of their calendar's
 * meetings (kept in the URL, so a reload keeps them), and signs in with the local dev identity. It plays Outlook:
 * the calendar lists each meeting under this mailbox's item id, and the meeting is identified through the local
 * host's Graph stand-in exactly as the Outlook host does it through Microsoft Graph.
 */
export class BrowserHost implements HostContext {
  readonly kind = 'browser' as const;
  readonly timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  readonly tokens: TokenProvider;
  private token: { value: string; expires: number } | null = null;
  private readonly graphTokens = new Map<string, { value: string; expires: number }>();
  private readonly identity: MeetingIdentity;
  private readonly calendars = new Map<string, Promise<DemoMailboxMeeting[]>>();

  constructor(
    private readonly config: AppConfig,
    private readonly params: URLSearchParams = new URLSearchParams(window.location.search),
  ) {
    this.tokens = { getToken: (force) => this.devToken(force), getGraphToken: (scopes) => this.devGraphToken(scopes) };
    this.identity = new MeetingIdentity({ tokens: this.tokens, graphBaseUrl: config.graphBaseUrl, storage: safeLocalStorage() });
  }

  get userId(): string | null {
    return this.params.get('user');
  }

  get meetingKey(): string | null {
    return this.params.get('meeting');
  }

  async users(): Promise<DevUser[]> {
    return this.dev<DevUser[]>('users');
  }

  /** The user's calendar, asked once per page (the bar and the meeting both need it). */
  calendar(userId: string): Promise<DemoMailboxMeeting[]> {
    let asked = this.calendars.get(userId);
    if (!asked) {
      asked = this.dev<DemoMailboxMeeting[]>(`calendar?userId=${encodeURIComponent(userId)}`);
      asked.catch(() => this.calendars.delete(userId));
      this.calendars.set(userId, asked);
    }
    return asked;
  }

  async meeting(): Promise<MeetingContext | { unavailable: string }> {
    if (!this.userId) return { unavailable: 'Pick a demo user.' };
    if (!this.meetingKey) return { unavailable: 'Pick a meeting from the calendar.' };
    const found = (await this.calendar(this.userId)).find((m) => m.key === this.meetingKey);
    if (!found) return { unavailable: 'That meeting is not on this user’s calendar.' };
    const { teams: _teams, ...meeting } = found;
    return keyByEvent(meeting, this.identity);
  }

  /** The demo user's chat with the Followthrough bot, from the local Bot Connector stand-in. */
  async botChat(): Promise<BotChat> {
    if (!this.userId) throw new Error('Pick a demo user first.');
    return this.dev<BotChat>(`bot/conversations/${encodeURIComponent(this.userId)}`);
  }

  /** Presses an Action.Execute of a card in that chat, as Teams sends it (`POST /dev/bot/invoke`). */
  async pressCardButton(activityId: string, verb: string, data: Record<string, unknown>): Promise<CardButtonAnswer> {
    if (!this.userId) throw new Error('Pick a demo user first.');
    const response = await fetch(`${this.devBase()}/bot/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: this.userId, activityId, action: { verb, data } }),
    });
    const answer = (await response.json().catch(() => null)) as { type?: unknown; value?: unknown; detail?: unknown } | null;
    const type = typeof answer?.type === 'string' ? answer.type : null;
    const text = typeof answer?.value === 'string' ? answer.value : typeof answer?.detail === 'string' ? answer.detail : null;
    return { status: response.status, type, text };
  }

  theme(): ThemeName {
    const chosen = this.params.get('theme');
    return chosen === 'dark' || chosen === 'light' || chosen === 'contrast' ? chosen : systemTheme();
  }

  onThemeChange(listener: (theme: ThemeName) => void): () => void {
    const query = window.matchMedia?.('(prefers-color-scheme: dark)');
    const handler = () => listener(this.theme());
    query?.addEventListener('change', handler);
    return () => query?.removeEventListener('change', handler);
  }

  private async devToken(force = false): Promise<string> {
    if (!force && this.token && this.token.expires > Date.now()) return this.token.value;
    if (!this.userId) throw new Error('Pick a demo user first.');
    const response = await fetch(`${this.devBase()}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: this.userId }),
    });
    if (!response.ok) throw new Error(`The local sign-in answered ${response.status}.`);
    const { accessToken, expiresIn } = (await response.json()) as { accessToken: string; expiresIn: number };
    this.token = { value: accessToken, expires: Date.now() + (expiresIn - 60) * 1000 };
    return accessToken;
  }

  private async devGraphToken(scopes: string[]): Promise<string> {
    const cacheKey = [...scopes].sort().join(' ');
    const cached = this.graphTokens.get(cacheKey);
    if (cached && cached.expires > Date.now()) return cached.value;
    if (!this.userId) throw new Error('Pick a demo user first.');
    const response = await fetch(`${this.devBase()}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: this.userId, resource: 'graph', scopes }),
    });
    if (!response.ok) throw new Error(`The local sign-in answered ${response.status} for a Graph token.`);
    const { accessToken, expiresIn } = (await response.json()) as { accessToken: string; expiresIn: number };
    this.graphTokens.set(cacheKey, { value: accessToken, expires: Date.now() + (expiresIn - 60) * 1000 });
    return accessToken;
  }

  private async dev<T>(path: string): Promise<T> {
    const response = await fetch(`${this.devBase()}/${path}`);
    if (!response.ok) throw new Error(`The local host answered ${response.status} for /dev/${path}.`);
    return (await response.json()) as T;
  }

  private devBase(): string {
    if (!this.config.devBaseUrl) throw new Error('This deployment has no local dev identity.');
    return `${this.config.devBaseUrl}/dev`;
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
