// Office and Teams SSO failures, handled as Microsoft documents them: fall back to another way of signing in, or say
// what happened (with a retry where one helps).
import { fromOfficeSsoError, teamsSso, UseAnotherWay } from '../../addin/src/auth/host-sso';
import { SignInProblem } from '../../addin/src/host/types';

describe('Office SSO errors', () => {
  it.each(['13000', '13001', '13003', '13005', '13007', '13012', '13013', '50001'])('%s means signing in another way', (code) => {
    const handled = fromOfficeSsoError({ code: Number(code), name: 'Error', message: 'from Office' });

    expect(handled).toBeInstanceOf(UseAnotherWay);
    expect((handled as UseAnotherWay).code).toBe(code);
  });

  it.each([
    ['13002', 'Signing in was cancelled. Select Try again to sign in to Followthrough.', true],
    ['13004', 'Followthrough is not set up correctly for single sign-on in this organization. Tell your administrator (Office error 13004).', false],
    ['13006', 'Office could not sign you in. Sign out of Office, restart the Office browser session, then select Try again.', true],
    ['13008', 'Office is still signing you in. Wait a moment, then select Try again.', true],
    ['13010', 'Your browser’s security zone settings keep Office from signing you in. Change them as Office explained, then select Try again.', true],
    ['13999', 'Office could not sign you in (error 13999). Select Try again.', true],
  ])('%s is said to the user', (code, message, retryable) => {
    const handled = fromOfficeSsoError({ code: Number(code), name: 'Error', message: 'from Office' });

    expect(handled).toBeInstanceOf(SignInProblem);
    expect(handled).toMatchObject({ message, code, retryable });
  });
});

describe('Teams SSO errors', () => {
  it('says so when the user cancelled', async () => {
    await expect(teamsSso(async () => Promise.reject(new Error('CancelledByUser'))).getToken()).rejects.toMatchObject({
      message: 'Signing in was cancelled. Select Try again to sign in to Followthrough.',
      code: 'CancelledByUser',
    });
  });

  it('means signing in another way for anything else (consent missing, no SSO in this client)', async () => {
    const failure = await teamsSso(async () => Promise.reject(new Error('resourceRequiresConsent'))).getToken().catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(UseAnotherWay);
    expect(failure).toMatchObject({ code: 'resourceRequiresConsent' });
  });
});
