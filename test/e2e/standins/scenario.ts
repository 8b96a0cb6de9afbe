// What a test asks of the hosts it plays in the page: Outlook (the Office.js stand-in), Teams (the teams-js test
// host), the nested-app-auth bridge and pop-ups. The test puts it on `window.__followthroughTestHost` with
// page.addInitScript before the page's scripts run; a test that changes it mid-way writes it to sessionStorage
// (`followthrough:test-host`), which wins, so a reload keeps the change.
import type { BridgeFailure, BridgeUser } from './naa-bridge';
import type { TeamsTestContext } from './teams-host';

/** How a stand-in gets an access token: minted by the local issuer (`POST /dev/token`), or a fixed one. */
export type TokenSource = { kind: 'dev'; devBaseUrl: string; userId: string } | { kind: 'fixed'; token: string };

export interface OfficeAttendee {
  displayName: string;
  emailAddress: string;
}

/** An appointment as an attendee sees it (read mode) or as its organizer (compose), with ISO dates. */
export interface OfficeItem {
  mode: 'read' | 'compose' | 'message';
  /** The EWS id (`itemId`, `getItemIdAsync`); null: not saved yet. */
  itemId: string | null;
  subject: string;
  start: string;
  end: string;
  organizer: OfficeAttendee | null;
  requiredAttendees: OfficeAttendee[];
  optionalAttendees: OfficeAttendee[];
}

export interface OfficeScenario {
  /** `never`: Office.onReady never answers. */
  onReady: 'ready' | 'never';
  /** Requirement sets the host supports, e.g. `{ Mailbox: '1.13', NestedAppAuth: '1.1' }`. */
  requirementSets: Record<string, string>;
  bodyBackgroundColor: string;
  item: OfficeItem;
  /** What `Office.auth.getAccessToken` does: a token, or an Office SSO error code. */
  sso: TokenSource | { kind: 'error'; code: number };
}

export interface NaaScenario {
  user: BridgeUser;
  clientId: string;
  tokens: TokenSource;
  silent?: BridgeFailure | 'token';
  popup?: BridgeFailure | 'token';
}

export interface TeamsScenario {
  context: TeamsTestContext;
  naaRecommended: boolean;
  /** What `authentication.getAuthToken()` gives: a token, or Teams' failure reason. */
  sso: TokenSource | { kind: 'error'; reason: string };
}

export interface PageHostScenario {
  office?: OfficeScenario;
  /** No `naa`: the host puts no bridge on the page. */
  naa?: NaaScenario;
  teams?: TeamsScenario;
  /** `window.open` answers null, as when a pop-up blocker steps in. */
  blockPopups?: boolean;
}

export const SCENARIO_KEY = 'followthrough:test-host';

declare global {
  interface Window {
    __followthroughTestHost?: PageHostScenario;
    /** What the stand-ins were asked, for the test to read back. */
    __followthroughTestCalls?: string[];
  }
}

/** The scenario in force: the one written to sessionStorage mid-test, else the one injected at start. */
export function currentScenario(): PageHostScenario {
  try {
    const stored = window.sessionStorage.getItem(SCENARIO_KEY);
    if (stored) return JSON.parse(stored) as PageHostScenario;
  } catch {
    // No storage (an opaque origin): the injected scenario.
  }
  return window.__followthroughTestHost ?? {};
}

export function recordCall(name: string): void {
  (window.__followthroughTestCalls ??= []).push(name);
}

/** Gets a token as the scenario says. */
export async function tokenFrom(source: TokenSource, request: { resource?: 'graph'; scopes?: string[] } = {}): Promise<string> {
  if (source.kind === 'fixed') return source.token;
  const response = await fetch(`${source.devBaseUrl}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: source.userId, ...(request.resource ? { resource: request.resource, scopes: request.scopes } : {}) }),
  });
  if (!response.ok) throw new Error(`POST /dev/token answered ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}
