/** Someone on a meeting: a name (may be empty) and an email address. */
export interface Attendee {
  name: string;
  email: string;
}

/** The calendar meeting the page was opened on, as the host describes it. */
export interface MeetingContext {
  /** Stable across opens of the same meeting: Outlook's REST item id, the Teams meeting id, or the demo key. */
  key: string;
  subject: string;
  start: string;
  end: string;
  organizer: Attendee | null;
  attendees: Attendee[];
}

export type ThemeName = 'light' | 'dark' | 'contrast';

export interface TokenProvider {
  /** A bearer token for the API; `forceRefresh` after a 401. */
  getToken(forceRefresh?: boolean): Promise<string>;
  /**
   * A delegated Microsoft Graph token with these scopes (e.g. `Calendars.ReadBasic`), for what only the user's own
   * mailbox knows: which meeting an Outlook item or a Teams meeting is (its `iCalUId`).
   */
  getGraphToken?(scopes: string[]): Promise<string>;
}

/**
 * Signing in failed in a way the page can explain: `message` is said to the user as it is, with a retry unless
 * `retryable` is false (e.g. the organization blocks the app, which a retry does not change).
 */
export class SignInProblem extends Error {
  constructor(
    message: string,
    /** The host's own code (Office SSO 13001…, an MSAL error code), for support. */
    readonly code?: string,
    readonly retryable = true,
  ) {
    super(message);
    this.name = 'SignInProblem';
  }
}

/**
 * What a host (Outlook, Teams, a plain browser) gives the page. Components receive what they need from here and
 * never call Office.js or teams-js themselves.
 */
export interface HostContext {
  kind: 'outlook' | 'teams' | 'browser';
  /** The meeting, or why there is none (e.g. a new appointment not saved yet). */
  meeting(): Promise<MeetingContext | { unavailable: string }>;
  theme(): ThemeName;
  onThemeChange(listener: (theme: ThemeName) => void): () => void;
  /** The user's IANA time zone: due dates are days in it. */
  timeZone: string;
  tokens: TokenProvider;
}
