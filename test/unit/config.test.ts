import { ConfigError, loadConfig, SETTING_NAMES } from '../../functions/src/platform/config';

const minimal = {
  COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/',
  AUTH_AUDIENCE: 'api://f1, f1',
  AUTH_ALLOWED_TENANTS: 'A30D590B-8112-45A4-A437-CB8246F0D905',
  GRAPH_CLIENT_ID: 'f1',
  TEAMS_APP_ID: 'b2',
};

describe('settings', () => {
  it('are read once, with defaults for everything optional', () => {
    const config = loadConfig(minimal);
    expect(config.cosmos).toEqual({ endpoint: minimal.COSMOS_ENDPOINT, key: undefined, databaseId: 'followthrough', managedIdentityClientId: undefined });
    expect(config.auth).toEqual({
      audiences: ['api://f1', 'f1'],
      allowedTenants: ['a30d590b-8112-45a4-a437-cb8246f0d905'],
      issuerTemplate: 'https://login.microsoftonline.com/{tenantid}/v2.0',
      jwksUrl: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
      requiredScope: 'access_as_user',
      adminAppRole: 'Followthrough.Admin',
    });
    expect(config.graph).toMatchObject({ baseUrl: 'https://graph.microsoft.com/v1.0', clientId: 'f1', teamsAppId: 'b2' });
  });

  it('fail fast, naming every missing or malformed one at once', () => {
    expect(() => loadConfig({ COSMOS_ENDPOINT: 'not a url', AUTH_ISSUER_TEMPLATE: 'https://login/x' })).toThrow(ConfigError);
    try {
      loadConfig({ COSMOS_ENDPOINT: 'not a url', AUTH_ISSUER_TEMPLATE: 'https://login/x' });
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['COSMOS_ENDPOINT', 'AUTH_AUDIENCE', 'AUTH_ALLOWED_TENANTS', 'AUTH_ISSUER_TEMPLATE', 'GRAPH_CLIENT_ID', 'TEAMS_APP_ID']) {
        expect(message).toContain(name);
      }
    }
  });

  it('name the user-assigned identity for every Azure sign-in, and require it when running in Azure', () => {
    const config = loadConfig({ ...minimal, MANAGED_IDENTITY_CLIENT_ID: 'mi-1', MAIL_SENDER: 'Followthrough@Contoso.example' });
    expect(config.cosmos.managedIdentityClientId).toBe('mi-1');
    expect(config.graph).toMatchObject({ managedIdentityClientId: 'mi-1', mailSender: 'followthrough@contoso.example' });
    expect(() => loadConfig({ ...minimal, WEBSITE_SITE_NAME: 'func-ft-prod' })).toThrow(/MANAGED_IDENTITY_CLIENT_ID: Required in Azure/);
    expect(loadConfig({ ...minimal, WEBSITE_SITE_NAME: 'func-ft-prod', MANAGED_IDENTITY_CLIENT_ID: 'mi-1' }).cosmos.managedIdentityClientId).toBe('mi-1');
    expect(() => loadConfig({ ...minimal, MAIL_SENDER: 'not a mailbox' })).toThrow(/MAIL_SENDER/);
  });

  it('list their names for the deployment check', () => {
    expect(SETTING_NAMES).toEqual(expect.arrayContaining(['COSMOS_ENDPOINT', 'AUTH_AUDIENCE', 'GRAPH_CLIENT_ID', 'TEAMS_APP_ID']));
  });
});
