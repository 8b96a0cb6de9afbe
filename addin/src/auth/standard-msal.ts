import type { Configuration } from '@azure/msal-browser';

/** Where standard MSAL signs in unless the deployment says otherwise. */
export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com/common';

const ENTRA_HOSTS = /(^|\.)(login\.microsoftonline\.com|login\.microsoftonline\.us|login\.partner\.microsoftonline\.cn|login\.windows\.net|ciamlogin\.com)$/i;

/**
 * The configuration of standard MSAL (a browser popup to the authority), for hosts where nested app authentication
 * and the host's SSO cannot sign the user in. An authority that is not Entra ID (tests point it at a local OpenID
 * Connect authority) is spoken to as plain OIDC and must be listed as known, or MSAL refuses it. The popup comes back
 * to this very page (the app registration lists taskpane.html and tab.html as SPA redirect URIs), which hands the
 * answer to MSAL's redirect bridge: see `isSignInRedirect` and the pages' entry points.
 */
export function standardMsalConfiguration(clientId: string, authority = DEFAULT_AUTHORITY): Configuration {
  const host = new URL(authority).host;
  const entra = ENTRA_HOSTS.test(new URL(authority).hostname);
  return {
    auth: {
      clientId,
      authority,
      redirectUri: `${window.location.origin}${window.location.pathname}`,
      ...(entra ? {} : { knownAuthorities: [host] }),
    },
    cache: { cacheLocation: 'localStorage' },
    system: entra ? {} : { protocolMode: 'OIDC' },
  };
}

/**
 * Whether this page was opened as the sign-in popup coming back from the authority (`#code=…&state=…` or an
 * `error=`): then it only hands the answer to the page that opened it, and starts nothing else.
 */
export function isSignInRedirect(location: Pick<Location, 'hash' | 'search'> = window.location): boolean {
  const answer = new URLSearchParams((location.hash || location.search).replace(/^[#?]/, ''));
  return answer.has('state') && (answer.has('code') || answer.has('error'));
}

/** Hands the authority's answer to the page that opened this popup (MSAL 5's redirect bridge), which closes it. */
export async function finishSignInRedirect(): Promise<void> {
  const { broadcastResponseToMainFrame } = await import('@azure/msal-browser/redirect-bridge');
  await broadcastResponseToMainFrame();
}
