import type * as TeamsModule from '@microsoft/teams-js';
import type { app } from '@microsoft/teams-js';
import type { AppConfig } from '../config';
import { createNaaTokenProvider } from '../auth/naa';
import type { HostContext, MeetingContext, ThemeName } from './types';

type TeamsJs = typeof TeamsModule;

/** teams-js's `app.initialize()` never settles inside a foreign iframe: give it this long, then give up. */
const INITIALIZE_TIMEOUT_MS = 4000;

export async function initializeTeams(): Promise<TeamsJs> {
  const teams = await import('@microsoft/teams-js');
  await Promise.race([
    teams.app.initialize(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('Teams did not answer in time.')), INITIALIZE_TIMEOUT_MS)),
  ]);
  return teams;
}

const themeOf = (name: string | undefined): ThemeName => (name === 'dark' ? 'dark' : name === 'contrast' ? 'contrast' : 'light');

/**
 * The same page as a Teams meeting tab. Teams gives the meeting's id and the user, not its subject or attendees: the
 * page shows what was captured before, and the subject can be typed.
 */
export class TeamsHost implements HostContext {
  readonly kind = 'teams' as const;
  readonly timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  readonly tokens;
  private currentTheme: ThemeName;

  constructor(
    private readonly teams: TeamsJs,
    private readonly context: app.Context,
    config: AppConfig,
  ) {
    this.currentTheme = themeOf(context.app.theme);
    this.tokens = createNaaTokenProvider({
      clientId: config.clientId ?? '',
      scope: config.apiScope ?? '',
      supported: teams.nestedAppAuth.isNAAChannelRecommended(),
      fallback: () => teams.authentication.getAuthToken(),
    });
  }

  async meeting(): Promise<MeetingContext | { unavailable: string }> {
    const id = this.context.meeting?.id;
    if (!id) return { unavailable: 'Open Followthrough in a meeting to capture its outcomes.' };
    const now = new Date().toISOString();
    return { key: id, subject: 'Teams meeting', start: now, end: now, organizer: null, attendees: [] };
  }

  theme(): ThemeName {
    return this.currentTheme;
  }

  onThemeChange(listener: (theme: ThemeName) => void): () => void {
    this.teams.app.registerOnThemeChangeHandler((name) => {
      this.currentTheme = themeOf(name);
      listener(this.currentTheme);
    });
    return () => undefined;
  }
}
