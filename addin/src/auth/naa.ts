import type { AccountInfo, IPublicClientApplication } from '@azure/msal-browser';
import { SignInProblem, type TokenProvider } from '../host/types';
import { type HostSso, UseAnotherWay } from './host-sso';
import { graphUnavailable, signInProblemFromMsal } from './problems';
import { DEFAULT_AUTHORITY, standardMsalConfiguration } from './standard-msal';

export interface SignInOptions {
  clientId: string;
  /** e.g. api://<api-client-id>/access_as_user */
  scope: string;
  /** Standard MSAL's authority (AppConfig.authority); Entra ID's `common` unless set. */
  authority?: string;
  /** Whether the host says nested app authentication is available (Outlook: NestedAppAuth 1.1; Teams: isNAAChannelRecommended()). */
  supported: boolean;
  /** The host's own SSO, tried where NAA is not available; standard MSAL where it says "use another way". */
  hostSso?: HostSso;
  /**
   * The delegated Graph scopes the page will ask for (the meeting's identity). Standard MSAL asks the user to consent
   * to them in the same popup as the API, because a second popup, opened without a click, would be blocked.
   */
  graphScopes?: string[];
}

/** How this page signs in, decided at the first token and changed only by falling back. */
type Way = { kind: 'naa'; pca: IPublicClientApplication } | { kind: 'host-sso'; sso: HostSso } | { kind: 'msal'; pca: IPublicClientApplication };

/** NAA errors that mean the bridge cannot serve us (not the user's doing): sign in another way. */
const BRIDGE_UNAVAILABLE = new Set(['nested_app_auth_bridge_disabled', 'bridge_unavailable', 'bridge_disabled']);

/**
 * Tokens the way Microsoft recommends for Outlook add-ins and Teams apps: MSAL nested app authentication (NAA) —
 * silent first, the host's prompt when the user must interact; where NAA is not available (the host says so, or the
 * bridge is missing), the host's SSO; where that says to sign in another way, standard MSAL in a popup. A failure the
 * user can act on is a SignInProblem with a message to show. MSAL is loaded only here, so the browser host never
 * downloads it. Concurrent requests share one sign-in, so the user never sees two prompts.
 */
export function createNaaTokenProvider(options: SignInOptions): TokenProvider {
  let way: Promise<Way> | undefined;
  const inFlight = new Map<string, Promise<string>>();
  // One MSAL acquisition at a time: a second prompt while one is open fails (`interaction_in_progress`), and the
  // second request usually needs none once the first has signed the user in.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(run: () => Promise<T>): Promise<T> => {
    const mine = turn.then(run, run);
    turn = mine.catch(() => undefined);
    return mine;
  };

  const choose = async (): Promise<Way> => {
    if (options.supported) {
      const pca = await nestedClient(options);
      if (pca) return { kind: 'naa', pca };
    }
    if (options.hostSso) return { kind: 'host-sso', sso: options.hostSso };
    return { kind: 'msal', pca: await standardClient(options) };
  };
  const current = () => (way ??= choose().catch((error: unknown) => {
    way = undefined;
    throw signInProblemFromMsal(error);
  }));
  const fallBack = async (from: Way): Promise<Way> => {
    const next: Way = from.kind === 'naa' && options.hostSso ? { kind: 'host-sso', sso: options.hostSso } : { kind: 'msal', pca: await standardClient(options) };
    way = Promise.resolve(next);
    return next;
  };

  const acquire = async (scopes: string[], forceRefresh: boolean, graph: boolean): Promise<string> => {
    let chosen = await current();
    for (;;) {
      try {
        if (chosen.kind === 'host-sso') {
          if (graph) throw graphUnavailable(chosen.sso.host);
          return await chosen.sso.getToken();
        }
        const pca = chosen.pca;
        // Standard MSAL gets Graph tokens silently only (consented with the API's popup); NAA prompts in the host.
        const prompt = graph && chosen.kind === 'msal' ? null : { extraScopes: graph ? [] : (options.graphScopes ?? []) };
        return await inTurn(() => withMsal(pca, scopes, forceRefresh, prompt));
      } catch (error) {
        const unavailable = error instanceof UseAnotherWay || (chosen.kind === 'naa' && BRIDGE_UNAVAILABLE.has(errorCode(error)));
        if (!unavailable) throw toProblem(error);
        chosen = await fallBack(chosen);
      }
    }
  };

  const once = (key: string, run: () => Promise<string>): Promise<string> => {
    const running = inFlight.get(key);
    if (running) return running;
    const started = run().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };

  const getToken = (forceRefresh = false) => once(`api:${forceRefresh}`, () => acquire([options.scope], forceRefresh, false));
  return {
    getToken,
    // Signed in to the API first: that settles the way (the host's SSO may say "another way") and, with standard
    // MSAL, the popup that consents to the Graph scopes too — a Graph token is then a silent one.
    getGraphToken: (scopes) =>
      once(`graph:${scopes.join(' ')}`, async () => {
        await getToken();
        return acquire(scopes, false, true);
      }),
  };
}

/** The NAA client, or null when the host has no bridge (msal-browser then hands back a standard client: not ours to use). */
async function nestedClient(options: SignInOptions): Promise<IPublicClientApplication | null> {
  const { createNestablePublicClientApplication, PublicClientApplication } = await import('@azure/msal-browser');
  let nested = false;
  const pca = await createNestablePublicClientApplication({ auth: { clientId: options.clientId, authority: options.authority ?? DEFAULT_AUTHORITY } }, undefined, (configuration, controller) => {
    nested = true;
    return new PublicClientApplication(configuration, controller);
  });
  return nested ? pca : null;
}

async function standardClient(options: SignInOptions): Promise<IPublicClientApplication> {
  const { createStandardPublicClientApplication } = await import('@azure/msal-browser');
  return createStandardPublicClientApplication(standardMsalConfiguration(options.clientId, options.authority));
}

/**
 * Silent first; a prompt (NAA: the host's; standard: a popup) when MSAL says the user must interact — unless
 * `prompt` is null, when the need to interact is a SignInProblem that a retry does not fix.
 */
async function withMsal(pca: IPublicClientApplication, scopes: string[], forceRefresh: boolean, prompt: { extraScopes: string[] } | null): Promise<string> {
  const { InteractionRequiredAuthError } = await import('@azure/msal-browser');
  const account: AccountInfo | null = pca.getActiveAccount() ?? pca.getAllAccounts()[0] ?? null;
  try {
    const result = await pca.acquireTokenSilent({ scopes, forceRefresh, ...(account ? { account } : {}) });
    return result.accessToken;
  } catch (error) {
    // Standard MSAL without an account yet says `no_account_error`: that too needs the user.
    if (!(error instanceof InteractionRequiredAuthError) && errorCode(error) !== 'no_account_error') throw error;
    if (!prompt) throw new SignInProblem('Followthrough may not read your calendar: nobody consented to it yet.', errorCode(error) || 'consent_required', false);
  }
  try {
    const extra = prompt?.extraScopes.length ? { extraScopesToConsent: prompt.extraScopes } : {};
    const result = await pca.acquireTokenPopup({ scopes, ...extra, ...(account ? { loginHint: account.username } : {}) });
    pca.setActiveAccount(result.account);
    return result.accessToken;
  } catch (error) {
    throw signInProblemFromMsal(error);
  }
}

function errorCode(error: unknown): string {
  const code = (error as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === 'string' ? code : '';
}

function toProblem(error: unknown): SignInProblem {
  return error instanceof SignInProblem ? error : signInProblemFromMsal(error);
}
