@description('Azure region.')
param location string
@description('Tags on every resource.')
param tags { *: string }
@description('Flex Consumption plan name.')
param planName string
@description('Function app name.')
param name string
@description('Resource id of the user-assigned identity the functions run as.')
param identityId string
@description('Client id of that identity: every credential names it (storage, Application Insights, @azure/identity).')
param identityClientId string
@description('Storage account for the Functions host (identity-based).')
param storageAccountName string
@description('Blob container URL of the deployment package.')
param deploymentContainerUrl string
@description('Application Insights connection string.')
param appInsightsConnectionString string
@description('Always-ready instances for the HTTP functions.')
param alwaysReadyHttpInstances int
@description('Cosmos DB endpoint.')
param cosmosEndpoint string
@description('Cosmos DB database name.')
param cosmosDatabase string
@description('Client id of the API app registration.')
param apiClientId string
@description('Allowed Entra tenant ids, comma-separated.')
param allowedTenantIds string
@description('Teams app id (manifest id).')
param teamsAppId string
@description('The service mailbox reminder emails are sent from (MAIL_SENDER, with MAIL_TENANT_ID the deployment\'s tenant); empty: no email fallback.')
param serviceMailbox string
@description('URL of the pages (CORS origin, the token audience URI).')
param pagesUrl string
@description('Days a final notification is kept (NOTIFICATION_RETENTION_DAYS).')
param notificationRetentionDays int
@description('Hours an Idempotency-Key record is kept (IDEMPOTENCY_RETENTION_HOURS).')
param idempotencyRetentionHours int
@description('Whether the daily check for users deleted in Entra ID runs (ENTRA_LEAVERS_CHECK); it needs User.Read.All.')
param entraLeaversCheck bool
@description('Blob endpoint of the storage account tenant exports are written to (EXPORT_BLOB_ENDPOINT).')
param exportBlobEndpoint string
@description('Blob container of the exports (EXPORT_CONTAINER).')
param exportContainer string
@description('Days a finished export stays downloadable (EXPORT_RETENTION_DAYS).')
param exportRetentionDays int

// Every setting the functions read (functions/src/platform/config.ts) — and no secret: storage, Cosmos DB, Application
// Insights and Graph are reached with the managed identity, and every credential names its client id (with a
// user-assigned identity and no client id, a credential finds no identity to sign in as). test/unit/infra.test.ts
// checks this list against the code.
var loginEndpoint = environment().authentication.loginEndpoint
var appSettings = concat(
  [
    { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
    { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
    { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
    { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
    { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
    { name: 'AZURE_CLIENT_ID', value: identityClientId }
    { name: 'COSMOS_ENDPOINT', value: cosmosEndpoint }
    { name: 'COSMOS_DATABASE', value: cosmosDatabase }
    { name: 'AUTH_AUDIENCE', value: '${apiClientId},api://${replace(pagesUrl, 'https://', '')}/${apiClientId}' }
    { name: 'AUTH_ALLOWED_TENANTS', value: allowedTenantIds }
    { name: 'AUTH_ISSUER_TEMPLATE', value: '${loginEndpoint}{tenantid}/v2.0' }
    { name: 'AUTH_JWKS_URL', value: '${loginEndpoint}common/discovery/v2.0/keys' }
    { name: 'AUTH_REQUIRED_SCOPE', value: 'access_as_user' }
    { name: 'AUTH_ADMIN_APP_ROLE', value: 'Followthrough.Admin' }
    { name: 'GRAPH_BASE_URL', value: 'https://graph.microsoft.com/v1.0' }
    { name: 'GRAPH_CLIENT_ID', value: apiClientId }
    { name: 'MANAGED_IDENTITY_CLIENT_ID', value: identityClientId }
    { name: 'TEAMS_APP_ID', value: teamsAppId }
    { name: 'NOTIFICATION_RETENTION_DAYS', value: string(notificationRetentionDays) }
    { name: 'IDEMPOTENCY_RETENTION_HOURS', value: string(idempotencyRetentionHours) }
    { name: 'ENTRA_LEAVERS_CHECK', value: entraLeaversCheck ? 'on' : 'off' }
    { name: 'EXPORT_BLOB_ENDPOINT', value: exportBlobEndpoint }
    { name: 'EXPORT_CONTAINER', value: exportContainer }
    { name: 'EXPORT_RETENTION_DAYS', value: string(exportRetentionDays) }
    { name: 'EXPORT_PAGE_SIZE', value: '500' }
    { name: 'EXPORT_PAUSE_MS', value: '100' }
    // The bot is a user-assigned-MSI bot whose identity is the function app's: its app id is the identity's client id.
    { name: 'BOT_APP_ID', value: identityClientId }
    { name: 'BOT_OPENID_METADATA_URL', value: 'https://login.botframework.com/v1/.well-known/openidconfiguration' }
    { name: 'BOT_TENANT_ID', value: tenant().tenantId }
  ],
  // Unset rather than empty: an empty MAIL_SENDER is not an address, and the functions would refuse to start. The
  // service mailbox lives in the tenant Followthrough is deployed from, whose app-only token sends the mail.
  empty(serviceMailbox)
    ? []
    : [
        { name: 'MAIL_SENDER', value: serviceMailbox }
        { name: 'MAIL_TENANT_ID', value: tenant().tenantId }
      ]
)

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: 100
        instanceMemoryMB: 2048
        alwaysReady: alwaysReadyHttpInstances > 0 ? [{ name: 'http', instanceCount: alwaysReadyHttpInstances }] : []
      }
      runtime: { name: 'node', version: '22' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      cors: { allowedOrigins: [pagesUrl], supportCredentials: false }
      appSettings: appSettings
    }
  }
}

@description('Function app name.')
output name string = app.name
@description('https URL of the function app.')
output url string = 'https://${app.properties.defaultHostName}'
