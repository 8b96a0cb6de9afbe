import type * as TeamsModule from '@microsoft/teams-js';
import type { app } from '@microsoft/teams-js';
import { teamsSso } from '../auth/host-sso';
import { createNaaTokenProvider } from '../auth/naa';
import type { AppConfig } from '../config';
import type { HostContext, MeetingContext, ThemeName, TokenProvider } from './types';

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
 * The page as a Teams tab (personal, channel, chat or meeting). Teams gives the meeting's id and the user, not the
 * meeting's subject or attendees: the page shows what was captured before, and the subject can be typed.
 */
export class TeamsHost implements HostContext {
  readonly kind = 'teams' as const;
  readonly timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  readonly tokens: TokenProvider;
  /** The user's Teams language, e.g. `en-us`. */
  readonly locale: string;
  private currentTheme: ThemeName;
  private readonly listeners = new Set<(theme: ThemeName) => void>();

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
    });
  }

  async meeting(): Promise<MeetingContext | { unavailable: string }> {
    const id = this.context.meeting?.id;
    if (!id) return { unavailable: 'Open Followthrough in a meeting to capture its outcomes.' };
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
