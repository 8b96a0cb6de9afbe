/** @jest-environment jsdom */
// The Teams host adapter with the real teams-js 2.58, driven by a test host in teams-js's frameless mode (no parent
// window: requests go to window.nativeInterface, answers come back through window.onNativeMessage).
import './support/jsdom';
import './support/webcrypto';
import type { AppConfig } from '../../addin/src/config';
import type * as HostModuleExports from '../../addin/src/host/teams';
import type { TeamsHost } from '../../addin/src/host/teams';
import { installNaaBridge } from '../e2e/standins/naa-bridge';
import { installTeamsHost, type TeamsHostOptions, type TeamsTestContext } from '../e2e/standins/teams-host';

const CLIENT_ID = '6f1c6d8e-3b7a-4c55-9d2e-0a1b2c3d4e5f';
const CONFIG: AppConfig = { apiBaseUrl: 'https://followthrough.example/api', mode: 'azure', clientId: CLIENT_ID, apiScope: `api://${CLIENT_ID}/access_as_user` };
const TENANT = 'a30d590b-8f4e-4b39-9c37-2f4d1c7e9a10';
const SAM = '5a2f1c0e-7d3b-4e8a-9c61-0b4d2e8f3a17';

const CONTEXT: TeamsTestContext = {
  locale: 'en-gb',
  theme: 'dark',
  entityId: 'my-commitments',
  subEntityId: 'item:2b7f0c1e-item',
  meetingId: 'MCMxOTptZWV0aW5nX05qQTJabU0xWlRndE1qWXdPUzAwWkRneExXSmlNR1V0WlRrMk9EWTBNemcxWWpkaUB0aHJlYWQudjIjIzA=',
  userObjectId: SAM,
  userPrincipalName: 'sam.carter@northwind.example',
  loginHint: 'sam.carter@northwind.example',
  tid: TENANT,
};

type HostModule = typeof HostModuleExports;

beforeEach(() => {
  // A fresh teams-js per test: its initialization state lives in the module.
  jest.resetModules();
  // teams-js asks Microsoft's CDN for its list of valid domains: out of reach, as on this machine.
  Object.assign(window, { fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
});

async function startTeams(options: Partial<TeamsHostOptions> = {}, context: Partial<TeamsTestContext> = {}) {
  const testHost = installTeamsHost(window, { naaRecommended: false, ...options, context: { ...CONTEXT, ...context } });
  const hosts: HostModule = await import('../../addin/src/host/teams');
  const teams = await hosts.initializeTeams();
  const host: TeamsHost = new hosts.TeamsHost(teams, await teams.app.getContext(), CONFIG);
  return { host, testHost, teams };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

afterEach(() => {
  const page = window as { nativeInterface?: unknown; onNativeMessage?: unknown; nestedAppAuthBridge?: unknown };
  delete page.nativeInterface;
  delete page.onNativeMessage;
  delete page.nestedAppAuthBridge;
  localStorage.clear();
  sessionStorage.clear();
});

describe('the Teams host', () => {
  it('initializes and reads the context: theme, locale, meeting, deep link', async () => {
    const { host, testHost } = await startTeams();

    expect(host.theme()).toBe('dark');
    expect(host.locale).toBe('en-gb');
    expect(host.subEntityId()).toBe('item:2b7f0c1e-item');
    expect(await host.meeting()).toMatchObject({ key: CONTEXT.meetingId, organizer: null, attendees: [] });
    expect(testHost.calls.slice(0, 2)).toEqual(['initialize', 'getContext']);
  });

  it('says to open it in a meeting when Teams names none, and has no deep link without a subPageId', async () => {
    const { host } = await startTeams({}, { meetingId: undefined, subEntityId: undefined });

    expect(await host.meeting()).toEqual({ unavailable: 'Open Followthrough in a meeting to capture its outcomes.' });
    expect(host.subEntityId()).toBeNull();
  });

  it('follows a theme change Teams pushes, until the listener is removed', async () => {
    const { host, testHost } = await startTeams();
    const seen: string[] = [];
    const stop = host.onThemeChange((theme) => seen.push(theme));

    testHost.pushTheme('contrast');
    await settle();
    testHost.pushTheme('default');
    await settle();
    stop();
    testHost.pushTheme('dark');
    await settle();

    expect(seen).toEqual(['contrast', 'light']);
    expect(host.theme()).toBe('dark');
  });

  it('tells Teams when the first view is up', async () => {
    const { host, testHost } = await startTeams();

    host.notifySuccess();

    expect(testHost.calls).toContain('appInitialization.success');
  });

  it('signs in with Teams SSO when Teams does not recommend nested app authentication', async () => {
    const { host, testHost } = await startTeams({ naaRecommended: false, authToken: async () => 'teams-sso-token' });

    expect(await host.tokens.getToken()).toBe('teams-sso-token');
    expect(testHost.calls).toContain('authentication.getAuthToken');
  });

  it('signs in through the NAA bridge when Teams recommends it, without Teams SSO', async () => {
    const bridge = installNaaBridge(window, {
      user: { tenantId: TENANT, userId: SAM, displayName: 'Sam Carter', email: 'sam.carter@northwind.example' },
      clientId: CLIENT_ID,
      issue: async (scopes) => `naa-token(${scopes.join(' ')})`,
    });
    const { host, testHost } = await startTeams({ naaRecommended: true, authToken: async () => 'teams-sso-token' });

    expect(await host.tokens.getToken()).toBe(`naa-token(api://${CLIENT_ID}/access_as_user)`);
    expect(bridge.requests.map((r) => r.method)).toEqual(['GetInitContext', 'GetToken']);
    expect(testHost.calls).not.toContain('authentication.getAuthToken');
  });

  it('says so with a retry when the user cancels Teams’ sign-in', async () => {
    const { host } = await startTeams({ authToken: async () => Promise.reject(new Error('CancelledByUser')) });

    await expect(host.tokens.getToken()).rejects.toMatchObject({ message: 'Signing in was cancelled. Select Try again to sign in to Followthrough.', retryable: true });
  });

  it('gives up on a Teams that never answers, after the time-box', async () => {
    const hosts: HostModule = await import('../../addin/src/host/teams');
    // No test host: teams-js waits for an answer that never comes.
    (window as { nativeInterface?: unknown }).nativeInterface = { framelessPostMessage: () => undefined };

    await expect(hosts.initializeTeams(50)).rejects.toThrow('Teams did not answer in time. Select Try again, or reopen the tab.');
  });
});
