import type { SqlParameter } from '@azure/cosmos';
import type { ActionItem, Deal, Team, User } from '../domain';
import { OPEN_DEAL_STAGES } from '../domain';
import type { FollowUpRepository, Page, PageRequest } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { cosmos, queryAcrossTenants, queryAll } from './documents';
import type { ContainerName } from './layout';

export class CosmosFollowUpRepository implements FollowUpRepository {
  constructor(private readonly store: CosmosStore) {}

  async itemsDueForNudge(now: string, page: PageRequest): Promise<Page<ActionItem>> {
    // Served by the (status, nextNudgeAt) composite index: the documents read are the items due, not all items.
    return queryAcrossTenants<ActionItem>(
      await this.store.container('items'),
      {
        query: "SELECT * FROM c WHERE c.status = 'open' AND c.nextNudgeAt <= @now AND c.type = 'actionItem' AND c.deleted = false",
        parameters: [{ name: '@now', value: now }],
      },
      page,
    );
  }

  async tenantIds(): Promise<string[]> {
    const container = await this.store.container('users');
    const { resources } = await cosmos(() => container.items.query<string>("SELECT VALUE c.tenantId FROM c WHERE c.type = 'user'").fetchAll());
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
