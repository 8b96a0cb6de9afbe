// Followthrough on Azure: the Function App (Flex Consumption), Cosmos DB, the pages' hosting and monitoring.
// Deploy with infra/deploy.sh (or: az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json).
targetScope = 'resourceGroup'

@description('Short name of this environment (e.g. prod, test). Part of every resource name.')
@minLength(2)
@maxLength(12)
param environmentName string

@description('Azure region for every resource. Flex Consumption must be available in it.')
param location string = resourceGroup().location

@description('Cosmos DB capacity: serverless (pay per request, best for most teams) or provisioned (autoscale RU/s).')
@allowed(['serverless', 'provisioned'])
param cosmosCapacityMode string = 'serverless'

@description('Autoscale maximum RU/s of the database when cosmosCapacityMode is provisioned.')
@minValue(1000)
param cosmosMaxThroughput int = 1000

@description('Always-ready instances for the HTTP functions (0 allows scale to zero; 1 avoids cold starts for the add-in).')
@minValue(0)
@maxValue(20)
param alwaysReadyHttpInstances int = 1

@description('Client id of the Entra app registration for the API (token audience, Graph app-only tokens). See infra/README.md.')
param apiClientId string

@description('Entra tenant ids whose users may use Followthrough, comma-separated.')
param allowedTenantIds string

@description('The Teams app id (manifest "id"), used in notification deep links.')
param teamsAppId string

@description('The one service mailbox reminder emails are sent from (MAIL_SENDER), e.g. followthrough@contoso.com. Exchange Online RBAC for Applications lets the app send as this mailbox only (infra/README.md). It must be a mailbox of this deployment\'s Entra tenant (MAIL_TENANT_ID). Empty: no email fallback, the Teams activity feed only.')
param serviceMailbox string = ''

@description('Days a notification is kept once it is sent, failed or cancelled (NOTIFICATION_RETENTION_DAYS; Cosmos DB TTL).')
@minValue(1)
@maxValue(3650)
param notificationRetentionDays int = 90

@description('Hours an Idempotency-Key record is kept after its last write (IDEMPOTENCY_RETENTION_HOURS; Cosmos DB TTL).')
@minValue(1)
@maxValue(8760)
param idempotencyRetentionHours int = 24

@description('Run the daily check for users deleted in Entra ID (ENTRA_LEAVERS_CHECK). Needs the application permission User.Read.All granted to the app registration in every allowed tenant (infra/README.md, "Leavers from Entra ID"); off by default.')
param entraLeaversCheck bool = false

@description('Days a finished tenant export stays downloadable before its files and job are deleted (EXPORT_RETENTION_DAYS); Blob Storage deletes anything older a day later as a backstop.')
@minValue(1)
@maxValue(90)
param exportRetentionDays int = 7

@description('Pricing tier of the Azure Bot resource: F0 (free; messages on Teams, a standard channel, are free) or S1.')
@allowed(['F0', 'S1'])
param botSku string = 'F0'

@description('Tags on every resource.')
param tags { *: string } = {}

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var prefix = 'ft-${environmentName}'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${prefix}-${resourceToken}'
    appInsightsName: 'appi-${prefix}-${resourceToken}'
    principalId: identity.outputs.principalId
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    tags: tags
    name: 'id-${prefix}-${resourceToken}'
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: 'stft${resourceToken}'
    principalId: identity.outputs.principalId
    exportRetentionDays: exportRetentionDays
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: location
    tags: tags
    accountName: 'cosmos-${prefix}-${resourceToken}'
    capacityMode: cosmosCapacityMode
    maxThroughput: cosmosMaxThroughput
    principalId: identity.outputs.principalId
  }
}

module pages 'modules/pages.bicep' = {
  name: 'pages'
  params: {
    // Static Web Apps exist in a few regions only; the pages are served from a global edge anyway.
    location: 'westeurope'
    tags: tags
    name: 'swa-${prefix}-${resourceToken}'
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    tags: tags
    planName: 'plan-${prefix}-${resourceToken}'
    name: 'func-${prefix}-${resourceToken}'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabase: cosmos.outputs.databaseName
    apiClientId: apiClientId
    allowedTenantIds: allowedTenantIds
    teamsAppId: teamsAppId
    serviceMailbox: serviceMailbox
    notificationRetentionDays: notificationRetentionDays
    idempotencyRetentionHours: idempotencyRetentionHours
    entraLeaversCheck: entraLeaversCheck
    exportBlobEndpoint: storage.outputs.blobEndpoint
    exportContainer: storage.outputs.exportContainerName
    exportRetentionDays: exportRetentionDays
    pagesUrl: pages.outputs.url
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    tags: tags
    name: 'bot-${prefix}-${resourceToken}'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    identityTenantId: tenant().tenantId
    functionAppUrl: functionApp.outputs.url
    sku: botSku
  }
}

@description('The API base URL the pages call (app-config.json apiBaseUrl).')
output apiBaseUrl string = '${functionApp.outputs.url}/api'

@description('Where the add-in and tab pages are served: PAGES_URL for npm run package.')
output pagesUrl string = pages.outputs.url

@description('Static Web App name, for uploading the pages.')
output pagesName string = pages.outputs.name

@description('Function app name, for deploying the code.')
output functionAppName string = functionApp.outputs.name

@description('The managed identity the functions run as: add it to the app registration as a federated credential.')
output managedIdentityPrincipalId string = identity.outputs.principalId

@description('Client id of that managed identity.')
output managedIdentityClientId string = identity.outputs.clientId

@description('Cosmos DB endpoint.')
output cosmosEndpoint string = cosmos.outputs.endpoint

@description('The bot\'s app id (the managed identity\'s client id): BOT_APP_ID for npm run package (manifest bots[0].botId).')
output botAppId string = bot.outputs.appId
