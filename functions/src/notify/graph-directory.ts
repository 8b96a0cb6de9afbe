import type { DirectoryChanges, DirectoryChangesPage } from '../services/ports';
import type { GraphTokenProvider } from './graph';

export interface GraphDirectoryChangesOptions {
  /** Graph's root including the version, e.g. `https://graph.microsoft.com/v1.0`. */
  baseUrl: string;
  /** App-only tokens of each customer tenant; the app needs the application permission User.Read.All there. */
  tokens: GraphTokenProvider;
  /** Per request; default 30,000 ms. */
  timeoutMs?: number;
}

interface DeltaResponse {
  value?: { id?: string; '@removed'?: { reason?: string } }[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/**
 * Users deleted in Entra ID, through Microsoft Graph's delta query: `GET /users/delta?$select=id` with an app-only
 * token, page by page (`@odata.nextLink`) until the round ends with an `@odata.deltaLink`, which the next round
 * starts from. A deleted user comes back as `{id, "@removed": {reason}}` — `changed` (in the recycle bin, restorable
 * for 30 days) or `deleted` (gone for good); either is treated as a departure. Nothing but ids is asked for.
 *
 * Needs the application permission User.Read.All (tenant-wide read of the directory), which the app registration
 * does not hold unless an administrator grants it: hence ENTRA_LEAVERS_CHECK, off by default (infra/README.md).
 */
export class GraphDirectoryChanges implements DirectoryChanges {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: GraphDirectoryChangesOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async page(tenantId: string, link: string | null): Promise<DirectoryChangesPage> {
    const url = link ?? `${this.baseUrl}/users/delta?$select=id`;
    // A link comes back from Graph; the tenant's token is only ever sent to Graph itself.
    if (new URL(url).origin !== new URL(this.baseUrl).origin) throw new Error(`Graph answered a link to another host (${new URL(url).origin}); not followed`);
    const token = await this.options.tokens.getToken(tenantId);
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
    if (!response.ok) {
      const code = await response
        .json()
        .then((b: unknown) => (b as { error?: { code?: string } }).error?.code ?? '')
        .catch(() => '');
      const why = response.status === 403 ? ' — the app holds no User.Read.All application permission in this tenant (infra/README.md, "Leavers from Entra ID")' : '';
      throw new Error(`GET /users/delta answered ${response.status}${code ? ` ${code}` : ''}${why}`);
    }
    const body = (await response.json()) as DeltaResponse;
    return {
      removedUserIds: (body.value ?? []).filter((u) => u['@removed'] && typeof u.id === 'string').map((u) => u.id as string),
      nextLink: body['@odata.nextLink'] ?? null,
      deltaLink: body['@odata.deltaLink'] ?? null,
    };
  }
}
