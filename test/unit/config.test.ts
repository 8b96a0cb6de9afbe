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

  describe('the service mailbox (MAIL_SENDER) and its tenant (MAIL_TENANT_ID)', () => {
    const northwind = 'a30d590b-8112-45a4-a437-cb8246f0d905';
    const tailwind = '5b0e3c1d-9f8a-4d27-b6e4-2c1f0a9d8e73';
    const twoTenants = { ...minimal, AUTH_ALLOWED_TENANTS: `${northwind},${tailwind}` };

    it('send from the one allowed tenant when MAIL_TENANT_ID is not set', () => {
      expect(loadConfig({ ...minimal, MAIL_SENDER: 'followthrough@northwind.example' }).graph).toMatchObject({
        mailSender: 'followthrough@northwind.example',
        mailTenantId: 'a30d590b-8112-45a4-a437-cb8246f0d905',
      });
    });

    it('take MAIL_TENANT_ID when it is set, whichever tenants are allowed', () => {
      const config = loadConfig({ ...twoTenants, MAIL_SENDER: 'followthrough@tailwind.example', MAIL_TENANT_ID: '5B0E3C1D-9F8A-4D27-B6E4-2C1F0A9D8E73' });
      expect(config.graph).toMatchObject({ mailSender: 'followthrough@tailwind.example', mailTenantId: '5b0e3c1d-9f8a-4d27-b6e4-2c1f0a9d8e73' });
    });

    it('refuse to guess the mailbox’s tenant among several allowed ones, naming MAIL_TENANT_ID', () => {
      expect(() => loadConfig({ ...twoTenants, MAIL_SENDER: 'followthrough@tailwind.example' })).toThrow(
        'MAIL_TENANT_ID: Required with MAIL_SENDER when AUTH_ALLOWED_TENANTS names 2 tenants: the Entra tenant id of the tenant that holds the service mailbox',
      );
    });

    it('refuse a MAIL_TENANT_ID, or a lone allowed tenant standing in for it, that is not a GUID', () => {
      expect(() => loadConfig({ ...minimal, MAIL_SENDER: 'followthrough@northwind.example', MAIL_TENANT_ID: 'northwind.example' })).toThrow(
        'MAIL_TENANT_ID: Must be the Entra tenant id (a GUID) of the tenant that holds the service mailbox',
      );
      expect(() => loadConfig({ ...minimal, AUTH_ALLOWED_TENANTS: 'northwind', MAIL_SENDER: 'followthrough@northwind.example' })).toThrow(
        "MAIL_TENANT_ID: Required with MAIL_SENDER: the one allowed tenant 'northwind' is not an Entra tenant id (a GUID) to send from",
      );
    });

    it('name MAIL_TENANT_ID along with every other problem', () => {
      const load = () => loadConfig({ ...twoTenants, MAIL_SENDER: 'followthrough@tailwind.example', TEAMS_APP_ID: undefined });
      expect(load).toThrow('TEAMS_APP_ID: Required');
      expect(load).toThrow('MAIL_TENANT_ID: Required with MAIL_SENDER');
    });

    it('mean no email fallback without MAIL_SENDER, whatever MAIL_TENANT_ID says', () => {
      expect(loadConfig(twoTenants).graph).toMatchObject({ mailSender: undefined, mailTenantId: undefined });
      expect(loadConfig({ ...twoTenants, MAIL_TENANT_ID: tailwind }).graph).toMatchObject({ mailSender: undefined, mailTenantId: undefined });
    });
  });

  it('list their names for the deployment check', () => {
    expect(SETTING_NAMES).toEqual(expect.arrayContaining(['COSMOS_ENDPOINT', 'AUTH_AUDIENCE', 'GRAPH_CLIENT_ID', 'TEAMS_APP_ID', 'MAIL_SENDER', 'MAIL_TENANT_ID']));
  });
});
