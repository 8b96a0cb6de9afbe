import { BOT_FRAMEWORK_ISSUER, LOCAL_BOT_APP_ID } from '../../functions/local/bot-connector';
import { createBotTokenVerifier } from '../../functions/src/platform/bot-auth';
import { TestApi } from '../support/harness';

/**
 * POST /api/messages takes the Bot Connector's tokens, checked as Azure Bot Service documents them, with the same code
 * in Azure and here: the local connector stand-in signs like Bot Framework and publishes its key as OpenID metadata.
 */
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(() => api.stop());

const now = () => Math.floor(Date.now() / 1000);

/** An installationUpdate as Teams sends it when the app is added for Casey (a user of Tailwind). */
function installation(serviceUrl = api.host.botConnector.serviceUrl, channelId = 'msteams') {
  const casey = api.user('casey');
  return {
    type: 'installationUpdate',
    action: 'add',
    id: 'f:1',
    channelId,
    serviceUrl,
    from: { id: api.host.botConnector.teamsUserIdOf(casey.userId), aadObjectId: casey.userId },
    recipient: { id: `28:${LOCAL_BOT_APP_ID}` },
    conversation: { id: 'a:1casey', conversationType: 'personal', tenantId: casey.tenantId },
    channelData: { tenant: { id: casey.tenantId } },
  };
}

async function post(token: string | null, body: unknown = installation()) {
  return api.call('POST', '/api/messages', { body, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

describe('POST /api/messages', () => {
  it.each([
    ['no token', null],
    ['another issuer', { iss: 'https://login.botframework.example' }],
    ['another audience (bot)', { aud: 'c0ffee00-0000-4000-8000-000000000000' }],
    ['an expired token (beyond 5 minutes of skew)', { iat: now() - 7200, nbf: now() - 7200, exp: now() - 301 }],
    ['a token for another service URL', { serviceurl: 'https://smba.trafficmanager.net/emea/' }],
    ['a token without a service URL', { serviceurl: undefined }],
  ])('refuses %s with 401 problem+json, and records nothing', async (_name, claims) => {
    const before = await api.snapshot();
    const reply = await post(claims === null ? null : await api.host.botConnector.channelToken(claims));
    expect(reply.status).toBe(401);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(await api.snapshot()).toBe(before);
  });

  it('refuses a token signed with a key Bot Framework does not publish', async () => {
    const reply = await post(await api.host.botConnector.channelToken({}, { wrongKey: true }));
    expect(reply.status).toBe(401);
    expect(reply.body.detail).toBe('The token could not be verified.');
  });

  it("refuses an activity whose serviceUrl is not the token's", async () => {
    const reply = await post(await api.host.botConnector.channelToken(), installation('https://smba.trafficmanager.net/amer/'));
    expect(reply.status).toBe(401);
    expect(reply.body.detail).toBe('The token was issued for another service URL than the activity names.');
  });

  it('refuses a channel the signing key is not endorsed for', async () => {
    const reply = await post(await api.host.botConnector.channelToken(), installation(undefined, 'webchat'));
    expect(reply.status).toBe(401);
    expect(reply.body.detail).toBe("The token's signing key is not endorsed for the webchat channel.");
  });

  it('processes an activity with a valid token: the install is recorded for the user named by the activity', async () => {
    const casey = api.user('casey');
    const reply = await post(await api.host.botConnector.channelToken());
    expect(reply.status).toBe(200);
    const stored = await api.stored('users', `bot-conversation-${casey.userId}`, casey.tenantId);
    expect(stored).toMatchObject({
      type: 'botConversation',
      userId: casey.userId,
      tenantId: casey.tenantId,
      teamsUserId: api.host.botConnector.teamsUserIdOf(casey.userId),
      serviceUrl: api.host.botConnector.serviceUrl,
      conversationId: 'a:1casey',
      installed: true,
    });
  });

  it('answers 400 to a valid token with a body that is not an activity', async () => {
    const reply = await post(await api.host.botConnector.channelToken(), { ...installation(), from: 'nobody' });
    expect(reply.status).toBe(400);
  });

  it('takes the issuer from the OpenID metadata: Bot Framework\'s', async () => {
    const metadata = (await (await fetch(api.host.botConnector.metadataUrl)).json()) as any;
    expect(metadata.issuer).toBe(BOT_FRAMEWORK_ISSUER);
    expect(metadata.jwks_uri).toBe(`${api.host.baseUrl}/dev/bot/.well-known/keys`);
  });
});

describe('tokens Entra ID issues for a single-tenant or user-assigned-MSI bot', () => {
  const serviceUrl = 'https://smba.trafficmanager.net/amer/';
  const verifier = () =>
    createBotTokenVerifier(
      { appId: LOCAL_BOT_APP_ID, openIdMetadataUrl: api.host.botConnector.metadataUrl, tenantId: api.user('priya').tenantId },
      { issuerTemplate: api.host.identity.issuerFor('{tenantid}'), jwksUrl: `${api.host.baseUrl}/dev/keys` },
    );

  it("are accepted from the bot's own tenant, for the bot, naming the activity's service URL", async () => {
    const token = await api.host.identity.mint(api.user('priya'), { aud: LOCAL_BOT_APP_ID, serviceurl: serviceUrl });
    await expect(verifier().verify(`Bearer ${token}`, { serviceUrl, channelId: 'msteams' })).resolves.toEqual({ issuedBy: 'entra', serviceUrl });
  });

  it('are refused from another tenant, and for another audience', async () => {
    const otherTenant = await api.host.identity.mint(api.user('casey'), { aud: LOCAL_BOT_APP_ID, serviceurl: serviceUrl });
    await expect(verifier().verify(`Bearer ${otherTenant}`, { serviceUrl, channelId: 'msteams' })).rejects.toThrow('The token was not issued by Bot Framework.');
    const api_ = await api.host.identity.mint(api.user('priya'), { serviceurl: serviceUrl });
    await expect(verifier().verify(`Bearer ${api_}`, { serviceUrl, channelId: 'msteams' })).rejects.toThrow('The token is for another bot.');
  });
});
