@description('Azure region of the Static Web App resource (a Static Web Apps region).')
param location string
@description('Tags on every resource.')
param tags { *: string }
@description('Static Web App name: serves addin/dist (the task pane, the tab, icons, privacy and terms).')
param name string

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Free', tier: 'Free' }
  properties: {
    allowConfigFileUpdates: true
  }
}

@description('Static Web App name.')
output name string = site.name
@description('https URL of the pages.')
output url string = 'https://${site.properties.defaultHostname}'
