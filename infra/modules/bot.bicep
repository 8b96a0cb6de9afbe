// The Azure Bot resource of the Followthrough bot: a user-assigned-MSI bot (multi-tenant bot creation ended in July
// 2025), whose identity is the function app's own user-assigned identity — no app registration, no secret, no
// certificate. Its messaging endpoint is the function app's POST /api/messages; the Teams channel is on.
@description('Tags on every resource.')
param tags { *: string }
@description('Bot resource name (globally unique).')
param name string
@description('Resource id of the user-assigned identity the bot is (the function app\'s).')
param identityId string
@description('Client id of that identity: the bot\'s app id (BOT_APP_ID, manifest bots[0].botId).')
param identityClientId string
@description('The Entra tenant of that identity (this deployment\'s): the bot is single-tenant, as a user-assigned-MSI bot is.')
param identityTenantId string
@description('https URL of the function app; the messaging endpoint is its /api/messages.')
param functionAppUrl string
@description('Pricing tier: F0 (free; Teams is a standard channel, whose messages are free) or S1.')
@allowed(['F0', 'S1'])
param sku string = 'F0'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  // Azure Bot resources are global; the bot's data stays with the function app.
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: { name: sku }
  properties: {
    displayName: 'Followthrough'
    description: 'Reminders you can act on: Done, New date with the reason, Snooze.'
    endpoint: '${functionAppUrl}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identityClientId
    msaAppMSIResourceId: identityId
    msaAppTenantId: identityTenantId
    // No Direct Line or Web Chat keys: Teams is the only channel.
    disableLocalAuth: true
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true, enableCalling: false }
  }
}

@description('Bot resource name.')
output name string = bot.name
@description('The bot\'s app id, for the app package (manifest bots[0].botId).')
output appId string = identityClientId
