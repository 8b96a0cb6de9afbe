@description('Azure region.')
param location string
@description('Tags on every resource.')
param tags { *: string }
@description('Name of the user-assigned managed identity the functions run as.')
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id.')
output id string = identity.id
@description('Principal (object) id.')
output principalId string = identity.properties.principalId
@description('Client id.')
output clientId string = identity.properties.clientId
