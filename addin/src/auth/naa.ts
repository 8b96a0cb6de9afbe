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
        return await withMsal(chosen.pca, scopes, forceRefresh);
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

  return {
    getToken: (forceRefresh = false) => once(`api:${forceRefresh}`, () => acquire([options.scope], forceRefresh, false)),
    getGraphToken: (scopes) => once(`graph:${scopes.join(' ')}`, () => acquire(scopes, false, true)),
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

/** Silent first; a prompt (NAA: the host's; standard: a popup) when MSAL says the user must interact. */
async function withMsal(pca: IPublicClientApplication, scopes: string[], forceRefresh: boolean): Promise<string> {
  const { InteractionRequiredAuthError } = await import('@azure/msal-browser');
  const account: AccountInfo | null = pca.getActiveAccount() ?? pca.getAllAccounts()[0] ?? null;
  try {
    const result = await pca.acquireTokenSilent({ scopes, forceRefresh, ...(account ? { account } : {}) });
    return result.accessToken;
  } catch (error) {
    // Standard MSAL without an account yet says `no_account_error`: that too needs the user.
    if (!(error instanceof InteractionRequiredAuthError) && errorCode(error) !== 'no_account_error') throw error;
  }
  try {
    const result = await pca.acquireTokenPopup({ scopes, ...(account ? { loginHint: account.username } : {}) });
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
