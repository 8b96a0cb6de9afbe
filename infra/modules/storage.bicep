@description('Azure region.')
param location string
@description('Tags on every resource.')
param tags { *: string }
@description('Storage account name (the Functions host and the deployment package).')
param name string
@description('Principal id of the function app identity, given blob, queue and table data roles.')
param principalId string
@description('Days a finished tenant export is kept (the app deletes it then); blobs in the exports container older than this and a day are deleted by the account as a backstop.')
param exportRetentionDays int

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource deployments 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'app-package'
}

// Tenant exports (NDJSON, one blob per kind under <tenantId>/<jobId>/), private: admins download them through the API,
// which streams them (no SAS). The function app's identity already holds Storage Blob Data Owner on the account.
resource exports 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'exports'
  properties: { publicAccess: 'None' }
}

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-exports'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: ['blockBlob'], prefixMatch: ['${exports.name}/'] }
            actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: exportRetentionDays + 1 } } }
          }
        }
      ]
    }
  }
}

// Storage Blob Data Owner (host leases for timers, deployment package), Queue and Table Data Contributor (host).
var roles = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
]

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in roles: {
    name: guid(account.id, principalId, role)
    scope: account
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

@description('Storage account name.')
output name string = account.name
@description('Blob endpoint of the account (tenant exports).')
output blobEndpoint string = account.properties.primaryEndpoints.blob
@description('Name of the tenant exports container.')
output exportContainerName string = exports.name
@description('URL of the deployment package container.')
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deployments.name}'
