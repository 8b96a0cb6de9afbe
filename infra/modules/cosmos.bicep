@description('Azure region.')
param location string
@description('Tags on every resource.')
param tags { *: string }
@description('Cosmos DB account name.')
param accountName string
@description('serverless or provisioned (autoscale).')
@allowed(['serverless', 'provisioned'])
param capacityMode string
@description('Autoscale maximum RU/s of the database (provisioned only).')
param maxThroughput int
@description('Principal id of the function app identity: gets the data-plane Built-in Data Contributor role.')
param principalId string
@description('Database name (the functions read it as COSMOS_DATABASE).')
param databaseName string = 'followthrough'

// The containers, partition keys and indexing policies exactly as functions/src/store/layout.ts declares them
// (written to cosmos-layout.json by `npm run infra:layout`; a test keeps them equal).
var containers = loadJsonContent('../cosmos-layout.json')

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [{ locationName: location, failoverPriority: 0, isZoneRedundant: false }]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    // Keys are off: the functions sign in with their managed identity and a data-plane role.
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    backupPolicy: { type: 'Continuous', continuousModeProperties: { tier: 'Continuous7Days' } }
    capabilities: capacityMode == 'serverless' ? [{ name: 'EnableServerless' }] : []
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: { id: databaseName }
    options: capacityMode == 'provisioned' ? { autoscaleSettings: { maxThroughput: maxThroughput } } : {}
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for c in containers: {
    parent: database
    name: c.id
    properties: {
      resource: union(
        // Hierarchical partition keys (tenant, then bucket) where the layout says MultiHash; the tenant alone elsewhere.
        {
          id: c.id
          partitionKey: contains(c.partitionKey, 'kind')
            ? { paths: c.partitionKey.paths, kind: c.partitionKey.kind, version: c.partitionKey.version }
            : { paths: c.partitionKey.paths, kind: 'Hash' }
        },
        contains(c, 'indexingPolicy') ? { indexingPolicy: c.indexingPolicy } : {},
        contains(c, 'defaultTtl') ? { defaultTtl: c.defaultTtl } : {}
      )
    }
  }
]

// Cosmos DB Built-in Data Contributor.
resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, principalId, '00000000-0000-0000-0000-000000000002')
  properties: {
    principalId: principalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    scope: account.id
  }
}

@description('Account endpoint (COSMOS_ENDPOINT).')
output endpoint string = account.properties.documentEndpoint
@description('Database name (COSMOS_DATABASE).')
output databaseName string = database.name
