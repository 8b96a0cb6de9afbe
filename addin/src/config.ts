/**
 * What a page needs to know about its deployment, read at start from `app-config.json` next to the page: the local
 * host serves it with its own URLs; the deployment writes it with the Function App's URL and the app registration.
 */
export interface AppConfig {
  /** e.g. https://<app>.azurewebsites.net/api, or http://127.0.0.1:7071/api locally. */
  apiBaseUrl: string;
  /** `local`: the browser host and dev sign-in of the local host are available. */
  mode: 'local' | 'azure';
  /** The local host's dev identity (`/dev/*`), in local mode. */
  devBaseUrl?: string;
  /** Client id of the app registration the pages sign in with (nested app authentication). */
  clientId?: string;
  /** The API scope, e.g. api://<api-client-id>/access_as_user. */
  apiScope?: string;
  /** Microsoft Graph's root with its version; the local host serves a Graph stand-in. */
  graphBaseUrl?: string;
  /**
   * The sign-in authority of standard MSAL, where nested app authentication is not available:
   * `https://login.microsoftonline.com/common` unless set (tests point it at a local OIDC authority).
   */
  authority?: string;
}

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';

export async function loadAppConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  // Same URL and mode as the page's <link rel="preload">, so the preloaded response is used.
  const response = await fetchImpl(new URL('app-config.json', document.baseURI).toString(), { credentials: 'same-origin', mode: 'cors' });
  if (!response.ok) throw new Error(`app-config.json: ${response.status}`);
  const config = (await response.json()) as AppConfig;
  if (!config.apiBaseUrl) throw new Error('app-config.json has no apiBaseUrl');
  return config;
}
