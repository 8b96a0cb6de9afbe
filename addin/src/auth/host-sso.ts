import { SignInProblem } from '../host/types';

/**
 * The host's own single sign-on, where nested app authentication is not available: Office's
 * `Office.auth.getAccessToken` or Teams' `authentication.getAuthToken`. Both give a token for Followthrough's API only.
 */
export interface HostSso {
  host: 'Outlook' | 'Teams';
  /** A token for the API; throws UseAnotherWay when the platform says to sign in some other way, or a SignInProblem. */
  getToken(): Promise<string>;
}

/** The host's SSO cannot sign this user in here: sign in with standard MSAL instead (Microsoft's documented fallback). */
export class UseAnotherWay extends Error {
  constructor(readonly code: string) {
    super(`The host's single sign-on is not available here (${code}).`);
    this.name = 'UseAnotherWay';
  }
}

/**
 * Office SSO's error codes, handled as Microsoft's "Troubleshoot error messages for legacy Office single sign-on"
 * says: these mean "fall back to an alternate system of user authentication" — 13000 API not supported, 13001 not
 * signed in to Office, 13003 user type not supported (e.g. an on-premises account), 13005 invalid grant (Office not
 * pre-authorized, or consent revoked), 13007 Office could not get a token (e.g. account mismatch), 13012 platform
 * not supported, 13013 throttled (we never call again in a loop: we fall back), 50001 Office too old or cached.
 */
const FALL_BACK = new Set(['13000', '13001', '13003', '13005', '13007', '13012', '13013', '50001']);

/** …and these are said to the user, with a retry where one can help. */
const SAY: Record<string, { message: string; retryable: boolean }> = {
  // The user chose Cancel on the sign-in or consent dialog: the docs say to show a way to sign in again.
  '13002': { message: 'Signing in was cancelled. Select Try again to sign in to Followthrough.', retryable: true },
  // Only ever seen in development: the manifest's resource does not match the add-in's domain.
  '13004': { message: 'Followthrough is not set up correctly for single sign-on in this organization. Tell your administrator (Office error 13004).', retryable: false },
  '13006': { message: 'Office could not sign you in. Sign out of Office, restart the Office browser session, then select Try again.', retryable: true },
  '13008': { message: 'Office is still signing you in. Wait a moment, then select Try again.', retryable: true },
  // Office has already shown the user how to change the browser's security zones.
  '13010': { message: 'Your browser’s security zone settings keep Office from signing you in. Change them as Office explained, then select Try again.', retryable: true },
};

/** What an `Office.auth.getAccessToken` rejection means for us. */
export function fromOfficeSsoError(error: unknown): UseAnotherWay | SignInProblem {
  const raw = (error as { code?: unknown } | null)?.code;
  const code = typeof raw === 'number' || typeof raw === 'string' ? String(raw) : '';
  if (FALL_BACK.has(code)) return new UseAnotherWay(code);
  const said = SAY[code];
  if (said) return new SignInProblem(said.message, code, said.retryable);
  return new SignInProblem(`Office could not sign you in${code ? ` (error ${code})` : ''}. Select Try again.`, code || undefined);
}

/** Office SSO (`Office.auth.getAccessToken`), prompting for sign-in and consent when needed. */
export function officeSso(auth: Pick<typeof Office.auth, 'getAccessToken'> | undefined): HostSso {
  return {
    host: 'Outlook',
    async getToken() {
      if (!auth?.getAccessToken) throw new UseAnotherWay('13000');
      try {
        return await auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true });
      } catch (error) {
        throw fromOfficeSsoError(error);
      }
    },
  };
}

/**
 * Teams SSO (`authentication.getAuthToken`). Teams rejects with an Error whose message names the failure:
 * `CancelledByUser` and `FailedToOpenWindow` are said to the user; anything else (consent the tenant has not given,
 * a Teams client without SSO, `resourceRequiresConsent`, `invalid_grant`, …) means signing in another way.
 */
export function teamsSso(getAuthToken: () => Promise<string>): HostSso {
  return {
    host: 'Teams',
    async getToken() {
      try {
        return await getAuthToken();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (/CancelledByUser/i.test(message)) throw new SignInProblem('Signing in was cancelled. Select Try again to sign in to Followthrough.', 'CancelledByUser');
        if (/FailedToOpenWindow/i.test(message)) throw new SignInProblem('Teams could not open the sign-in window. Select Try again.', 'FailedToOpenWindow');
        throw new UseAnotherWay(message || 'teams_sso_failed');
      }
    },
  };
}
