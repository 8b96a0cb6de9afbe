import { z } from 'zod';

const csv = (what: string) =>
  z
    .string({ message: `Required: ${what}` })
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string()).min(1, `Required: ${what}`));

/**
 * Every setting the functions read, parsed once at start-up. Missing or malformed settings fail fast, all named at
 * once. Nothing else reads the environment.
 */
const Settings = z.object({
  COSMOS_ENDPOINT: z.url({ message: 'Required: the Cosmos DB account endpoint, e.g. https://<account>.documents.azure.com:443/' }),
  /** Leave unset in Azure: the function app's managed identity signs in (the account has local auth disabled). */
  COSMOS_KEY: z.string().min(1).optional(),
  COSMOS_DATABASE: z.string().min(1).default('followthrough'),
  /** Accepted `aud` values: the API's client id and/or its Application ID URI. */
  AUTH_AUDIENCE: csv('the API app registration client id (and/or api://… URI), comma-separated'),
  /** Tenants whose users may call the API (Entra tenant ids). */
  AUTH_ALLOWED_TENANTS: csv('the allowed Entra tenant ids, comma-separated'),
  AUTH_ISSUER_TEMPLATE: z
    .string()
    .default('https://login.microsoftonline.com/{tenantid}/v2.0')
    .refine((v) => v.includes('{tenantid}'), 'Must contain {tenantid}'),
  AUTH_JWKS_URL: z.url().default('https://login.microsoftonline.com/common/discovery/v2.0/keys'),
  AUTH_REQUIRED_SCOPE: z.string().min(1).default('access_as_user'),
  /** The app role (token `roles` claim) that makes a user a tenant admin of Followthrough. */
  AUTH_ADMIN_APP_ROLE: z.string().min(1).default('Followthrough.Admin'),
  /** Microsoft Graph, for the Teams activity feed and email reminders. */
  GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com/v1.0'),
  /**
   * The multi-tenant app registration whose app-only Graph tokens send reminders: the activity feed through the
   * resource-specific permission TeamsActivity.Send.User (manifest), mail through Exchange RBAC for Applications.
   */
  GRAPH_CLIENT_ID: z.string({ message: 'Required: the app registration client id used for Microsoft Graph' }).min(1),
  /** Only where no managed identity exists; in Azure the managed identity is the app's federated credential. */
  GRAPH_CLIENT_SECRET: z.string().min(1).optional(),
  /**
   * Client id of the function app's user-assigned managed identity. Every Azure credential (Cosmos, Graph's
   * federated credential, Application Insights) names it explicitly: with a user-assigned identity and no client
   * id, a credential finds no identity to sign in as.
   */
  MANAGED_IDENTITY_CLIENT_ID: z.string().min(1).optional(),
  /**
   * The one service mailbox reminder emails are sent from (its address). Exchange Online RBAC for Applications
   * scopes the app's Mail.Send to this mailbox alone. Unset: no email fallback (the activity feed only).
   */
  MAIL_SENDER: z.email({ message: 'Must be the service mailbox address, e.g. followthrough@contoso.com' }).optional(),
  /**
   * The Entra tenant that holds the service mailbox: mail is sent with an app-only token for this tenant. Optional
   * when AUTH_ALLOWED_TENANTS names exactly one tenant (that one is meant); see `mailTenantOf`.
   */
  MAIL_TENANT_ID: z.guid({ message: 'Must be the Entra tenant id (a GUID) of the tenant that holds the service mailbox' }).optional(),
  /** Application Insights (OpenTelemetry traces); unset: no export. In Azure the identity signs in (local auth off). */
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().min(1).optional(),
  /** The Teams app id from the app manifest: deep links and the activity feed name it. */
  TEAMS_APP_ID: z.string({ message: 'Required: the Teams app id (manifest "id")' }).min(1),
  /** Days a notification is kept once it is final (sent, failed or cancelled); pending ones never expire. */
  NOTIFICATION_RETENTION_DAYS: z.coerce.number({ message: 'Must be a whole number of days' }).int('Must be a whole number of days').min(1, 'Must be at least 1 day').max(3650, 'Must be at most 3650 days').default(90),
  /** Hours an Idempotency-Key's record (and the first result a retry gets) is kept after its last write. */
  IDEMPOTENCY_RETENTION_HOURS: z.coerce.number({ message: 'Must be a whole number of hours' }).int('Must be a whole number of hours').min(1, 'Must be at least 1 hour').max(8760, 'Must be at most 8760 hours').default(24),
  /**
   * `on`: a daily check asks Microsoft Graph which users were deleted in Entra (`GET /users/delta`) and treats each as
   * a departure. Needs the application permission User.Read.All, which the app registration does not hold unless an
   * administrator grants it (infra/README.md). `off` by default: least privilege.
   */
  ENTRA_LEAVERS_CHECK: z.enum(['on', 'off'], { message: 'Must be on or off' }).default('off'),
  /**
   * The storage account's blob endpoint for tenant exports, e.g. https://<account>.blob.core.windows.net (the
   * managed identity signs in; shared keys are off). Unset: exports answer 503.
   */
  EXPORT_BLOB_ENDPOINT: z.url({ message: 'Must be the blob endpoint, e.g. https://<account>.blob.core.windows.net' }).optional(),
  /** The blob container exports are written to. */
  EXPORT_CONTAINER: z.string().regex(/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/, 'Must be a blob container name (3–63 lower-case letters, digits, -)').default('exports'),
  /** Days a finished export's files stay downloadable before they and the job are deleted. */
  EXPORT_RETENTION_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** Documents per page (one query, one block of a file). */
  EXPORT_PAGE_SIZE: z.coerce.number().int().min(10).max(1000).default(500),
  /** Pause between an export's pages, so exports never crowd out the API. */
  EXPORT_PAUSE_MS: z.coerce.number().int().min(0).max(10_000).default(100),
  /**
   * The Followthrough bot's app id (manifest `bots[0].botId`): the audience of the Bot Framework tokens /api/messages
   * accepts, and who the bot is to the Bot Connector. A user-assigned-MSI bot's app id is its identity's client id.
   * Unset: no bot — /api/messages accepts no token, and the card channel reaches nobody (the feed and email take over).
   */
  BOT_APP_ID: z.string().min(1).optional(),
  /** Where Bot Framework publishes the issuer and signing keys of its channel tokens (OpenID metadata). */
  BOT_OPENID_METADATA_URL: z.url().default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
  /**
   * The Entra tenant of the bot's identity (single-tenant and user-assigned-MSI bots): channel tokens that Entra ID
   * issued for the bot in this tenant are accepted too, verified with AUTH_JWKS_URL's keys and AUTH_ISSUER_TEMPLATE.
   */
  BOT_TENANT_ID: z.guid({ message: 'Must be the Entra tenant id (a GUID) of the bot\'s identity' }).optional(),
});

export interface AppConfig {
  cosmos: { endpoint: string; key?: string; databaseId: string; managedIdentityClientId?: string };
  auth: AuthConfig;
  graph: GraphConfig;
  telemetry: { connectionString?: string };
  expiry: ExpiryConfig;
  /** Whether the daily Entra check for deleted users runs (needs User.Read.All; see ENTRA_LEAVERS_CHECK). */
  entraLeaversCheck: boolean;
  /** Tenant exports (Blob Storage); hosts that build their configuration themselves may leave it out (no exports). */
  exports?: ExportConfig;
  /** The Teams bot (BOT_*); none: no bot. */
  bot?: BotConfig;
}

/** The Followthrough bot: who it is, and whose tokens /api/messages accepts (platform/bot-auth.ts). */
export interface BotConfig {
  appId: string;
  /** Bot Framework's OpenID metadata (its `issuer` and `jwks_uri`); the local host points it at its connector stand-in. */
  openIdMetadataUrl: string;
  /** The bot identity's Entra tenant: Entra-issued channel tokens from it are accepted too. */
  tenantId?: string;
}

/** Where tenant exports go and how they are paced. */
export interface ExportConfig {
  /** Unset: exports are not configured (503). */
  blobEndpoint?: string;
  container: string;
  retentionDays: number;
  pageSize: number;
  pauseMs: number;
}

/** How long what expires is kept (per-document TTL in Cosmos DB; the local host's expiry sweep where TTL is ignored). */
export interface ExpiryConfig {
  /** After a notification became final. */
  notificationSeconds: number;
  /** After an idempotency record's last write. */
  idempotencySeconds: number;
}

export interface GraphConfig {
  baseUrl: string;
  clientId: string;
  clientSecret?: string;
  managedIdentityClientId?: string;
  teamsAppId: string;
  /** The service mailbox reminder emails come from; none: no email fallback. */
  mailSender?: string;
  /** The Entra tenant that holds `mailSender` (whose app-only token sends the mail); set whenever `mailSender` is. */
  mailTenantId?: string;
}

export interface AuthConfig {
  audiences: string[];
  allowedTenants: string[];
  issuerTemplate: string;
  jwksUrl: string;
  requiredScope: string;
  adminAppRole: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = Settings.safeParse(env);
  const issues = parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  // In Azure (App Service sets WEBSITE_SITE_NAME) the functions sign in to Cosmos, Graph and Application Insights as
  // their user-assigned identity, which only its client id names.
  if (env.WEBSITE_SITE_NAME && !env.MANAGED_IDENTITY_CLIENT_ID && !(env.COSMOS_KEY && env.GRAPH_CLIENT_SECRET)) {
    issues.push('  MANAGED_IDENTITY_CLIENT_ID: Required in Azure: the client id of the function app\'s user-assigned identity');
  }
  const mailTenant = mailTenantOf(env);
  if ('issue' in mailTenant) issues.push(`  MAIL_TENANT_ID: ${mailTenant.issue}`);
  if (!parsed.success || issues.length > 0) {
    throw new ConfigError(`Followthrough cannot start; fix these settings:\n${issues.join('\n')}`);
  }
  const s = parsed.data;
  return {
    cosmos: { endpoint: s.COSMOS_ENDPOINT, key: s.COSMOS_KEY, databaseId: s.COSMOS_DATABASE, managedIdentityClientId: s.MANAGED_IDENTITY_CLIENT_ID },
    auth: {
      audiences: s.AUTH_AUDIENCE,
      allowedTenants: s.AUTH_ALLOWED_TENANTS.map((t) => t.toLowerCase()),
      issuerTemplate: s.AUTH_ISSUER_TEMPLATE,
      jwksUrl: s.AUTH_JWKS_URL,
      requiredScope: s.AUTH_REQUIRED_SCOPE,
      adminAppRole: s.AUTH_ADMIN_APP_ROLE,
    },
    graph: {
      baseUrl: s.GRAPH_BASE_URL,
      clientId: s.GRAPH_CLIENT_ID,
      clientSecret: s.GRAPH_CLIENT_SECRET,
      managedIdentityClientId: s.MANAGED_IDENTITY_CLIENT_ID,
      teamsAppId: s.TEAMS_APP_ID,
      mailSender: s.MAIL_SENDER?.toLowerCase(),
      mailTenantId: 'tenantId' in mailTenant ? mailTenant.tenantId : undefined,
    },
    telemetry: { connectionString: s.APPLICATIONINSIGHTS_CONNECTION_STRING },
    expiry: { notificationSeconds: s.NOTIFICATION_RETENTION_DAYS * 86_400, idempotencySeconds: s.IDEMPOTENCY_RETENTION_HOURS * 3_600 },
    entraLeaversCheck: s.ENTRA_LEAVERS_CHECK === 'on',
    exports: { blobEndpoint: s.EXPORT_BLOB_ENDPOINT, container: s.EXPORT_CONTAINER, retentionDays: s.EXPORT_RETENTION_DAYS, pageSize: s.EXPORT_PAGE_SIZE, pauseMs: s.EXPORT_PAUSE_MS },
    bot: s.BOT_APP_ID ? { appId: s.BOT_APP_ID, openIdMetadataUrl: s.BOT_OPENID_METADATA_URL, tenantId: s.BOT_TENANT_ID?.toLowerCase() } : undefined,
  };
}

/** The defaults of the expiry settings, for hosts that build their configuration themselves (the local host, tests). */
export const DEFAULT_EXPIRY: ExpiryConfig = { notificationSeconds: 90 * 86_400, idempotencySeconds: 24 * 3_600 };

/**
 * The tenant of the service mailbox, when there is one: MAIL_TENANT_ID, or else the one tenant AUTH_ALLOWED_TENANTS
 * names. With several allowed tenants nothing says which of them holds the mailbox, so MAIL_TENANT_ID is required.
 * (A malformed MAIL_TENANT_ID is reported by the schema above.)
 */
function mailTenantOf(env: Record<string, string | undefined>): { tenantId?: string } | { issue: string } {
  if (env.MAIL_SENDER === undefined) return {};
  if (env.MAIL_TENANT_ID !== undefined) return { tenantId: env.MAIL_TENANT_ID.toLowerCase() };
  const allowed = (env.AUTH_ALLOWED_TENANTS ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  if (allowed.length !== 1) {
    return { issue: `Required with MAIL_SENDER when AUTH_ALLOWED_TENANTS names ${allowed.length} tenants: the Entra tenant id of the tenant that holds the service mailbox` };
  }
  const [only] = allowed as [string];
  if (!z.guid().safeParse(only).success) return { issue: `Required with MAIL_SENDER: the one allowed tenant '${only}' is not an Entra tenant id (a GUID) to send from` };
  return { tenantId: only.toLowerCase() };
}

/** The names of the settings above, for the infrastructure check that every one is set by the deployment. */
export const SETTING_NAMES = Object.keys(Settings.shape);
