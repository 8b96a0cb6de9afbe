import type * as TeamsModule from '@microsoft/teams-js';
import type { app } from '@microsoft/teams-js';
import { teamsSso } from '../auth/host-sso';
import { createNaaTokenProvider } from '../auth/naa';
import type { AppConfig } from '../config';
import { CHAT_SCOPES, EVENT_SCOPES, MeetingIdentity, MeetingIdentityProblem } from './meeting-identity';
import { type HostContext, type MeetingContext, SignInProblem, type ThemeName, type TokenProvider } from './types';

type TeamsJs = typeof TeamsModule;

/** teams-js's `app.initialize()` never settles inside a foreign iframe: give it this long, then give up. */
export const INITIALIZE_TIMEOUT_MS = 4000;

/** Loads teams-js and initializes it, time-boxed. */
export async function initializeTeams(timeoutMs = INITIALIZE_TIMEOUT_MS): Promise<TeamsJs> {
  const teams = await import('@microsoft/teams-js');
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      teams.app.initialize(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('Teams did not answer in time. Select Try again, or reopen the tab.')), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
  return teams;
}

/** Teams' theme names: `default`, `dark`, `contrast` (older clients), plus anything new, which we show light. */
export const themeOf = (name: string | undefined): ThemeName => (name === 'dark' ? 'dark' : name === 'contrast' ? 'contrast' : 'light');

/**
 * The page as a Teams tab (personal, channel, chat or meeting). In a meeting Teams gives the meeting's id and its
 * chat, not its subject or attendees: Graph finds the calendar event the chat belongs to (meeting-identity.ts),
 * which gives those and the event's iCalUId — the key the Outlook copies of the same meeting use, so a capture here
 * and one in Outlook land on one meeting.
 */
export class TeamsHost implements HostContext {
  readonly kind = 'teams' as const;
  readonly timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  readonly tokens: TokenProvider;
  /** The user's Teams language, e.g. `en-us`. */
  readonly locale: string;
  private currentTheme: ThemeName;
  private readonly listeners = new Set<(theme: ThemeName) => void>();
  private readonly identity: MeetingIdentity;

  constructor(
    private readonly teams: TeamsJs,
    private readonly context: app.Context,
    config: AppConfig,
  ) {
    this.currentTheme = themeOf(context.app.theme);
    this.locale = context.app.locale;
    // Teams offers one theme handler per page: this host holds it and tells its own listeners.
    teams.app.registerOnThemeChangeHandler((name) => {
      this.currentTheme = themeOf(name);
      for (const listener of this.listeners) listener(this.currentTheme);
    });
    this.tokens = createNaaTokenProvider({
      clientId: config.clientId ?? '',
      scope: config.apiScope ?? '',
      authority: config.authority,
      supported: safely(() => teams.nestedAppAuth.isNAAChannelRecommended()),
      hostSso: teamsSso(() => teams.authentication.getAuthToken()),
      graphScopes: [...EVENT_SCOPES, ...CHAT_SCOPES],
    });
    this.identity = new MeetingIdentity({ tokens: this.tokens, graphBaseUrl: config.graphBaseUrl });
  }

  async meeting(): Promise<MeetingContext | { unavailable: string }> {
    const id = this.context.meeting?.id;
    if (!id) return { unavailable: 'Open Followthrough in a meeting to capture its outcomes.' };
    const chatId = this.context.chat?.id;
    try {
      if (chatId) return await this.identity.meetingOfTeamsChat(chatId);
    } catch (error) {
      // Where the calendar cannot be asked at all, the meeting is kept under Teams' own id, as before.
      const permanent = (error instanceof MeetingIdentityProblem || error instanceof SignInProblem) && !error.retryable;
      if (!permanent) throw error;
      console.warn(`Followthrough: this meeting is keyed by its Teams id, not its calendar event (${error.message})`);
    }
    const now = new Date().toISOString();
    return { key: id, subject: 'Teams meeting', start: now, end: now, organizer: null, attendees: [] };
  }

  /** What a deep link asked for (`subPageId`, formerly `subEntityId`), e.g. `item:<id>`. */
  subEntityId(): string | null {
    return this.context.page.subPageId || null;
  }

  /** Tells Teams the first view is up, so it hides its loading indicator. */
  notifySuccess(): void {
    this.teams.app.notifySuccess();
  }

  theme(): ThemeName {
    return this.currentTheme;
  }

  onThemeChange(listener: (theme: ThemeName) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
