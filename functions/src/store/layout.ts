import { type ContainerDefinition, type PartitionKeyDefinition, PartitionKeyKind } from '@azure/cosmos';

/**
 * A container that grows with use: partitioned by tenant, then by bucket (hierarchical partition keys), so no
 * tenant's logical partition outgrows Cosmos DB's 20 GB and 10,000 RU/s (see partitions.ts and docs/scale.md).
 */
const BY_TENANT_AND_BUCKET: PartitionKeyDefinition = { paths: ['/tenantId', '/bucket'], kind: PartitionKeyKind.MultiHash, version: 2 };
/** The lists of a review's agenda snapshot whose items carry an owner (domain/agenda.ts, RepAgenda). */
const AGENDA_OWNER_EMAILS = ['commitments', 'overdue', 'dueSoon', 'completed/items', 'plan/commitments'];
/** A container bounded by the tenant's size (its users and teams): one logical partition per tenant. */
const BY_TENANT: PartitionKeyDefinition = { paths: ['/tenantId'] };

/**
 * The data layout: one source of truth for the containers the code creates at start-up and the ones infra/ declares.
 * Documents carry `tenantId` and `type`, and in bucketed containers `bucket` (partitions.ts). A container's
 * partition key cannot change, so the bucketed ones have new ids (`-v2`); tools/migrate-partitions.ts copies the data
 * of a deployment that predates them.
 */
export const CONTAINERS = {
  /** Action items and the meetings they were captured in: a capture writes both in one transactional batch. */
  items: {
    id: 'items-v2',
    partitionKey: BY_TENANT_AND_BUCKET,
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [{ path: '/*' }],
      // Attendees' emails are indexed (an erasure finds a contact's meetings by them); their names are not.
      excludedPaths: [{ path: '/notes/?' }, { path: '/slips/*' }, { path: '/nudges/*' }, { path: '/attendees/[]/name/?' }, { path: '/"_etag"/?' }],
      compositeIndexes: [
        [
          { path: '/status', order: 'ascending' },
          { path: '/nextNudgeAt', order: 'ascending' },
        ],
        [
          { path: '/tenantId', order: 'ascending' },
          { path: '/accountableId', order: 'ascending' },
          { path: '/dueAt', order: 'ascending' },
        ],
        [
          { path: '/tenantId', order: 'ascending' },
          { path: '/dealId', order: 'ascending' },
          { path: '/dueAt', order: 'ascending' },
        ],
      ],
    },
  },
  deals: {
    id: 'deals-v2',
    partitionKey: BY_TENANT_AND_BUCKET,
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [{ path: '/*' }],
      excludedPaths: [{ path: '/"_etag"/?' }],
      compositeIndexes: [
        [
          { path: '/tenantId', order: 'ascending' },
          { path: '/ownerId', order: 'ascending' },
          { path: '/name', order: 'ascending' },
        ],
      ],
    },
  },
  users: {
    id: 'users',
    partitionKey: BY_TENANT,
  },
  teams: {
    id: 'teams',
    partitionKey: BY_TENANT,
  },
  /**
   * Reminders, escalations and digests, each created once and delivered once. TTL on without a default: a
   * notification expires only once it is final, when the dispatcher gives it a `ttl` (NOTIFICATION_RETENTION_DAYS).
   */
  notifications: {
    id: 'notifications-v2',
    partitionKey: BY_TENANT_AND_BUCKET,
    defaultTtl: -1,
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [{ path: '/*' }],
      excludedPaths: [{ path: '/text/?' }, { path: '/templateParameters/*' }, { path: '/"_etag"/?' }],
      compositeIndexes: [
        [
          { path: '/status', order: 'ascending' },
          { path: '/nextAttemptAt', order: 'ascending' },
        ],
        [
          { path: '/tenantId', order: 'ascending' },
          { path: '/recipientId', order: 'ascending' },
          { path: '/createdAt', order: 'descending' },
        ],
      ],
    },
  },
  /** Held reviews (with their agenda snapshot) and each team's goals (quotas). */
  reviews: {
    id: 'reviews-v2',
    partitionKey: BY_TENANT_AND_BUCKET,
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      // The agenda snapshot stays out of the index but for its items' owners' emails: an erasure finds them.
      includedPaths: [{ path: '/*' }, ...AGENDA_OWNER_EMAILS.map((list) => ({ path: `/agenda/${list}/[]/owner/email/?` }))],
      excludedPaths: [{ path: '/agenda/*' }, { path: '/notes/?' }, { path: '/"_etag"/?' }],
      compositeIndexes: [
        [
          { path: '/tenantId', order: 'ascending' },
          { path: '/teamId', order: 'ascending' },
          { path: '/heldAt', order: 'descending' },
        ],
      ],
    },
  },
  /** Results of POSTs sent with an Idempotency-Key; each carries its `ttl` (IDEMPOTENCY_RETENTION_HOURS, a day by default). */
  idempotency: {
    id: 'idempotency-v2',
    partitionKey: BY_TENANT_AND_BUCKET,
    defaultTtl: -1,
    indexingPolicy: { indexingMode: 'consistent', automatic: true, includedPaths: [], excludedPaths: [{ path: '/*' }] },
  },
  /**
   * The audit trail: one entry per change, in the bucket of the thing changed (an item's history is one partition),
   * listed for a tenant's admins by time.
   */
  audit: {
    id: 'audit',
    partitionKey: BY_TENANT_AND_BUCKET,
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      // Changes stay out of the index but for the contacts' emails they hold (an owner, a meeting's people): an erasure finds them.
      includedPaths: [
        { path: '/*' },
        { path: '/changes/[]/before/email/?' },
        { path: '/changes/[]/after/email/?' },
        { path: '/changes/[]/before/[]/email/?' },
        { path: '/changes/[]/after/[]/email/?' },
      ],
      excludedPaths: [{ path: '/changes/*' }, { path: '/"_etag"/?' }],
      compositeIndexes: [
        [
          { path: '/tenantId', order: 'ascending' },
          { path: '/at', order: 'ascending' },
        ],
        [
          { path: '/entity/id', order: 'ascending' },
          { path: '/at', order: 'ascending' },
        ],
      ],
    },
  },
  /** A tenant's long-running jobs (exports, retention and erasure runs) with their checkpoints: small, one partition a tenant. */
  jobs: {
    id: 'jobs',
    partitionKey: BY_TENANT,
  },
} as const satisfies Record<string, ContainerDefinition>;

export type ContainerName = keyof typeof CONTAINERS;

/** The containers of the layout before hierarchical partition keys (partitioned by `/tenantId`), for the migration. */
export const LEGACY_CONTAINER_IDS: Partial<Record<ContainerName, string>> = {
  items: 'items',
  deals: 'deals',
  notifications: 'notifications',
  reviews: 'reviews',
  idempotency: 'idempotency',
};

/** Whether a container is partitioned by tenant and bucket. */
export function isBucketed(name: ContainerName): boolean {
  return CONTAINERS[name].partitionKey.paths?.length === 2;
}

/** The logical name of a container, from its id (what the SDK's Container knows). */
export function containerNameOf(id: string): ContainerName {
  const name = (Object.keys(CONTAINERS) as ContainerName[]).find((n) => CONTAINERS[n].id === id);
  if (!name) throw new Error(`No container ${id} in the layout`);
  return name;
}
