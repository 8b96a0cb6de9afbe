@description('Azure region.')
param location string
@description('Tags on every resource.')
param tags object
@description('Log Analytics workspace name.')
param logAnalyticsName string
@description('Application Insights name.')
param appInsightsName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
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
    DisableLocalAuth: false
  }
}

@description('Application Insights connection string (an identifier, not a secret).')
output appInsightsConnectionString string = appInsights.properties.ConnectionString
