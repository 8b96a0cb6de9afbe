import { createRequire } from 'node:module';

/** Azurite's one account and its well-known key (published by Microsoft for the emulator; not a secret). */
export const AZURITE_ACCOUNT = { name: 'devstoreaccount1', key: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==' };

/** What the exports of one local host may hold in memory at most. */
const MEMORY_LIMIT_BYTES = 1024 ** 3;

export interface AzuriteBlobs {
  /** `http://127.0.0.1:<port>/devstoreaccount1`: the blob endpoint, path-style as Azurite serves it. */
  endpoint: string;
  close(): Promise<void>;
}

interface BlobServerLike {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}

let instances = 0;

/**
 * Azurite, Microsoft's Blob Storage emulator, in-process on loopback (a free port) like the Cosmos stand-in: the blob
 * service only, in memory (`--inMemoryPersistence`: every start is empty), never sending telemetry (Azurite's
 * telemetry starts only from its command line, which this does not run), accepting the SDK's newer API versions
 * (`--skipApiVersionCheck`). The azurite package has no typings: its classes are loaded by path.
 */
export async function startAzuriteBlobs(): Promise<AzuriteBlobs> {
  const load = createRequire(__filename);
  const BlobServer = (load('azurite/dist/src/blob/BlobServer') as { default: new (config: unknown) => BlobServerLike }).default;
  const BlobConfiguration = (load('azurite/dist/src/blob/BlobConfiguration') as { default: new (...args: unknown[]) => unknown }).default;
  const { MemoryExtentChunkStore } = load('azurite/dist/src/common/persistence/MemoryExtentStore') as { MemoryExtentChunkStore: new (limit: number) => unknown };
  const n = ++instances;
  const config = new BlobConfiguration(
    '127.0.0.1', // host
    0, // port: a free one
    undefined, // keepAliveTimeout (default)
    `azurite-blob-metadata-${process.pid}-${n}`, // metadata database (in memory: a name only)
    `azurite-blob-extents-${process.pid}-${n}`, // extent database (in memory: a name only)
    undefined, // persistence locations (none in memory)
    false, // access log
    undefined,
    false, // debug log
    undefined,
    false, // loose
    true, // skipApiVersionCheck
    '',
    '',
    '',
    undefined, // oauth
    false, // disableProductStyleUrl
    true, // inMemoryPersistence
    new MemoryExtentChunkStore(MEMORY_LIMIT_BYTES), // this host's own memory, not the process-wide shared store
  );
  const server = new BlobServer(config);
  await server.start();
  return {
    endpoint: `${server.getHttpServerAddress()}/${AZURITE_ACCOUNT.name}`,
    close: () => server.close(),
  };
}
