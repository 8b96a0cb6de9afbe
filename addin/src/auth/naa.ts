import type { IPublicClientApplication } from '@azure/msal-browser';
import type { TokenProvider } from '../host/types';

export interface NaaOptions {
  clientId: string;
  /** e.g. api://<api-client-id>/access_as_user */
  scope: string;
  /** When nested app authentication is not available in this host: Office SSO or Teams SSO. */
  fallback: () => Promise<string>;
  /** Whether the host supports nested app authentication (Outlook: requirement set NestedAppAuth 1.1). */
  supported: boolean;
}

/**
 * Tokens through MSAL nested app authentication (NAA), the way Microsoft recommends for Outlook add-ins and Teams
 * apps: silent first, a popup when the user must interact, and the host's own SSO where NAA is not supported.
 * MSAL is loaded only here, so the browser host never downloads it.
 */
export function createNaaTokenProvider(options: NaaOptions): TokenProvider {
  let app: Promise<IPublicClientApplication> | undefined;
  const client = () =>
    (app ??= import('@azure/msal-browser').then(({ createNestablePublicClientApplication }) =>
      createNestablePublicClientApplication({ auth: { clientId: options.clientId, authority: 'https://login.microsoftonline.com/common' } }),
    ));

  return {
    async getToken(forceRefresh = false) {
      if (!options.supported) return options.fallback();
      const msal = await import('@azure/msal-browser');
      const pca = await client();
      const request = { scopes: [options.scope], forceRefresh };
      const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0];
      try {
        const result = await pca.acquireTokenSilent({ ...request, ...(account ? { account } : {}) });
        return result.accessToken;
      } catch (error) {
        if (!(error instanceof msal.InteractionRequiredAuthError)) return options.fallback();
        const result = await pca.acquireTokenPopup(request);
        pca.setActiveAccount(result.account);
        return result.accessToken;
      }
    },
  };
}
