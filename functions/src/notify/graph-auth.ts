import { ClientAssertionCredential, ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { GraphTokenProvider } from './graph';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/** The audience Entra expects of a managed identity token used as a federated credential. */
const TOKEN_EXCHANGE_SCOPE = 'api://AzureADTokenExchange/.default';

export interface GraphAuthOptions {
  /** The multi-tenant app registration, consented in each customer tenant. */
  clientId: string;
  /** For local development against a real tenant. Production leaves it out and uses the managed identity. */
  clientSecret?: string;
  /** A user-assigned managed identity; omit for the system-assigned one. */
  managedIdentityClientId?: string;
}

/**
 * App-only Graph tokens per customer tenant. One credential per tenant, kept for the life of the process;
 * @azure/identity caches each credential's tokens and refreshes them before they expire.
 *
 * Without a client secret, the app authenticates with a client assertion: a token of the Function App's managed
 * identity, which is configured as a federated identity credential of the multi-tenant app. No secret to rotate.
 */
export function createGraphTokenProvider(options: GraphAuthOptions): GraphTokenProvider {
  const credentials = new Map<string, TokenCredential>();
  let managedIdentity: ManagedIdentityCredential | undefined;

  const assertion = async (): Promise<string> => {
    managedIdentity ??= new ManagedIdentityCredential(options.managedIdentityClientId ? { clientId: options.managedIdentityClientId } : {});
    const token = await managedIdentity.getToken(TOKEN_EXCHANGE_SCOPE);
    return token.token;
  };

  const credentialFor = (tenantId: string): TokenCredential => {
    let credential = credentials.get(tenantId);
    if (!credential) {
      credential = options.clientSecret
        ? new ClientSecretCredential(tenantId, options.clientId, options.clientSecret)
        : new ClientAssertionCredential(tenantId, options.clientId, assertion);
      credentials.set(tenantId, credential);
    }
    return credential;
  };

  return {
    async getToken(tenantId: string): Promise<string> {
      const token = await credentialFor(tenantId).getToken(GRAPH_SCOPE);
      if (!token) throw new Error(`no Graph token for tenant ${tenantId}`);
      return token.token;
    },
  };
}
