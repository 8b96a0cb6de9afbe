import { SignInProblem } from '../host/types';

/**
 * What the user is told when signing in fails, by the MSAL error code (`AuthError.errorCode`). The codes are MSAL's
 * own (msal-browser `BrowserAuthErrorCodes`, msal-common `ClientAuthErrorCodes`); nested app authentication reports a
 * cancelled host prompt as `user_canceled`, a cancelled browser popup as `user_cancelled`.
 */
const MESSAGES: Record<string, string> = {
  user_canceled: 'Signing in was cancelled. Select Try again to sign in to Followthrough.',
  user_cancelled: 'Signing in was cancelled. Select Try again to sign in to Followthrough.',
  // The authority's answer when the user cancels there (OAuth 2.0 `error=access_denied`).
  access_denied: 'Signing in was cancelled. Select Try again to sign in to Followthrough.',
  popup_window_error: 'The sign-in window was blocked. Allow pop-ups for Followthrough, then select Try again.',
  empty_window_error: 'The sign-in window was blocked. Allow pop-ups for Followthrough, then select Try again.',
  no_network_connectivity: 'Signing in needs a network connection. Check it, then select Try again.',
  endpoints_resolution_error: 'Followthrough could not reach the sign-in service. Check your connection, then select Try again.',
  timed_out: 'Signing in took too long. Select Try again.',
  interaction_in_progress: 'A sign-in window is already open: finish signing in there, then select Try again.',
  no_account_found: 'Followthrough could not find your account. Select Try again to sign in.',
};

const GENERIC = 'Followthrough could not sign you in. Select Try again.';

/** Turns anything MSAL threw into a SignInProblem the page can show as it is. */
export function signInProblemFromMsal(error: unknown): SignInProblem {
  if (error instanceof SignInProblem) return error;
  const code = (error as { errorCode?: unknown } | null)?.errorCode;
  const known = typeof code === 'string' && code ? code : undefined;
  return new SignInProblem(known ? (MESSAGES[known] ?? GENERIC) : GENERIC, known);
}

/** Only the host's SSO is available, and it gives tokens for Followthrough's API alone. */
export function graphUnavailable(host: 'Outlook' | 'Teams'): SignInProblem {
  return new SignInProblem(
    `${host} signed you in to Followthrough only, not to your calendar: this version of ${host} cannot give Followthrough access to Microsoft Graph.`,
    'graph_unavailable',
    false,
  );
}
