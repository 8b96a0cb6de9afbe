import { ManagedIdentityCredential } from '@azure/identity';
import type { ConnectorTokenProvider } from './connector';

/** The Bot Connector's resource: what a bot's app-only token is for. */
const BOT_CONNECTOR_SCOPE = 'https://api.botframework.com/.default';

/**
 * App-only tokens for the Bot Connector, as a user-assigned-MSI bot gets them: from the function app's user-assigned
 * managed identity, which is the bot's identity (its app id is the identity's client id). No secret, no certificate;
 * @azure/identity caches the token and renews it before it expires.
 */
export function createConnectorTokenProvider(managedIdentityClientId: string): ConnectorTokenProvider {
  const credential = new ManagedIdentityCredential({ clientId: managedIdentityClientId });
  return {
    async getToken() {
      const token = await credential.getToken(BOT_CONNECTOR_SCOPE);
      if (!token) throw new Error('no token for the Bot Connector from the managed identity');
      return token.token;
    },
  };
}
