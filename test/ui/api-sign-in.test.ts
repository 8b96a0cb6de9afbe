// What the API client makes of sign-in failures: a token the API refuses even fresh, and a sign-in that failed.
import { ApiAccessRefused, ApiClient, ApiProblem } from '../../addin/src/api/client';
import { SignInProblem, type TokenProvider } from '../../addin/src/host/types';

const BASE_URL = 'https://followthrough.example/api';

function answering(status: number, body: object) {
  return jest.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } }));
}

describe('the API client, signing in', () => {
  it('says signing in did not give Followthrough access when a fresh token is refused too', async () => {
    const tokens: TokenProvider = { getToken: jest.fn(async (force?: boolean) => (force ? 'fresh-token' : 'cached-token')) };
    const fetchImpl = answering(401, { type: 'https://followthrough.dev/problems/401', title: 'Unauthorized', status: 401, detail: 'The token is for another audience.' });

    const failure = await new ApiClient(BASE_URL, tokens, fetchImpl).me().catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ApiAccessRefused);
    expect(failure).toBeInstanceOf(ApiProblem);
    expect(failure).toMatchObject({
      status: 401,
      message: 'Signing in did not give Followthrough access (The token is for another audience). Select Try again; if it keeps happening, ask your administrator to check Followthrough’s sign-in settings.',
    });
    expect((tokens.getToken as jest.Mock).mock.calls).toEqual([[false], [true]]);
    expect(fetchImpl.mock.calls.map((call) => (call as unknown as [string, RequestInit])[1].headers)).toEqual([
      { authorization: 'Bearer cached-token' },
      { authorization: 'Bearer fresh-token' },
    ]);
  });

  it('passes a sign-in problem on as it is, not as an outage', async () => {
    const problem = new SignInProblem('Signing in was cancelled. Select Try again to sign in to Followthrough.', 'user_canceled');
    const tokens: TokenProvider = { getToken: async () => Promise.reject(problem) };

    await expect(new ApiClient(BASE_URL, tokens, answering(200, {})).me()).rejects.toBe(problem);
  });
});
