import type { ActionItem, AuditEntry, Deal, DealStage, DeliveryChannelName, ExportJob, ExportKind, Goals, Meeting, Notification, NotificationChannelName, Recipient, RetentionPhase, Review, Stored, Team, TenantSettings, User } from '../domain';

/**
 * The ports services use. Repositories in store/ implement them on Cosmos; unit tests use fakes.
 * Every method takes the tenant explicitly: the tenant always comes from the verified token.
 */

export interface PageRequest {
  limit: number;
  /** The store's own continuation token, unwrapped from the API cursor. */
  continuationToken?: string;
}

export interface Page<T> {
  items: T[];
  continuationToken: string | null;
}

/** New documents have no etag yet. */
export type New<T extends { etag: string }> = Omit<T, 'etag'>;

export interface ItemQuery {
  tenantId: string;
  /** Only items these users are accountable for or created; omit for everything in the tenant (admins). */
  visibleTo?: string[];
  accountableId?: string;
  dealId?: string;
  meetingKey?: string;
  status?: 'open' | 'done' | 'cancelled' | 'overdue';
  dueBefore?: string;
  /** Reference time for `overdue`. */
  now: string;
}

export interface ActionItemRepository {
  /** The item, including a soft-deleted one (the service decides what that means), or null. */
  get(tenantId: string, id: string): Promise<ActionItem | null>;
  create(item: New<ActionItem>): Promise<ActionItem>;
  /** Replaces the item if its stored version still equals `ifMatch`; PreconditionFailed otherwise. */
  replace(item: ActionItem, ifMatch: string): Promise<ActionItem>;
  list(query: ItemQuery, page: PageRequest): Promise<Page<ActionItem>>;
  /** New items written together (one request; a transactional batch on Cosmos). */
  createMany(items: New<ActionItem>[]): Promise<ActionItem[]>;
  /** What a review agenda reads: these users' open items and those changed since `since` (one query). */
  forAgenda(tenantId: string, accountableIds: string[], since: string): Promise<ActionItem[]>;
}

export interface DealQuery {
  tenantId: string;
  visibleTo?: string[];
  ownerId?: string;
  stage?: DealStage;
}

export interface DealRepository {
  get(tenantId: string, id: string): Promise<Deal | null>;
  /** The deals among `ids` that exist in the tenant (one request). */
  getMany(tenantId: string, ids: string[]): Promise<Deal[]>;
  create(deal: New<Deal>): Promise<Deal>;
  replace(deal: Deal, ifMatch: string): Promise<Deal>;
  list(query: DealQuery, page: PageRequest): Promise<Page<Deal>>;
  /** Every deal these users own (one query). */
  ownedBy(tenantId: string, ownerIds: string[]): Promise<Deal[]>;
}

/**
 * What a capture does to the meeting record: create it (Conflict when it exists by now), replace it if still at its
 * version (PreconditionFailed otherwise), or keep it as it is (a capture by someone other than its creator).
 */
export type MeetingWrite =
  | { kind: 'create'; meeting: Omit<New<Meeting>, 'id'> }
  | { kind: 'replace'; meeting: Meeting }
  | { kind: 'keep'; meeting: Meeting };

export interface MeetingRepository {
  get(tenantId: string, key: string): Promise<Meeting | null>;
  /**
   * Writes a meeting and its newly captured items together (one request; a transactional batch on Cosmos, so all or
   * nothing in production).
   */
  saveCapture(meeting: MeetingWrite, items: New<ActionItem>[]): Promise<{ meeting: Meeting; items: ActionItem[] }>;
  /** All not-deleted items captured for the meeting. */
  listItems(tenantId: string, key: string): Promise<ActionItem[]>;
  /** Meetings linked to a deal, captured by these users (all of the tenant's when omitted), newest first. */
  listLinkedToDeals(tenantId: string, createdBy: string[] | undefined, limit: number): Promise<Meeting[]>;
}

export interface UserRepository {
  get(tenantId: string, id: string): Promise<User | null>;
  /** The users among `ids` that exist in the tenant (one request). */
  getMany(tenantId: string, ids: string[]): Promise<User[]>;
  /** The tenant's users with these (lower-case) email addresses (one request). */
  findByEmails(tenantId: string, emails: string[]): Promise<User[]>;
  create(user: New<User>): Promise<User>;
  /** Replaces the user if still at `ifMatch` (a departure, a pseudonym); PreconditionFailed otherwise. */
  replace(user: User, ifMatch: string): Promise<User>;
}

export interface TeamRepository {
  /** Teams the user manages or belongs to. */
  listForUser(tenantId: string, userId: string): Promise<Team[]>;
  listAll(tenantId: string): Promise<Team[]>;
  get(tenantId: string, id: string): Promise<Team | null>;
  create(team: New<Team>): Promise<Team>;
  replace(team: Team, ifMatch: string): Promise<Team>;
}

export interface IdempotencyRecord {
  id: string;
  tenantId: string;
  fingerprint: string;
  state: 'pending' | 'done';
  createdAt: string;
  response: { status: number; body: unknown } | null;
  /** Seconds after its last write that the store deletes it (IDEMPOTENCY_RETENTION_HOURS). */
  ttl?: number;
  etag: string;
}

export interface IdempotencyRepository {
  /** Claims the key: the new pending record, or the record that already holds it. */
  claim(record: New<IdempotencyRecord>): Promise<{ claimed: true; record: IdempotencyRecord } | { claimed: false; record: IdempotencyRecord }>;
  complete(record: IdempotencyRecord, response: { status: number; body: unknown }): Promise<void>;
  /** Gives the key back (the operation failed), so a retry runs it afresh. */
  release(record: IdempotencyRecord): Promise<void>;
  /** Takes over a pending record left behind by a request that died; false if someone else got there first. */
  takeOver(record: IdempotencyRecord, now: string): Promise<IdempotencyRecord | null>;
}

/**
 * The audit trail (store/audit.ts on Cosmos). Entries are appended once: an id that exists already (a retried change,
 * whose entry id is derived from the change) is left as it is.
 */
export interface AuditRepository {
  append(entries: New<AuditEntry>[]): Promise<void>;
  /** The history of one thing, oldest first. */
  history(tenantId: string, entity: AuditEntry['entity'], page: PageRequest): Promise<Page<AuditEntry>>;
  /** A tenant's entries with `from <= at < to`, oldest first. */
  list(tenantId: string, from: string, to: string, page: PageRequest): Promise<Page<AuditEntry>>;
}

/** Secrets the deployment makes for itself and keeps in the database, so none sits in configuration or templates. */
export interface DeploymentKeys {
  /** The key of the list cursors' MAC: 32 random bytes made on first use, the same for every instance after. */
  cursorKey(): Promise<Uint8Array>;
}

export interface Clock {
  now(): Date;
}

/** The result of one delivery attempt through a channel. */
export type DeliveryResult =
  | { ok: true; channel: NotificationChannelName }
  | { ok: false; retryable: boolean; retryAfterSeconds?: number; error: string };

/**
 * Issue 11: the channels a reminder can take, in the order a user prefers them (`/api/me/preferences`): a card in
 * the user's chat with the Followthrough bot, the Teams activity feed, an email from the service mailbox. The names
 * live in the domain (`DELIVERY_CHANNELS`), where the preferences' schema needs them too.
 */
export type { DeliveryChannelName };

/** One message to one user: one or more of their notifications (items due together make one message, never a burst). */
export interface OutgoingMessage {
  /**
   * The message's id: the notification's own for a message of one, else derived from its notifications; kept on them
   * across retries (`Notification.messageId`), so a retry is recognisably the same message (the feed's chain id).
   */
  id: string;
  recipient: Recipient;
  /** Oldest first. */
  notifications: Notification[];
}

/**
 * A channel that delivers one message at a time (services/dispatch.ts tries a user's channels in their order). One
 * attempt per call; failures come back as results, never throws, classified as retryable (with Retry-After when the
 * far side gave one) or not — `unreachable` when this channel cannot reach this user at all (the bot not installed for
 * them, no feed, no email), which sends the dispatcher to the next channel. A success names this channel.
 * Implementations: notify/feed-channel.ts (`feed`), notify/mail-channel.ts (`email`), notify/local.ts (the local
 * host's outbox as `feed` and `email`), and the bot's card channel (`card`, functions/src/bot/).
 */
export interface DeliveryChannel {
  readonly name: DeliveryChannelName;
  deliver(message: OutgoingMessage): Promise<DeliveryResult & { unreachable?: boolean }>;
}

export interface NotificationRepository {
  /** Creates the notification; false when one with its id exists already (it was created before: nothing to do). */
  createOnce(notification: New<Notification>): Promise<boolean>;
  get(tenantId: string, id: string): Promise<Notification | null>;
  replace(notification: Notification, ifMatch: string): Promise<Notification>;
  /** Pending notifications of every tenant whose next attempt is due, oldest first. */
  due(now: string, page: PageRequest): Promise<Page<Notification>>;
  /** A user's notifications, newest first. */
  listForRecipient(tenantId: string, recipientId: string, page: PageRequest): Promise<Page<Notification>>;
}

/**
 * The follow-up engine's reads. Timers act for the system, so some of these span tenants; every document still
 * carries its tenant, and every write goes back to that tenant's partition.
 */
export interface FollowUpRepository {
  /** Open items of every tenant whose next ladder step may be due (`nextNudgeAt` has passed). */
  itemsDueForNudge(now: string, page: PageRequest): Promise<Page<ActionItem>>;
  tenantIds(): Promise<string[]>;
  tenantDirectory(tenantId: string): Promise<{ users: User[]; teams: Team[] }>;
  /** Open, not deleted items of a tenant. */
  openItems(tenantId: string): Promise<ActionItem[]>;
  /** Items of a tenant changed since an instant (slips and completions show up here). */
  itemsChangedSince(tenantId: string, since: string): Promise<ActionItem[]>;
  /** Every not-deleted item of a tenant that belongs to a deal. */
  dealItems(tenantId: string): Promise<ActionItem[]>;
  openDeals(tenantId: string): Promise<Deal[]>;
}

export interface ReviewRepository {
  create(review: New<Review>): Promise<Review>;
  get(tenantId: string, id: string): Promise<Review | null>;
  /** A team's reviews, newest first; of one rep when given. */
  list(tenantId: string, teamId: string, repId: string | undefined, page: PageRequest): Promise<Page<Review>>;
  /** The latest review of each of these reps in the team (one query). */
  latestFor(tenantId: string, teamId: string, repIds: string[]): Promise<Map<string, Review>>;
  getGoals(tenantId: string, teamId: string): Promise<Goals | null>;
  saveGoals(goals: New<Goals>, ifMatch: string | null): Promise<Goals>;
}

/** A tenant's administration settings (one document per tenant, in the `teams` container). */
export interface TenantSettingsRepository {
  get(tenantId: string): Promise<TenantSettings | null>;
  /** Creates them (`ifMatch` null: Conflict when they exist by now) or replaces them at that version (PreconditionFailed). */
  save(settings: New<TenantSettings>, ifMatch: string | null): Promise<TenantSettings>;
}

/**
 * State of a tenant's long-running job (a retention run's checkpoint, the Entra check's delta link), in the `jobs`
 * container: small documents, one partition a tenant.
 */
export interface JobStateRepository {
  get<T extends Stored>(tenantId: string, id: string): Promise<T | null>;
  /** Creates the state (`ifMatch` null) or replaces it at that version; PreconditionFailed when another run wrote first. */
  save<T extends Stored>(state: New<T>, ifMatch: string | null): Promise<T>;
  /** Removes the state (a finished run); nothing when it is gone already. */
  clear(tenantId: string, id: string): Promise<void>;
}

/** What the retention run deletes, by phase; `departedUsers` are pseudonymized instead (RetentionRepository.departedBefore). */
export type RetentionKind = Exclude<RetentionPhase, 'departedUsers'>;

export interface RetentionCandidate {
  id: string;
  /** A meeting's key (what its items name). */
  key?: string;
}

/**
 * The retention run's reads and deletes, each inside one tenant's partitions, in id order so a run can resume after
 * the last id it dealt with.
 */
export interface RetentionRepository {
  /** Up to `limit` of the tenant's documents of this kind that closed before `cutoff`, with ids after `after`. */
  pastRetention(tenantId: string, kind: RetentionKind, cutoff: string, after: string | null, limit: number): Promise<RetentionCandidate[]>;
  /** Whether anything left still refers to it: a meeting's items, a deal's items and meetings. */
  stillReferenced(tenantId: string, kind: 'meetings' | 'closedDeals', candidate: RetentionCandidate): Promise<boolean>;
  /** Hard-deletes it; nothing when it is gone already. */
  remove(tenantId: string, kind: RetentionKind, id: string): Promise<void>;
  /** Leavers who departed before `cutoff` and still have their name and email, with ids after `after`. */
  departedBefore(tenantId: string, cutoff: string, after: string | null, limit: number): Promise<User[]>;
  /** Reviews of a rep or held by them. */
  reviewsNaming(tenantId: string, userId: string): Promise<Review[]>;
  replaceReview(review: Review, ifMatch: string): Promise<Review>;
}

/** One page of Microsoft Graph's user changes for a tenant (`GET /users/delta`). */
export interface DirectoryChangesPage {
  /** Users deleted in Entra since the delta link this continues from (`@removed`). */
  removedUserIds: string[];
  /** More of this round: ask for it next. */
  nextLink: string | null;
  /** The round is complete: start the next check from here. */
  deltaLink: string | null;
}

/**
 * Users deleted in Entra ID (notify/graph-directory.ts): optional, because it needs the application permission
 * User.Read.All, which the app registration holds only if an administrator grants it (ENTRA_LEAVERS_CHECK).
 */
export interface DirectoryChanges {
  /** The first page of a full round (`link` null) or the page a nextLink or deltaLink names. */
  page(tenantId: string, link: string | null): Promise<DirectoryChangesPage>;
}

/**
 * One kind of document an erasure of a buyer contact scrubs (store/erasure.ts): items, meetings, reviews, audit
 * entries; shared-plan records (issue 13) join as one more. Both calls stay inside the tenant's partitions.
 */
export interface ErasureParticipant<T = unknown> {
  /** What the erasure's answer counts these under: `items`, `meetings`, `reviews`, `auditEntries`. */
  readonly kind: string;
  /**
   * Ids of up to `limit` of the tenant's documents that still name the contact by this email (one query). `touched`
   * is what the erasure changed so far, by kind: documents that name the contact only through those (a reminder
   * about an item of theirs) are found by it.
   */
  naming(tenantId: string, email: string, limit: number, touched: Readonly<Record<string, readonly string[]>>): Promise<string[]>;
  /**
   * Removes the contact from that document under If-Match (read again and retried when someone wrote first): the
   * document as stored, or null when it does not name them (any more).
   */
  scrub(tenantId: string, id: string, email: string): Promise<T | null>;
}

/** A blob's content as it is streamed to a caller. */
export interface BlobDownload {
  size: number;
  contentType: string;
  body: AsyncIterable<Uint8Array>;
}

/**
 * Blob Storage (blobs/azure-blob-store.ts: Azure with the managed identity, Azurite locally): the exports' files,
 * written as block blobs one block per page and committed at the end.
 */
export interface BlobStore {
  /** Stages block `blockId` of the blob (staging the same id again replaces it). */
  stageBlock(path: string, blockId: string, content: Uint8Array): Promise<void>;
  /** Makes the blob these blocks, in this order. */
  commitBlocks(path: string, blockIds: string[], contentType: string): Promise<void>;
  /** The blob, or null when it does not exist. */
  read(path: string): Promise<BlobDownload | null>;
  /** Deletes every blob whose name starts with `prefix`; how many there were. */
  deleteUnder(prefix: string): Promise<number>;
}

/** What an export reads: one page of a tenant's documents of a kind, in store order (store/exports.ts). */
export interface ExportSource {
  page(tenantId: string, kind: ExportKind, page: PageRequest): Promise<Page<Record<string, unknown>>>;
}

/** The export jobs of every tenant, for the worker: queries across tenants, like the sweeps'. */
export interface ExportJobQueue {
  /** Queued and running jobs, oldest first. */
  active(limit: number): Promise<ExportJob[]>;
  /** Finished jobs whose `expiresAt` has passed. */
  expired(now: string, limit: number): Promise<ExportJob[]>;
}

/**
 * The Followthrough bot's personal chat with one user, as Teams told the bot when the app was installed for them
 * (`installationUpdate` / `conversationUpdate` on /api/messages): where proactive cards to them go. One small
 * document per user in the tenant's `users` partition (store/bot-conversations.ts).
 */
export interface BotConversation extends Stored {
  type: 'botConversation';
  /** The user's Entra object id (`from.aadObjectId`). */
  userId: string;
  /** The user's id in Teams (`29:…`), which creating the conversation names. */
  teamsUserId: string;
  /** The Bot Connector this user's conversations are served by (the activity's `serviceUrl`, token-checked). */
  serviceUrl: string;
  /** The 1:1 conversation, once Teams named it (the install event does) or the bot created it. */
  conversationId: string | null;
  /** False once the user (or an admin) removed the app: nothing reaches them through the bot. */
  installed: boolean;
  updatedAt: string;
  /**
   * The messages last sent here (message id → the connector's activity id), newest last, a few dozen at most: a send
   * retried after the connector took it but before the dispatcher recorded it finds it here and is not sent twice.
   */
  sent: { messageId: string; activityId: string; at: string }[];
}

export interface BotConversationRepository {
  get(tenantId: string, userId: string): Promise<BotConversation | null>;
  /** Creates it (`ifMatch` null: Conflict when it exists by now) or replaces it at that version (PreconditionFailed). */
  save(conversation: New<BotConversation>, ifMatch: string | null): Promise<BotConversation>;
}

/**
 * The notifications a message went out with (store/bot-conversations.ts): a card's buttons carry the message's id
 * only, and its answer shows the whole message again. A message of one has its notification's id; the others' id is
 * on each of their notifications (`messageId`, kept by the dispatcher).
 */
export interface CardMessages {
  notificationsOf(tenantId: string, messageId: string): Promise<Notification[]>;
}
