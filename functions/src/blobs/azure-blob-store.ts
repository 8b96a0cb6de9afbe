import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { BlobServiceClient, type ContainerClient, RestError, StorageSharedKeyCredential } from '@azure/storage-blob';
import { Unavailable } from '../domain';
import type { BlobDownload, BlobStore } from '../services/ports';

export interface BlobStoreConnection {
  /** The account's blob endpoint, e.g. `https://<account>.blob.core.windows.net` (Azurite: `http://127.0.0.1:<port>/devstoreaccount1`). */
  endpoint: string;
  container: string;
  /** The function app's user-assigned identity (Storage Blob Data Owner on the account; shared keys are off). */
  managedIdentityClientId?: string;
  /** Only for Azurite, whose one account has a well-known key: a shared-key credential and the container made on first use. */
  emulatorAccount?: { name: string; key: string };
}

/**
 * Azure sign-in: the user-assigned managed identity by its client id in Azure; elsewhere (a developer against a real
 * account) whatever DefaultAzureCredential finds, e.g. `az login`.
 */
function azureCredential(managedIdentityClientId: string | undefined): TokenCredential {
  return managedIdentityClientId ? new ManagedIdentityCredential({ clientId: managedIdentityClientId }) : new DefaultAzureCredential();
}

/** Blob Storage through @azure/storage-blob: block blobs, one block per page, committed at the end. */
export class AzureBlobStore implements BlobStore {
  private readonly container: ContainerClient;
  private ready: Promise<void> | undefined;

  constructor(private readonly connection: BlobStoreConnection) {
    const credential = connection.emulatorAccount
      ? new StorageSharedKeyCredential(connection.emulatorAccount.name, connection.emulatorAccount.key)
      : azureCredential(connection.managedIdentityClientId);
    this.container = new BlobServiceClient(connection.endpoint, credential).getContainerClient(connection.container);
  }

  async stageBlock(path: string, blockId: string, content: Uint8Array): Promise<void> {
    await this.ensureContainer();
    await storage(() => this.container.getBlockBlobClient(path).stageBlock(blockId, content, content.byteLength));
  }

  async commitBlocks(path: string, blockIds: string[], contentType: string): Promise<void> {
    await this.ensureContainer();
    await storage(() => this.container.getBlockBlobClient(path).commitBlockList(blockIds, { blobHTTPHeaders: { blobContentType: contentType } }));
  }

  async read(path: string): Promise<BlobDownload | null> {
    try {
      const response = await this.container.getBlobClient(path).download();
      const body = response.readableStreamBody;
      if (!body) return null;
      return { size: response.contentLength ?? 0, contentType: response.contentType ?? 'application/octet-stream', body: body as AsyncIterable<Uint8Array> };
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return null;
      throw translateStorageError(error);
    }
  }

  async deleteUnder(prefix: string): Promise<number> {
    let deleted = 0;
    try {
      for await (const blob of this.container.listBlobsFlat({ prefix })) {
        await this.container.deleteBlob(blob.name, { deleteSnapshots: 'include' }).catch((error: unknown) => {
          if (!(error instanceof RestError && error.statusCode === 404)) throw error;
        });
        deleted++;
      }
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return deleted;
      throw translateStorageError(error);
    }
    return deleted;
  }

  /** In Azure the container is deployed (infra/modules/storage.bicep); only the emulator's is made here. */
  private ensureContainer(): Promise<void> {
    if (!this.connection.emulatorAccount) return Promise.resolve();
    this.ready ??= this.container
      .createIfNotExists()
      .then(() => undefined)
      .catch((error: unknown) => {
        this.ready = undefined;
        throw translateStorageError(error);
      });
    return this.ready;
  }
}

async function storage<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateStorageError(error);
  }
}

/** Throttling and outages of Blob Storage answer 503 with Retry-After, as the database's do. */
function translateStorageError(error: unknown): unknown {
  if (error instanceof RestError && (error.statusCode === 429 || error.statusCode === 500 || error.statusCode === 503 || error.code === 'ECONNREFUSED')) {
    return new Unavailable('Blob Storage is briefly unavailable. Retry shortly.');
  }
  return error;
}

/** Where no blob endpoint is configured (EXPORT_BLOB_ENDPOINT): exports answer 503 saying so. */
export const unconfiguredBlobStore: BlobStore = {
  stageBlock: notConfigured,
  commitBlocks: notConfigured,
  read: notConfigured,
  deleteUnder: async () => 0,
};

function notConfigured(): Promise<never> {
  return Promise.reject(new Unavailable('Exports are not configured on this deployment (EXPORT_BLOB_ENDPOINT).', 3600));
}
