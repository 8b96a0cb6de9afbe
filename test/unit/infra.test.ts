import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SETTING_NAMES } from '../../functions/src/platform/config';
import { CONTAINERS } from '../../functions/src/store/layout';
import { type PolicyRule, policyFindings, TENANT_WIDE_GRAPH_ROLES } from '../../tools/infra-policy';

const INFRA = path.resolve(__dirname, '../../infra');
const read = (file: string) => readFileSync(path.join(INFRA, file), 'utf8');
const bicepFiles = (readdirSync(INFRA, { recursive: true }) as string[]).filter((f) => f.endsWith('.bicep')).sort();
/** Everything in infra/ that deploys or registers something. */
const infraFiles = (): Record<string, string> =>
  Object.fromEntries([...bicepFiles, 'deploy.sh', 'entra-app.sh', 'main.parameters.json'].map((f) => [f, read(f)]));

/** Settings that hold secrets: the deployment must never set them (managed identity instead). */
const SECRETS = ['COSMOS_KEY', 'GRAPH_CLIENT_SECRET'];
/** Settings of the Functions platform and of @azure/identity, not read by our code. */
const PLATFORM = /^(AzureWebJobsStorage__|APPLICATIONINSIGHTS_AUTHENTICATION_STRING$|AZURE_CLIENT_ID$|FUNCTIONS_)/;

/** The function app's settings as written in functionapp.bicep: name → value expression. */
function functionAppSettings(): Map<string, string> {
  const functionApp = read('modules/functionapp.bicep');
  return new Map([...functionApp.matchAll(/\{ name: '([A-Za-z_]+)', value: (.+?) \}/g)].map((m) => [m[1] as string, m[2] as string]));
}

describe('the infrastructure and the code agree', () => {
  it('deploys exactly the containers, partition keys and indexing policies the store creates', () => {
    expect(JSON.parse(read('cosmos-layout.json'))).toEqual(JSON.parse(JSON.stringify(Object.values(CONTAINERS))));
    const cosmos = read('modules/cosmos.bicep');
    expect(cosmos).toContain("loadJsonContent('../cosmos-layout.json')");
    expect(cosmos).toMatch(/for c in containers:/);
    expect(cosmos).toContain('disableLocalAuth: true');
    expect(cosmos).toMatch(/backupPolicy: \{ type: 'Continuous'/);
  });

  it('sets every setting the functions read, no secret, and nothing they do not read', () => {
    const set = [...functionAppSettings().keys()];
    const ours = set.filter((name) => !PLATFORM.test(name));
    const expected = SETTING_NAMES.filter((name) => !SECRETS.includes(name));
    expect([...ours].sort()).toEqual([...expected].sort());
    for (const secret of SECRETS) expect(set).not.toContain(secret);
    expect(set).toEqual(expect.arrayContaining(['AzureWebJobsStorage__accountName', 'AzureWebJobsStorage__credential']));
  });

  it('names the identity’s client id in every credential the function app has', () => {
    const settings = functionAppSettings();
    expect(settings.get('AzureWebJobsStorage__credential')).toBe("'managedidentity'");
    expect(settings.get('AzureWebJobsStorage__clientId')).toBe('identityClientId');
    expect(settings.get('MANAGED_IDENTITY_CLIENT_ID')).toBe('identityClientId');
    // @azure/identity's DefaultAzureCredential and ManagedIdentityCredential take it as their default.
    expect(settings.get('AZURE_CLIENT_ID')).toBe('identityClientId');
    // The Functions host's own telemetry, with local auth off in Application Insights.
    expect(settings.get('APPLICATIONINSIGHTS_AUTHENTICATION_STRING')).toBe("'ClientId=${identityClientId};Authorization=AAD'");
    expect(settings.get('APPLICATIONINSIGHTS_CONNECTION_STRING')).toBe('appInsightsConnectionString');
    const functionApp = read('modules/functionapp.bicep');
    expect(functionApp).toContain("authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }");
    expect(read('main.bicep')).toContain('identityClientId: identity.outputs.clientId');
  });

  it('sends mail from the one service mailbox deploy.sh is given, in the deployment’s tenant, and sets no MAIL_SENDER or MAIL_TENANT_ID without one', () => {
    const main = read('main.bicep');
    expect(main).toMatch(/@description\('The one service mailbox[^\n]*'\)\nparam serviceMailbox string = ''/);
    expect(main).toContain('serviceMailbox: serviceMailbox');
    expect(read('modules/functionapp.bicep')).toContain(
      [
        '  empty(serviceMailbox)',
        '    ? []',
        '    : [',
        "        { name: 'MAIL_SENDER', value: serviceMailbox }",
        "        { name: 'MAIL_TENANT_ID', value: tenant().tenantId }",
        '      ]',
        ')',
      ].join('\n'),
    );
    expect(functionAppSettings().get('MAIL_TENANT_ID')).toBe('tenant().tenantId');
    const deploy = read('deploy.sh');
    expect(deploy).toContain('serviceMailbox="${SERVICE_MAILBOX:-}"');
    expect(deploy).toMatch(/^# {3}SERVICE_MAILBOX /m);
  });

  it('accepts only Entra-authenticated telemetry, from the function app’s identity', () => {
    const monitoring = read('modules/monitoring.bicep');
    expect(monitoring).toContain('DisableLocalAuth: true');
    expect(monitoring).toContain('features: { disableLocalAuth: true }');
    // Monitoring Metrics Publisher, on the Application Insights resource alone, for the identity.
    expect(monitoring).toContain("var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'");
    expect(monitoring).toMatch(/resource publisher 'Microsoft\.Authorization\/roleAssignments@[\d-]+' = \{\n {2}name: guid\(appInsights\.id, principalId, monitoringMetricsPublisher\)\n {2}scope: appInsights\n/);
    expect(monitoring).toContain("roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)");
    expect(read('main.bicep')).toMatch(/appInsightsName: [^\n]+\n {4}principalId: identity\.outputs\.principalId/);
  });

  it('registers the app with no Graph application permission', () => {
    expect(read('entra-app.sh')).toContain('\\"requiredResourceAccess\\": []');
  });

  it('describes every parameter and names resources from a token', () => {
    for (const file of bicepFiles) {
      const lines = read(file).split('\n');
      lines.forEach((line, i) => {
        if (!/^param \w+/.test(line)) return;
        const before = lines.slice(Math.max(0, i - 4), i).join('\n');
        expect({ file, line, described: before.includes('@description(') }).toEqual({ file, line, described: true });
      });
    }
    const main = read('main.bicep');
    expect(main).toContain('uniqueString(subscription().id, resourceGroup().id, environmentName)');
    for (const match of main.matchAll(/name: '([^']+)'/g)) {
      if (match[1]?.includes('${')) expect(match[1]).toContain('${resourceToken}');
    }
  });
});

describe('least privilege: what must never come back in infra/', () => {
  it('finds no key, secret, tenant-wide permission, local auth or nameless identity in infra/', () => {
    expect(policyFindings(infraFiles())).toEqual([]);
  });

  // Each rule, shown to fire on the thing it forbids.
  const FORBIDDEN: [PolicyRule, string, string][] = [
    ['key-lookup', 'modules/storage.bicep', "var key = account.listKeys().keys[0].value"],
    ['key-lookup', 'modules/cosmos.bicep', "output k string = listKeys(account.id, '2024-11-15').primaryMasterKey"],
    ['key-lookup', 'deploy.sh', 'key=$(az storage account keys list -g "$FT_RESOURCE_GROUP" -n st --query [0].value -o tsv)'],
    ['key-material', 'modules/functionapp.bicep', "{ name: 'X', value: 'DefaultEndpointsProtocol=https;AccountName=st;AccountKey=${k}' }"],
    ['key-material', 'modules/functionapp.bicep', "{ name: 'APPINSIGHTS_INSTRUMENTATIONKEY', value: appInsights.properties.InstrumentationKey }"],
    ['key-material', 'modules/functionapp.bicep', "{ name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: 'InstrumentationKey=${ikey}' }"],
    ['key-material', 'modules/cosmos.bicep', 'output key string = account.listKeys().primaryMasterKey'],
    ['secret-setting', 'modules/functionapp.bicep', "{ name: 'COSMOS_KEY', value: cosmosKey }"],
    ['secret-setting', 'modules/functionapp.bicep', "{ name: 'GRAPH_CLIENT_SECRET', value: secret }"],
    ['secret-setting', 'modules/functionapp.bicep', "{ name: 'WEBHOOK_SECRET', value: 'x' }"],
    ['secret-setting', 'modules/functionapp.bicep', "{ name: 'AzureWebJobsStorage', value: storageConnection }"],
    ['secret-setting', 'modules/functionapp.bicep', "{\n  name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING'\n  value: files\n}"],
    ['secret-setting', 'deploy.sh', 'az functionapp config appsettings set -g rg -n app --settings COSMOS_KEY="$k"'],
    ['secret-credential', 'entra-app.sh', 'az ad app credential reset --id "$app_id" --append'],
    ['secret-credential', 'entra-app.sh', '  \\"passwordCredentials\\": [{ \\"displayName\\": \\"functions\\" }]'],
    ['secret-credential', 'modules/functionapp.bicep', 'param clientSecret string'],
    ['secret-credential', 'main.bicep', '@secure()\nparam graphPassword string'],
    ['secret-into-settings', 'deploy.sh', 'token=$(az staticwebapp secrets list -g rg -n swa --query properties.apiKey -o tsv)\naz functionapp config appsettings set -g rg -n app --settings PAGES_DEPLOY="$token"'],
    ['secret-into-settings', 'deploy.sh', 'az functionapp config appsettings set -g rg -n app --settings X="$(az cosmosdb keys list -g rg -n c --query primaryMasterKey -o tsv)"'],
    ['tenant-wide-permission', 'entra-app.sh', `MAIL_SEND=${TENANT_WIDE_GRAPH_ROLES['Mail.Send']}`],
    ['tenant-wide-permission', 'entra-app.sh', `az ad app permission add --id "$app_id" --api 00000003-0000-0000-c000-000000000000 --api-permissions ${TENANT_WIDE_GRAPH_ROLES['TeamsActivity.Send']}=Role`],
    ['tenant-wide-permission', 'entra-app.sh', '        \\"resourceAccess\\": [{\\"id\\": \\"$ANY_ROLE\\", \\"type\\": \\"Role\\"}]'],
    ['tenant-wide-permission', 'main.parameters.json', '{ "requiredResourceAccess": [{ "resourceAccess": [{ "id": "x", "type": "Role" }] }] }'],
    ['tenant-wide-permission', 'entra-app.sh', 'az ad app permission add --id "$app_id" --api "$GRAPH" --api-permissions "$(graph_role Mail.Send)"'],
    ['tenant-wide-permission', 'entra-app.sh', 'permission=TeamsActivity.Send'],
    ['tenant-wide-permission', 'main.bicep', "resource grant 'Microsoft.Graph/appRoleAssignedTo@v1.0' = {"],
    ['local-auth-enabled', 'modules/monitoring.bicep', '    DisableLocalAuth: false'],
    ['local-auth-enabled', 'modules/cosmos.bicep', '    disableLocalAuth: false'],
    ['local-auth-enabled', 'modules/storage.bicep', '    allowSharedKeyAccess: true'],
    ['identity-without-client-id', 'modules/functionapp.bicep', "{ name: 'AzureWebJobsStorage__accountName', value: storageAccountName }\n{ name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }"],
    ['identity-without-client-id', 'modules/functionapp.bicep', "{ name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD' }"],
    ['identity-without-client-id', 'deploy.sh', 'az functionapp config appsettings set -g rg -n app --settings Queues__credential=managedidentity'],
    ['identity-without-client-id', 'modules/functionapp.bicep', "authentication: { type: 'UserAssignedIdentity' }"],
  ];
  it.each(FORBIDDEN.map(([rule, file, text]) => [rule, file, text.replaceAll('\n', ' ⏎ '), text] as const))('catches %s in %s: %s', (rule, file, _shown, text) => {
    expect(policyFindings({ [file]: text }).map((f) => f.rule)).toContain(rule);
  });

  it('catches a real file broken back: a credential without the client id, local auth on, the old Graph permissions', () => {
    const files = infraFiles();
    const broken = {
      'modules/functionapp.bicep': (files['modules/functionapp.bicep'] as string).replace(/^.*AzureWebJobsStorage__clientId.*\n/m, '').replace('ClientId=${identityClientId};Authorization=AAD', 'Authorization=AAD'),
      'modules/monitoring.bicep': (files['modules/monitoring.bicep'] as string).replace('DisableLocalAuth: true', 'DisableLocalAuth: false'),
      'entra-app.sh': (files['entra-app.sh'] as string).replace(
        '\\"requiredResourceAccess\\": []',
        `\\"requiredResourceAccess\\": [{\\"resourceAppId\\": \\"$GRAPH\\", \\"resourceAccess\\": [{\\"id\\": \\"${TENANT_WIDE_GRAPH_ROLES['Mail.Send']}\\", \\"type\\": \\"Role\\"}]}]`,
      ),
      'deploy.sh': `${files['deploy.sh']}\naz functionapp config appsettings set -g "$FT_RESOURCE_GROUP" -n "$function_app" --settings SWA_TOKEN="$token"\n`,
    };
    const found = policyFindings(broken).map((f) => `${f.file}: ${f.rule}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'modules/functionapp.bicep: identity-without-client-id',
        'modules/monitoring.bicep: local-auth-enabled',
        'entra-app.sh: tenant-wide-permission',
        'deploy.sh: secret-into-settings',
      ]),
    );
    // Two nameless credentials in functionapp.bicep: the storage connection and the Application Insights string.
    expect(found.filter((f) => f === 'modules/functionapp.bicep: identity-without-client-id')).toHaveLength(2);
  });

  it('lets through what is allowed: the connection string as a locator, the RSC permission, Exchange’s scoped role, a deployment token kept in the shell', () => {
    expect(
      policyFindings({
        'modules/functionapp.bicep': "{ name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }",
        'entra-app.sh': [
          '# TeamsActivity.Send and Mail.Send are not requested (a comment may name them).',
          'echo "TeamsActivity.Send.User comes from the manifest"',
          'New-ManagementRoleAssignment -App $app_id -Role "Application Mail.Send" -CustomResourceScope "Followthrough service mailbox"',
        ].join('\n'),
        'deploy.sh': 'token=$(az staticwebapp secrets list -g rg -n swa --query properties.apiKey -o tsv)\nnpx @azure/static-web-apps-cli@2 deploy addin/dist --deployment-token "$token"',
      }),
    ).toEqual([]);
  });
});
