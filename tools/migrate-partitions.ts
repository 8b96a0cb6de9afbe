/**
 * Copies a deployment's data from the layout partitioned by `/tenantId` alone to the layout with hierarchical
 * partition keys (`[tenantId, bucket]`, functions/src/store/layout.ts): `items` → `items-v2`, `deals` → `deals-v2`,
 * `notifications` → `notifications-v2`, `reviews` → `reviews-v2`, `idempotency` → `idempotency-v2`. A container's
 * partition key cannot be changed in place, so this is a copy; the old containers stay until you delete them.
 *
 *   COSMOS_ENDPOINT=https://<account>.documents.azure.com:443/ [COSMOS_KEY=…] [COSMOS_DATABASE=followthrough] \
 *     npx tsx tools/migrate-partitions.ts [--page-size 200] [--notification-days 90] [--idempotency-hours 24] [--dry-run]
 *
 * Without COSMOS_KEY it signs in with DefaultAzureCredential (e.g. `az login`; the account needs the data-plane role
 * *Cosmos DB Built-in Data Contributor* for you). Run it with the new version deployed: the app then writes only the
 * new containers, and this fills in the rest.
 *
 * - **Idempotent**: every document is *created* in the new container under its own id (its bucket follows from the
 *   id, partitions.ts); one that is there already — copied by an earlier run, or written since by the app — is left
 *   as it is, so a newer version is never overwritten with an older one.
 * - **Resumable**: after each page the position (the source query's continuation token) and the counts are saved in
 *   a checkpoint document (`jobs` container, deployment partition). Killed midway and run again, it goes on from the
 *   last saved page; the documents of a page that was copied but not yet checkpointed are found present and skipped.
 * - Ids, etags aside, are kept: links and deep links that name an item keep working.
 * - What the new layout expires gets the `ttl` the app would give it (the old containers had none): a final
 *   notification (sent, failed, cancelled) `--notification-days` (default 90, NOTIFICATION_RETENTION_DAYS) and an
 *   idempotency record `--idempotency-hours` (default 24, IDEMPOTENCY_RETENTION_HOURS), counted from the copy. A
 *   pending notification gets none: the dispatcher sets it once the notification is final.
 */
import { type Container, type CosmosClient, type Database, type ErrorResponse } from '@azure/cosmos';
import { createCosmosClient } from '../functions/src/store/cosmos';
import { keyOf, toDocument } from '../functions/src/store/documents';
import { DEPLOYMENT_PARTITION } from '../functions/src/store/deployment-keys';
import { CONTAINERS, type ContainerName, LEGACY_CONTAINER_IDS } from '../functions/src/store/layout';

const CHECKPOINT_ID = 'migration-partitions-v2';
/** Cosmos system properties, which the new container assigns itself. */
const SYSTEM = ['_rid', '_self', '_etag', '_ts', '_attachments', '_lsn'];

export interface MigrationProgress {
  /** Per container: the source continuation token to resume from (null: done), and what was done so far. */
  containers: Record<string, { token: string | null; done: boolean; copied: number; present: number }>;
}

export interface MigrationReport {
  /** Per container: documents created in the new container, and ones found there already. */
  containers: Record<string, { copied: number; present: number; sourceMissing: boolean }>;
  resumed: boolean;
}

export interface MigrationOptions {
  pageSize?: number;
  /** The `ttl` (seconds) of a copied final notification; default 90 days. */
  notificationTtlSeconds?: number;
  /** The `ttl` (seconds) of a copied idempotency record; default 24 hours. */
  idempotencyTtlSeconds?: number;
  /** Count only; write nothing (no copies, no checkpoint). */
  dryRun?: boolean;
  /** Tests: throw after this many pages in all (a run killed midway). */
  failAfterPages?: number;
  log?: (line: string) => void;
}

/** Copies every legacy container of `database` into its new container. */
export async function migratePartitions(client: CosmosClient, databaseId: string, options: MigrationOptions = {}): Promise<MigrationReport> {
  const log = options.log ?? (() => undefined);
  const pageSize = options.pageSize ?? 200;
  const database = client.database(databaseId);
  const jobs = database.container(CONTAINERS.jobs.id);
  const checkpoint = options.dryRun ? null : await readCheckpoint(jobs);
  const progress: MigrationProgress = checkpoint ?? { containers: {} };
  const report: MigrationReport = { containers: {}, resumed: checkpoint !== null };
  let pages = 0;

  for (const [name, legacyId] of Object.entries(LEGACY_CONTAINER_IDS) as [ContainerName, string][]) {
    const state = (progress.containers[name] ??= { token: null, done: false, copied: 0, present: 0 });
    const source = await existing(database, legacyId);
    report.containers[name] = { copied: state.copied, present: state.present, sourceMissing: source === null };
    if (!source || state.done) continue;
    const target = database.container(CONTAINERS[name].id);
    log(`${legacyId} → ${CONTAINERS[name].id}${state.token ? ' (resuming)' : ''}`);
    let token: string | undefined = state.token ?? undefined;
    do {
      const page = await source.items.query<Record<string, unknown>>('SELECT * FROM c', { maxItemCount: pageSize, continuationToken: token }).fetchNext();
      for (const doc of page.resources) {
        const created = options.dryRun ? true : await createOnce(target, withExpiry(name, doc, options));
        if (created) state.copied++;
        else state.present++;
      }
      pages++;
      // A run killed here has copied this page but not recorded it: the next run copies it again and finds it there.
      if (options.failAfterPages !== undefined && pages >= options.failAfterPages) throw new Error(`migration: injected failure after ${pages} pages`);
      token = page.hasMoreResults && page.continuationToken ? page.continuationToken : undefined;
      state.token = token ?? null;
      state.done = token === undefined;
      if (!options.dryRun) await saveCheckpoint(jobs, progress);
      report.containers[name] = { copied: state.copied, present: state.present, sourceMissing: false };
    } while (token);
    log(`  ${name}: ${state.copied} copied, ${state.present} already there`);
  }
  return report;
}

/** The document with the `ttl` the app gives its kind, where it has none yet. */
function withExpiry(name: ContainerName, doc: Record<string, unknown>, options: MigrationOptions): Record<string, unknown> {
  if (typeof doc.ttl === 'number') return doc;
  if (name === 'idempotency') return { ...doc, ttl: options.idempotencyTtlSeconds ?? 24 * 3_600 };
  const final = doc.type === 'notification' && ['sent', 'failed', 'cancelled'].includes(String(doc.status));
  if (final) return { ...doc, ttl: options.notificationTtlSeconds ?? 90 * 86_400 };
  return doc;
}

/** Creates the document in the new container; false when a document with its id is there already. */
async function createOnce(target: Container, raw: Record<string, unknown>): Promise<boolean> {
  const doc = Object.fromEntries(Object.entries(raw).filter(([key]) => !SYSTEM.includes(key))) as { id: string; tenantId: string };
  try {
    await target.items.create(toDocument(target, doc));
    return true;
  } catch (error) {
    if ((error as ErrorResponse)?.code === 409) return false;
    throw error;
  }
}

async function existing(database: Database, id: string): Promise<Container | null> {
  try {
    await database.container(id).read();
    return database.container(id);
  } catch (error) {
    if ((error as ErrorResponse)?.code === 404) return null;
    throw error;
  }
}

async function readCheckpoint(jobs: Container): Promise<MigrationProgress | null> {
  try {
    const { resource } = await jobs.item(CHECKPOINT_ID, keyOf(jobs, DEPLOYMENT_PARTITION, CHECKPOINT_ID)).read<{ progress: MigrationProgress }>();
    return resource?.progress ?? null;
  } catch (error) {
    if ((error as ErrorResponse)?.code === 404) return null;
    throw error;
  }
}

async function saveCheckpoint(jobs: Container, progress: MigrationProgress): Promise<void> {
  await jobs.items.upsert({ id: CHECKPOINT_ID, tenantId: DEPLOYMENT_PARTITION, type: 'migration', progress, savedAt: new Date().toISOString() });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const endpoint = process.env.COSMOS_ENDPOINT;
  if (!endpoint) {
    console.error('Set COSMOS_ENDPOINT (and COSMOS_KEY, or sign in with az login): see the header of tools/migrate-partitions.ts.');
    process.exit(2);
  }
  const pageIndex = args.indexOf('--page-size');
  const pageSize = pageIndex >= 0 ? Number(args[pageIndex + 1]) : 200;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    console.error('--page-size must be a whole number from 1 to 1000');
    process.exit(2);
  }
  const number = (flag: string, fallback: number) => {
    const at = args.indexOf(flag);
    const value = at >= 0 ? Number(args[at + 1]) : fallback;
    if (!Number.isInteger(value) || value < 1) {
      console.error(`${flag} must be a whole number of at least 1`);
      process.exit(2);
    }
    return value;
  };
  const notificationTtlSeconds = number('--notification-days', 90) * 86_400;
  const idempotencyTtlSeconds = number('--idempotency-hours', 24) * 3_600;
  const databaseId = process.env.COSMOS_DATABASE ?? 'followthrough';
  const client = createCosmosClient({ endpoint, key: process.env.COSMOS_KEY, databaseId });
  try {
    // The new containers (and `jobs`) must exist: create them as the app does.
    const { CosmosStore } = await import('../functions/src/store/cosmos');
    await new CosmosStore(client, databaseId).ensureSchema();
    const report = await migratePartitions(client, databaseId, { pageSize, notificationTtlSeconds, idempotencyTtlSeconds, dryRun: args.includes('--dry-run'), log: (line) => console.log(line) });
    console.log(JSON.stringify(report, null, 2));
  } finally {
    client.dispose();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
