/** @jest-environment jsdom */
// The real nested-app-auth code of msal-browser 5 against a stand-in of the host's bridge, and the fallbacks.
import './support/jsdom';
import './support/webcrypto';
import { UseAnotherWay } from '../../addin/src/auth/host-sso';
import { createNaaTokenProvider, type SignInOptions } from '../../addin/src/auth/naa';
import { SignInProblem } from '../../addin/src/host/types';
import { installNaaBridge, type NaaBridgeOptions } from '../e2e/standins/naa-bridge';

const CLIENT_ID = '6f1c6d8e-3b7a-4c55-9d2e-0a1b2c3d4e5f';
const API_SCOPE = `api://${CLIENT_ID}/access_as_user`;
const PRIYA = { tenantId: 'a30d590b-8f4e-4b39-9c37-2f4d1c7e9a10', userId: '184e99c4-3c1f-4a55-8a77-5b8f2d0e6c21', displayName: 'Priya Shah', email: 'priya.shah@northwind.example' };

/** Tokens say what they were issued for, so a test can tell them apart. */
const issue: NaaBridgeOptions['issue'] = async (scopes, request) => `token(${scopes.join(' ')})${request.method === 'GetTokenPopup' ? ' after prompt' : ''}`;

function bridge(options: Partial<NaaBridgeOptions> = {}) {
  return installNaaBridge(window, { user: PRIYA, clientId: CLIENT_ID, issue, ...options });
}

function provider(options: Partial<SignInOptions> = {}) {
  return createNaaTokenProvider({ clientId: CLIENT_ID, scope: API_SCOPE, supported: true, ...options });
}

/** The OpenID configuration a standard OIDC authority publishes. */
function oidcDiscovery(url: string) {
  const issuer = url.replace('/.well-known/openid-configuration', '');
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    end_session_endpoint: `${issuer}/logout`,
    jwks_uri: `${issuer}/keys`,
    response_modes_supported: ['query', 'fragment'],
  };
}

const hostSso = (getToken: () => Promise<string>) => ({ host: 'Outlook' as const, getToken: jest.fn(getToken) });

afterEach(() => {
  delete (window as { nestedAppAuthBridge?: unknown }).nestedAppAuthBridge;
  localStorage.clear();
  sessionStorage.clear();
});

describe('nested app authentication', () => {
  it('gets the API token silently through the host, once for concurrent requests, then from MSAL’s cache', async () => {
    const host = bridge();
    const tokens = provider();

    const [first, second] = await Promise.all([tokens.getToken(), tokens.getToken()]);
    const third = await tokens.getToken();

    expect([first, second, third]).toEqual([`token(${API_SCOPE})`, `token(${API_SCOPE})`, `token(${API_SCOPE})`]);
    expect(host.requests.map((r) => r.method)).toEqual(['GetInitContext', 'GetToken']);
    expect(host.requests[1]?.tokenParams).toMatchObject({ clientId: CLIENT_ID, scope: API_SCOPE });
  });

  it('asks the host again, past the cache, when the API refused the token', async () => {
    const host = bridge();
    const tokens = provider();
    await tokens.getToken();

    await tokens.getToken(true);

    expect(host.requests.map((r) => r.method)).toEqual(['GetInitContext', 'GetToken', 'GetToken']);
    expect(host.requests[2]?.tokenParams?.forceRefresh).toBe(true);
  });

  it('prompts through the host when the user must interact', async () => {
    const host = bridge({ silent: 'USER_INTERACTION_REQUIRED' });

    expect(await provider().getToken()).toBe(`token(${API_SCOPE}) after prompt`);
    expect(host.requests.map((r) => r.method)).toEqual(['GetInitContext', 'GetToken', 'GetTokenPopup']);
  });

  it('says so, with a retry, when the user cancels the host’s prompt', async () => {
    bridge({ silent: 'USER_INTERACTION_REQUIRED', popup: 'USER_CANCEL' });

    const failure = await provider().getToken().catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(SignInProblem);
    expect(failure).toMatchObject({ message: 'Signing in was cancelled. Select Try again to sign in to Followthrough.', code: 'user_canceled', retryable: true });
  });

  it('signs in on the next try after a cancelled prompt', async () => {
    const host = bridge({ silent: 'USER_INTERACTION_REQUIRED', popup: 'USER_CANCEL' });
    const tokens = provider();
    await tokens.getToken().catch(() => undefined);

    host.options.popup = 'token';

    expect(await tokens.getToken()).toBe(`token(${API_SCOPE}) after prompt`);
  });

  it('gets Microsoft Graph tokens with the scopes asked for', async () => {
    const host = bridge();

    expect(await provider().getGraphToken?.(['Calendars.ReadBasic'])).toBe('token(Calendars.ReadBasic)');
    expect(host.requests.at(-1)?.tokenParams?.scope).toBe('Calendars.ReadBasic');
  });

  it('falls back to the host’s SSO when the host claims NAA but has no bridge', async () => {
    const sso = hostSso(async () => 'office-sso-token');

    expect(await provider({ hostSso: sso }).getToken()).toBe('office-sso-token');
    expect(sso.getToken).toHaveBeenCalledTimes(1);
  });

  it('falls back to the host’s SSO when the bridge is disabled', async () => {
    bridge({ silent: 'DISABLED' });
    const sso = hostSso(async () => 'office-sso-token');

    expect(await provider({ hostSso: sso }).getToken()).toBe('office-sso-token');
  });

  it('uses the host’s SSO where NAA is not supported, and never touches a bridge', async () => {
    const host = bridge();
    const sso = hostSso(async () => 'teams-sso-token');

    expect(await provider({ supported: false, hostSso: sso }).getToken()).toBe('teams-sso-token');
    expect(host.requests).toEqual([]);
  });

  it('cannot give Graph tokens through the host’s SSO, and says so without a retry', async () => {
    const tokens = provider({ supported: false, hostSso: hostSso(async () => 'office-sso-token') });

    const failure = await tokens.getGraphToken?.(['Calendars.ReadBasic']).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(SignInProblem);
    expect(failure).toMatchObject({
      message: 'Outlook signed you in to Followthrough only, not to your calendar: this version of Outlook cannot give Followthrough access to Microsoft Graph.',
      code: 'graph_unavailable',
      retryable: false,
    });
  });

  it('passes on what the host’s SSO says to the user', async () => {
    const tokens = provider({ supported: false, hostSso: hostSso(async () => Promise.reject(new SignInProblem('Office is still signing you in. Wait a moment, then select Try again.', '13008'))) });

    await expect(tokens.getToken()).rejects.toMatchObject({ message: 'Office is still signing you in. Wait a moment, then select Try again.', code: '13008' });
  });

  it('falls back to standard MSAL when the host’s SSO says to sign in another way; a blocked popup is a SignInProblem', async () => {
    // jsdom cannot open windows: window.open answers nothing, exactly what a popup blocker does.
    const open = jest.spyOn(window, 'open').mockReturnValue(null);
    // jsdom has no fetch: answer the authority's discovery document as a network would.
    const discovery = jest.fn(async (url: string) => ({ ok: true, status: 200, headers: new Map([['content-type', 'application/json']]), json: async () => oidcDiscovery(url) }));
    Object.assign(window, { fetch: discovery });
    const sso = hostSso(async () => Promise.reject(new UseAnotherWay('13003')));
    const tokens = provider({ supported: false, hostSso: sso, authority: 'https://login.followthrough.test/a30d590b-8f4e-4b39-9c37-2f4d1c7e9a10/v2.0' });

    const failure = await tokens.getToken().catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(SignInProblem);
    expect(failure).toMatchObject({ message: 'The sign-in window was blocked. Allow pop-ups for Followthrough, then select Try again.', code: 'popup_window_error' });
    expect(open).toHaveBeenCalledTimes(1);
    expect(discovery.mock.calls.map(([url]) => url)).toEqual(['https://login.followthrough.test/a30d590b-8f4e-4b39-9c37-2f4d1c7e9a10/v2.0/.well-known/openid-configuration']);
    open.mockRestore();
  });
});
