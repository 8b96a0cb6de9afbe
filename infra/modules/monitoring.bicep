@description('Azure region.')
param location string
@description('Tags on every resource.')
param tags { *: string }
@description('Log Analytics workspace name.')
param logAnalyticsName string
@description('Application Insights name.')
param appInsightsName string
@description('Principal id of the function app identity: the only one allowed to send telemetry (Monitoring Metrics Publisher).')
param principalId string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
    // No workspace keys: Application Insights writes into it, and nothing else ingests with a shared key.
    features: { disableLocalAuth: true }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Only Microsoft Entra-authenticated telemetry is accepted: the instrumentation key in the connection string then
    // locates the resource but cannot be used to send to it.
    DisableLocalAuth: true
  }
}

// Monitoring Metrics Publisher: despite its name, it is what publishes all telemetry (traces, requests, logs) to the
// resource once local auth is off. Scoped to this one Application Insights resource.
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
  }
}

@description('Application Insights connection string: where telemetry goes. Not a credential (local auth is disabled).')
output appInsightsConnectionString string = appInsights.properties.ConnectionString
