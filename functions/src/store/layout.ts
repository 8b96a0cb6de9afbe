import type { ContainerDefinition } from '@azure/cosmos';

/**
 * The data layout: one source of truth for the containers the code creates at start-up and the ones infra/ declares.
 * Every container is partitioned by tenant; documents carry `tenantId` and `type`.
 */
export const CONTAINERS = {
  /** Action items and the meetings they were captured in: a capture writes both in one transactional batch. */
  items: {
    id: 'items',
    partitionKey: { paths: ['/tenantId'] },
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [{ path: '/*' }],
      excludedPaths: [{ path: '/notes/?' }, { path: '/slips/*' }, { path: '/nudges/*' }, { path: '/attendees/*' }, { path: '/"_etag"/?' }],
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
    id: 'deals',
    partitionKey: { paths: ['/tenantId'] },
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
    partitionKey: { paths: ['/tenantId'] },
  },
  teams: {
    id: 'teams',
    partitionKey: { paths: ['/tenantId'] },
  },
  /** Reminders, escalations and digests, each created once and delivered once. */
  notifications: {
    id: 'notifications',
    partitionKey: { paths: ['/tenantId'] },
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
    id: 'reviews',
    partitionKey: { paths: ['/tenantId'] },
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [{ path: '/*' }],
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
  /** Results of POSTs sent with an Idempotency-Key; Cosmos expires them after a day. */
  idempotency: {
    id: 'idempotency',
    partitionKey: { paths: ['/tenantId'] },
    defaultTtl: 86_400,
    indexingPolicy: { indexingMode: 'consistent', automatic: true, includedPaths: [], excludedPaths: [{ path: '/*' }] },
  },
} as const satisfies Record<string, ContainerDefinition>;

export type ContainerName = keyof typeof CONTAINERS;
