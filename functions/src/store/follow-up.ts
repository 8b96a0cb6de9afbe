import type { SqlParameter } from '@azure/cosmos';
import type { ActionItem, Deal, Team, User } from '../domain';
import { OPEN_DEAL_STAGES } from '../domain';
import type { FollowUpRepository, Page, PageRequest } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { cosmos, queryAcrossTenants, queryAll } from './documents';
import type { ContainerName } from './layout';

/**
 * The overdue sweep's query, across every tenant: the named exception to "every query serves one tenant". Served by
 * the (status, nextNudgeAt) composite index, it reads the items due, in each physical partition (docs/scale.md).
 */
export const ITEMS_DUE_FOR_NUDGE = "SELECT * FROM c WHERE c.status = 'open' AND c.nextNudgeAt <= @now AND c.type = 'actionItem' AND c.deleted = false";
/** The tenants that have users (the timers' per-tenant work): the users container is small, one partition a tenant. */
export const TENANT_IDS = "SELECT VALUE c.tenantId FROM c WHERE c.type = 'user'";

export class CosmosFollowUpRepository implements FollowUpRepository {
  constructor(private readonly store: CosmosStore) {}

  async itemsDueForNudge(now: string, page: PageRequest): Promise<Page<ActionItem>> {
    return queryAcrossTenants<ActionItem>(await this.store.container('items'), { query: ITEMS_DUE_FOR_NUDGE, parameters: [{ name: '@now', value: now }] }, page);
  }

  async tenantIds(): Promise<string[]> {
    const container = await this.store.container('users');
    const { resources } = await cosmos(() => container.items.query<string>(TENANT_IDS).fetchAll());
    return [...new Set(resources)].sort();
  }

  async tenantDirectory(tenantId: string): Promise<{ users: User[]; teams: Team[] }> {
    const [users, teams] = await Promise.all([this.all<User>('users', tenantId, "c.type = 'user'"), this.all<Team>('teams', tenantId, "c.type = 'team'")]);
    return { users, teams };
  }

  openItems(tenantId: string): Promise<ActionItem[]> {
    return this.all<ActionItem>('items', tenantId, "c.type = 'actionItem' AND c.status = 'open' AND c.deleted = false");
  }

  itemsChangedSince(tenantId: string, since: string): Promise<ActionItem[]> {
    return this.all<ActionItem>('items', tenantId, "c.type = 'actionItem' AND c.deleted = false AND c.updatedAt >= @since", [{ name: '@since', value: since }]);
  }

  dealItems(tenantId: string): Promise<ActionItem[]> {
    return this.all<ActionItem>('items', tenantId, "c.type = 'actionItem' AND c.deleted = false AND IS_STRING(c.dealId)");
  }

  openDeals(tenantId: string): Promise<Deal[]> {
    return this.all<Deal>('deals', tenantId, 'ARRAY_CONTAINS(@open, c.stage)', [{ name: '@open', value: [...OPEN_DEAL_STAGES] }]);
  }

  private async all<T>(name: ContainerName, tenantId: string, where: string, parameters: SqlParameter[] = []): Promise<T[]> {
    return queryAll<T>(
      await this.store.container(name),
      { query: `SELECT * FROM c WHERE c.tenantId = @tenantId AND ${where}`, parameters: [{ name: '@tenantId', value: tenantId }, ...parameters] },
      tenantId,
    );
  }
}
