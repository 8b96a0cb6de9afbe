// A stand-in for the nested-app-auth bridge that Outlook and Teams put on `window.nestedAppAuthBridge`, speaking the
// messages msal-browser 5's NAA code sends and expects (node_modules/@azure/msal-browser/src/naa/: BridgeProxy.ts,
// BridgeRequestEnvelope.ts, BridgeResponseEnvelope.ts, TokenResponse.ts, AccountInfo.ts, BridgeStatusCode.ts).
// Requests arrive through `postMessage(JSON string)`; answers go to the "message" listeners as JSON strings.
// Used by the jsdom tests and, bundled by esbuild, injected into Chromium pages by the e2e tests.

/** What msal-browser posts (BridgeRequestEnvelope). */
export interface BridgeRequest {
  messageType: 'NestedAppAuthRequest';
  method: 'GetInitContext' | 'GetToken' | 'GetTokenPopup';
  requestId: string;
  sendTime?: number;
  clientLibrary?: string;
  clientLibraryVersion?: string;
  tokenParams?: { clientId: string; scope: string; correlationId: string; authority?: string; forceRefresh?: boolean; platformBrokerId?: string; claims?: string };
}

/** The statuses of BridgeStatusCode that tests play. */
export type BridgeFailure = 'USER_INTERACTION_REQUIRED' | 'USER_CANCEL' | 'NO_NETWORK' | 'DISABLED' | 'NESTED_APP_AUTH_UNAVAILABLE';

export interface BridgeUser {
  tenantId: string;
  userId: string;
  displayName: string;
  email: string;
}

export interface NaaBridgeOptions {
  user: BridgeUser;
  /** The app's client id: the id token's audience. */
  clientId: string;
  /** Mints the access token for a request (the e2e asks the local issuer's POST /dev/token). */
  issue(scopes: string[], request: BridgeRequest): Promise<string>;
  /** What a silent GetToken answers: a token (default) or a failure. */
  silent?: BridgeFailure | 'token';
  /** What GetTokenPopup (the host's sign-in prompt) answers: a token (default) or a failure. */
  popup?: BridgeFailure | 'token';
}

export interface NaaBridge {
  /** Every request msal-browser sent, in order. */
  requests: BridgeRequest[];
  options: NaaBridgeOptions;
}

const ENVIRONMENT = 'login.microsoftonline.com';

const base64url = (text: string) => btoa(unescape(encodeURIComponent(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** An id token as Entra shapes it (MSAL in the browser decodes it; nothing verifies its signature). */
export function idTokenFor(user: BridgeUser, clientId: string, now = Math.floor(Date.now() / 1000)): string {
  const claims = {
    aud: clientId,
    iss: `https://${ENVIRONMENT}/${user.tenantId}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    name: user.displayName,
    oid: user.userId,
    preferred_username: user.email,
    sub: user.userId,
    tid: user.tenantId,
    ver: '2.0',
  };
  return `${base64url(JSON.stringify({ typ: 'JWT', alg: 'none' }))}.${base64url(JSON.stringify(claims))}.c3RhbmQtaW4`;
}

/** Puts the bridge on `target.nestedAppAuthBridge`, as the host does before the page's scripts run. */
export function installNaaBridge(target: Window, options: NaaBridgeOptions): NaaBridge {
  const listeners = new Set<(response: string) => void>();
  const bridge: NaaBridge = { requests: [], options };
  const answer = (body: Record<string, unknown>) => {
    const text = JSON.stringify({ messageType: 'NestedAppAuthResponse', ...body });
    setTimeout(() => listeners.forEach((listener) => listener(text)), 0);
  };
  const account = () => ({
    environment: ENVIRONMENT,
    homeAccountId: `${options.user.userId}.${options.user.tenantId}`,
    localAccountId: options.user.userId,
    tenantId: options.user.tenantId,
    username: options.user.email,
    name: options.user.displayName,
  });
  const token = async (request: BridgeRequest, outcome: BridgeFailure | 'token') => {
    if (outcome !== 'token') {
      return answer({ requestId: request.requestId, success: false, error: { status: outcome, code: outcome === 'USER_INTERACTION_REQUIRED' ? 'interaction_required' : undefined, description: `stand-in: ${outcome}` } });
    }
    const scopes = (request.tokenParams?.scope ?? '').split(' ').filter(Boolean);
    try {
      const accessToken = await options.issue(scopes, request);
      answer({
        requestId: request.requestId,
        success: true,
        token: { access_token: accessToken, expires_in: 3600, id_token: idTokenFor(options.user, options.clientId), properties: null, scope: scopes.join(' ') },
        account: account(),
      });
    } catch (error) {
      answer({ requestId: request.requestId, success: false, error: { status: 'TRANSIENT_ERROR', code: 'stand_in_issue_failed', description: String(error) } });
    }
  };
  (target as Window & { nestedAppAuthBridge?: unknown }).nestedAppAuthBridge = {
    addEventListener: (event: string, listener: (response: string) => void) => {
      if (event === 'message') listeners.add(listener);
    },
    removeEventListener: (event: string, listener: (response: string) => void) => {
      if (event === 'message') listeners.delete(listener);
    },
    postMessage: (message: string) => {
      const request = JSON.parse(message) as BridgeRequest;
      if (request.messageType !== 'NestedAppAuthRequest') return;
      bridge.requests.push(request);
      if (request.method === 'GetInitContext') {
        answer({ requestId: request.requestId, success: true, initContext: { sdkName: 'followthrough-test-host', sdkVersion: '1.0.0', capabilities: { queryAccount: false } } });
      } else if (request.method === 'GetToken') {
        void token(request, options.silent ?? 'token');
      } else if (request.method === 'GetTokenPopup') {
        void token(request, options.popup ?? 'token');
      }
    },
  };
  return bridge;
}
