import type { Agent } from 'node:https';
import { type Container, CosmosClient, type CosmosClientOptions, type Database, type PluginConfig } from '@azure/cosmos';
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';

export type { CosmosClient } from '@azure/cosmos';
import { CONTAINERS, type ContainerName } from './layout';
import { cosmosTracingPlugin } from './tracing';

/** Counts the requests our code sends to Cosmos: what the benchmarks report per API operation. */
export class RequestCounter {
  /** Reads, writes, queries and batches on documents. */
  data = 0;
  /** Query-plan lookups the SDK makes beside a query (gateway metadata, no RU charge). */
  queryPlans = 0;
  /** Database, container and account metadata. */
  metadata = 0;

  reset(): void {
    this.data = 0;
    this.queryPlans = 0;
    this.metadata = 0;
  }

  snapshot(): { data: number; queryPlans: number; metadata: number } {
    return { data: this.data, queryPlans: this.queryPlans, metadata: this.metadata };
  }

  readonly plugin: PluginConfig = {
    on: 'request',
    plugin: async (context, _node, next) => {
      if (context.headers?.['x-ms-cosmos-is-query-plan-request']) this.queryPlans++;
      else if (context.resourceType === 'docs') this.data++;
      else this.metadata++;
      return next(context);
    },
  };
}

export interface CosmosConnection {
  endpoint: string;
  /** Account key; without one the client signs in with the managed identity (production: disableLocalAuth). */
  key?: string;
  databaseId: string;
  /**
   * The function app's user-assigned identity. Named explicitly: with only a user-assigned identity and no client
   * id, a managed-identity credential finds nothing to sign in as, and Cosmos (local auth off) refuses every request.
   */
  managedIdentityClientId?: string;
  /** Only for the local stand-in, whose certificate is self-signed. */
  agent?: Agent;
  counter?: RequestCounter;
  /** More request plugins (tests record what is sent). */
  plugins?: PluginConfig[];
}

/**
 * Azure sign-in without a key: the user-assigned managed identity by its client id in Azure; elsewhere (a developer
 * against a real account) whatever DefaultAzureCredential finds, e.g. `az login`.
 */
function azureCredential(managedIdentityClientId: string | undefined): TokenCredential {
  return managedIdentityClientId ? new ManagedIdentityCredential({ clientId: managedIdentityClientId }) : new DefaultAzureCredential();
}

export function createCosmosClient(connection: CosmosConnection): CosmosClient {
  const options: CosmosClientOptions & { plugins?: PluginConfig[] } = {
    endpoint: connection.endpoint,
    ...(connection.key ? { key: connection.key } : { aadCredentials: azureCredential(connection.managedIdentityClientId) }),
    ...(connection.agent ? { agent: connection.agent } : {}),
    connectionPolicy: { enableEndpointDiscovery: !connection.agent },
    userAgentSuffix: 'followthrough',
    // `plugins` is a documented-but-hidden option of @azure/cosmos; we use it to trace and to count requests.
    plugins: [cosmosTracingPlugin, ...(connection.counter ? [connection.counter.plugin] : []), ...(connection.plugins ?? [])],
  };
  return new CosmosClient(options);
}

/**
 * The database and its containers. They are created (with their indexing policies) the first time any is needed;
 * a failed attempt is retried by the next request.
 */
export class CosmosStore {
  private ready: Promise<Database> | undefined;

  constructor(
    readonly client: CosmosClient,
    readonly databaseId: string,
  ) {}

  async container(name: ContainerName): Promise<Container> {
    const database = await this.ensureSchema();
    return database.container(CONTAINERS[name].id);
  }

  ensureSchema(): Promise<Database> {
    this.ready ??= this.createSchema().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async createSchema(): Promise<Database> {
    const { database } = await this.client.databases.createIfNotExists({ id: this.databaseId });
    for (const definition of Object.values(CONTAINERS)) {
      await database.containers.createIfNotExists(definition);
    }
    return database;
  }
}
