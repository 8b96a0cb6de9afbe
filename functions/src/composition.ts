import { AzureBlobStore, unconfiguredBlobStore } from './blobs/azure-blob-store';
import { BotActivityHandler } from './bot/activities';
import { CardChannel } from './bot/card-channel';
import { BotConnector, type ConnectorTokenProvider } from './bot/connector';
import { createConnectorTokenProvider } from './bot/connector-auth';
import type { HttpDeps } from './http/pipeline';
import { GraphDirectoryChanges } from './notify/graph-directory';
import { createGraphTokenProvider } from './notify/graph-auth';
import { FeedChannel } from './notify/feed-channel';
import { MailChannel } from './notify/mail-channel';
import { createTokenVerifier } from './platform/auth';
import { createBotTokenVerifier } from './platform/bot-auth';
import { systemClock } from './platform/clock';
import type { AppConfig } from './platform/config';
import { ActionItemService } from './services/action-items';
import { AgendaService } from './services/agenda';
import { AuditTrail } from './services/audit';
import { AuditHistoryService } from './services/audit-history';
import { BotInstallations } from './services/bot-installs';
import { CardActionService } from './services/card-actions';
import { CardStateLoader } from './services/card-states';
import { DealSuggestionService } from './services/deal-suggestions';
import { DealService } from './services/deals';
import { DirectoryService } from './services/directory';
import { IdempotencyService } from './services/idempotency';
import { DigestService } from './services/digests';
import { EntraLeaverCheck } from './services/entra-leavers';
import { ContactErasure } from './services/erasure';
import { DEFAULT_EXPORT_SETTINGS, ExportService, ExportWorker } from './services/exports';
import { DeliveryChannels } from './services/delivery-policy';
import { NotificationDispatcher } from './services/dispatch';
import { LeaverService } from './services/leavers';
import { MeetingService } from './services/meetings';
import { NotificationService } from './services/notifications';
import { PreferencesService } from './services/preferences';
import { OverdueSweep } from './services/overdue-sweep';
import type { BlobStore, Clock, DeliveryChannel } from './services/ports';
import { CursorCodec } from './services/paging';
import { RetentionService } from './services/retention';
import { ReviewService } from './services/reviews';
import { StaleDealService } from './services/stale-deals';
import { TeamService } from './services/teams';
import { TenantSettingsService } from './services/tenant-settings';
import { CosmosActionItemRepository } from './store/action-items';
import { CosmosAuditRepository } from './store/audit';
import { CosmosBotConversationRepository, CosmosCardMessages } from './store/bot-conversations';
import { type CosmosClient, createCosmosClient, CosmosStore } from './store/cosmos';
import { CosmosDealRepository } from './store/deals';
import { CosmosDeploymentKeys } from './store/deployment-keys';
import { auditErasure, itemErasure, meetingErasure, notificationErasure, reviewErasure } from './store/erasure';
import { CosmosExportJobQueue, CosmosExportSource } from './store/exports';
import { CosmosTeamRepository, CosmosUserRepository } from './store/directory';
import { CosmosIdempotencyRepository } from './store/idempotency';
import { CosmosJobStateRepository } from './store/jobs';
import { CosmosFollowUpRepository } from './store/follow-up';
import { CosmosMeetingRepository } from './store/meetings';
import { CosmosNotificationRepository } from './store/notifications';
import { CosmosRetentionRepository } from './store/retention';
import { CosmosReviewRepository } from './store/reviews';
import { CosmosTenantSettingsRepository } from './store/tenant-settings';
import type { TimerDeps } from './timers/follow-up';
import type { TenantDataTimerDeps } from './timers/tenant-data';
import type { TenantExportTimerDeps } from './timers/tenant-exports';

export interface AppServices extends HttpDeps, TimerDeps, TenantDataTimerDeps, TenantExportTimerDeps {
  config: AppConfig;
  store: CosmosStore;
  clock: Clock;
  /** The delivery channels the dispatcher tries in each user's order. */
  channels: DeliveryChannels;
  /** The bot's card channel (among `channels` as `card`); null without a bot. */
  cardChannel: DeliveryChannel | null;
}

export interface CompositionOverrides {
  /** A client built elsewhere (the local host's stand-in connection, a test's counting client). */
  cosmosClient?: CosmosClient;
  clock?: Clock;
  /**
   * Where notifications go, by channel name (a user's preferences order them); unless given, the activity feed and the
   * service mailbox through Microsoft Graph (`graphDeliveryChannels`).
   */
  channels?: DeliveryChannel[];
  /** Where exports are written (the local host's Azurite); Blob Storage at EXPORT_BLOB_ENDPOINT unless given. */
  blobStore?: BlobStore;
  /**
   * The bot's card channel (with BOT_APP_ID): its Bot Connector tokens (the managed identity's unless given: the local
   * host's come from its connector stand-in), whether it is among the delivery channels (default: yes), and a line
   * printed for each card sent (the local host's `[notify]`).
   */
  bot?: { tokens?: ConnectorTokenProvider; cardChannel?: boolean; log?: (line: string) => void };
}

/** The personal tab's entity id in the manifest: deep links from notifications open it at the item. */
export const COMMITMENTS_TAB_ENTITY_ID = 'commitments';
/** The personal tab of reviews (manifest `staticTabs`): a manager's escalation card opens a rep's review there. */
export const REVIEWS_TAB_ENTITY_ID = 'reviews';

/**
 * The delivery channels of a deployment: the Teams activity feed and the one service mailbox (without MAIL_SENDER the
 * mail channel reaches nobody, and says so in the delivery record). The bot's card channel (issue 11,
 * functions/src/bot/) joins this list as `card`; until it does, a user's `card` is skipped as not available.
 */
export function graphDeliveryChannels(config: AppConfig): DeliveryChannel[] {
  const tokens = createGraphTokenProvider({ clientId: config.graph.clientId, clientSecret: config.graph.clientSecret, managedIdentityClientId: config.graph.managedIdentityClientId });
  const tab = { teamsAppId: config.graph.teamsAppId, tabEntityId: COMMITMENTS_TAB_ENTITY_ID };
  return [
    new FeedChannel({ baseUrl: config.graph.baseUrl, tokens, ...tab }),
    // loadConfig sets the mailbox's tenant whenever it sets the mailbox.
    new MailChannel({ baseUrl: config.graph.baseUrl, tokens, ...tab, mail: config.graph.mailSender && config.graph.mailTenantId ? { sender: config.graph.mailSender, tenantId: config.graph.mailTenantId } : undefined }),
  ];
}

/** Builds the repositories, adapters and services once per process. Nothing here talks to the network yet. */
export function composeApp(config: AppConfig, overrides: CompositionOverrides = {}): AppServices {
  const clock = overrides.clock ?? systemClock;
  const client = overrides.cosmosClient ?? createCosmosClient({ ...config.cosmos });
  const store = new CosmosStore(client, config.cosmos.databaseId);
  const deals = new CosmosDealRepository(store);
  const items = new CosmosActionItemRepository(store);
  const users = new CosmosUserRepository(store);
  const teams = new CosmosTeamRepository(store);
  const notifications = new CosmosNotificationRepository(store);
  const followUp = new CosmosFollowUpRepository(store);
  const meetings = new CosmosMeetingRepository(store);
  const directory = new DirectoryService(users, teams, clock);
  const reviews = new CosmosReviewRepository(store);
  const agendas = new AgendaService(teams, users, items, deals, reviews, clock);
  const cursors = new CursorCodec(new CosmosDeploymentKeys(store));
  const auditEntries = new CosmosAuditRepository(store);
  // The one way into the audit trail, for every write path.
  const audit = new AuditTrail(auditEntries);
  // Erasure of buyer contacts and exports (issue 10): tenant jobs with checkpoints in the jobs container.
  const tenantJobs = new CosmosJobStateRepository(store);
  const erasure = new ContactErasure([itemErasure(store), meetingErasure(store), reviewErasure(store), notificationErasure(store), auditErasure(auditEntries)], tenantJobs, auditEntries, clock);
  const exportConfig = config.exports;
  const blobStore =
    overrides.blobStore ??
    (exportConfig?.blobEndpoint
      ? new AzureBlobStore({ endpoint: exportConfig.blobEndpoint, container: exportConfig.container, managedIdentityClientId: config.cosmos.managedIdentityClientId })
      : unconfiguredBlobStore);
  const exportSettings = exportConfig
    ? { ...DEFAULT_EXPORT_SETTINGS, pageSize: exportConfig.pageSize, pauseMs: exportConfig.pauseMs, retentionDays: exportConfig.retentionDays }
    : DEFAULT_EXPORT_SETTINGS;
  // Leavers and retention (issue 10): their moves go through the same services as the API's.
  const actionItems = new ActionItemService(items, deals, directory, clock, cursors, audit, erasure);
  // The Teams bot (issue 11): its cards' actions go through ActionItemService; its card channel comes first of the
  // delivery channels wherever a bot is configured.
  const installations = new BotInstallations(new CosmosBotConversationRepository(store), clock, config.auth.allowedTenants);
  const cardStates = new CardStateLoader(items, deals, users, auditEntries, clock, { teamsAppId: config.graph.teamsAppId, commitmentsTabId: COMMITMENTS_TAB_ENTITY_ID, reviewsTabId: REVIEWS_TAB_ENTITY_ID });
  const cardActions = new CardActionService({ items, users, teams, notifications, messages: new CosmosCardMessages(store), conversations: new CosmosBotConversationRepository(store), actionItems, loader: cardStates, clock, allowedTenants: config.auth.allowedTenants });
  const cardChannel =
    config.bot && overrides.bot?.cardChannel !== false
      ? new CardChannel({
          installations,
          connector: new BotConnector({ botAppId: config.bot.appId, tokens: overrides.bot?.tokens ?? createConnectorTokenProvider(config.bot.appId) }),
          cards: cardActions,
          users,
          log: overrides.bot?.log,
        })
      : null;
  const channels = new DeliveryChannels([...(cardChannel ? [cardChannel] : []), ...(overrides.channels ?? graphDeliveryChannels(config))]);
  const dealService = new DealService(deals, directory, clock, cursors, audit);
  const teamService = new TeamService(teams, users, directory, clock, audit);
  const jobs = new CosmosJobStateRepository(store);
  const tenantSettings = new CosmosTenantSettingsRepository(store);
  const leavers = new LeaverService(users, teams, items, deals, actionItems, dealService, teamService, directory, audit, clock);
  // Off unless ENTRA_LEAVERS_CHECK=on: it needs the application permission User.Read.All (infra/README.md).
  const directoryChanges = config.entraLeaversCheck
    ? new GraphDirectoryChanges({
        baseUrl: config.graph.baseUrl,
        tokens: createGraphTokenProvider({ clientId: config.graph.clientId, clientSecret: config.graph.clientSecret, managedIdentityClientId: config.graph.managedIdentityClientId }),
      })
    : null;
  return {
    config,
    store,
    clock,
    channels,
    cardChannel,
    verifier: createTokenVerifier(config.auth),
    botVerifier: createBotTokenVerifier(config.bot, config.auth),
    bot: new BotActivityHandler({ cards: cardActions, installations, botAppId: config.bot?.appId ?? '' }),
    directory,
    idempotency: new IdempotencyService(new CosmosIdempotencyRepository(store), clock, config.expiry.idempotencySeconds),
    actionItems,
    auditHistory: new AuditHistoryService(auditEntries, items, users, clock, cursors),
    deals: dealService,
    dealSuggestions: new DealSuggestionService(meetings, deals),
    meetings: new MeetingService(meetings, deals, directory, clock, audit, erasure),
    teams: teamService,
    notifications: new NotificationService(notifications, cursors),
    preferences: new PreferencesService(users, clock, audit),
    agendas,
    reviews: new ReviewService(reviews, items, deals, agendas, directory, clock, cursors, audit, erasure),
    overdueSweep: new OverdueSweep(followUp, items, notifications, clock, audit),
    dispatcher: new NotificationDispatcher(notifications, items, followUp, channels, clock, config.expiry.notificationSeconds),
    digests: new DigestService(followUp, notifications, clock),
    staleDeals: new StaleDealService(followUp, deals, notifications, clock),
    tenantSettings: new TenantSettingsService(tenantSettings, clock, audit),
    leavers,
    retention: new RetentionService(followUp, tenantSettings, new CosmosRetentionRepository(store), jobs, users, items, deals, reviews, audit, clock),
    entraLeavers: new EntraLeaverCheck(followUp, jobs, leavers, directoryChanges),
    erasure,
    exports: new ExportService(tenantJobs, blobStore, clock),
    exportWorker: new ExportWorker(tenantJobs, new CosmosExportJobQueue(store), new CosmosExportSource(store), blobStore, clock, exportSettings),
  };
}
