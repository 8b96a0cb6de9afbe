import type { Team, User } from '../domain';
import type { New, TeamRepository, UserRepository } from '../services/ports';
import type { CosmosStore } from './cosmos';
import { createDocument, queryAll, readDocument, replaceDocument } from './documents';

export class CosmosUserRepository implements UserRepository {
  constructor(private readonly store: CosmosStore) {}

  async get(tenantId: string, id: string): Promise<User | null> {
    return readDocument<User>(await this.store.container('users'), id, tenantId);
  }

  async getMany(tenantId: string, ids: string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    return queryAll<User>(
      await this.store.container('users'),
      {
        query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND ARRAY_CONTAINS(@ids, c.id)',
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@ids', value: ids },
        ],
      },
      tenantId,
    );
  }

  async findByEmails(tenantId: string, emails: string[]): Promise<User[]> {
    if (emails.length === 0) return [];
    return queryAll<User>(
      await this.store.container('users'),
      {
        query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND ARRAY_CONTAINS(@emails, c.email)',
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@emails', value: emails },
        ],
      },
      tenantId,
    );
  }

  async create(user: New<User>): Promise<User> {
    return createDocument<User>(await this.store.container('users'), user);
  }

  async replace(user: User, ifMatch: string): Promise<User> {
    return replaceDocument(await this.store.container('users'), user, ifMatch);
  }
}

export class CosmosTeamRepository implements TeamRepository {
  constructor(private readonly store: CosmosStore) {}

  async get(tenantId: string, id: string): Promise<Team | null> {
    // The container also holds the tenant's settings document (store/tenant-settings.ts): only teams are teams.
    const team = await readDocument<Team>(await this.store.container('teams'), id, tenantId);
    return team?.type === 'team' ? team : null;
  }

  async listAll(tenantId: string): Promise<Team[]> {
    return queryAll<Team>(
      await this.store.container('teams'),
      { query: "SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = 'team'", parameters: [{ name: '@tenantId', value: tenantId }] },
      tenantId,
    );
  }

  async create(team: New<Team>): Promise<Team> {
    return createDocument<Team>(await this.store.container('teams'), team);
  }

  async replace(team: Team, ifMatch: string): Promise<Team> {
    return replaceDocument(await this.store.container('teams'), team, ifMatch);
  }

  async listForUser(tenantId: string, userId: string): Promise<Team[]> {
    return queryAll<Team>(
      await this.store.container('teams'),
      {
        query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND (c.managerId = @userId OR ARRAY_CONTAINS(c.memberIds, @userId))',
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@userId', value: userId },
        ],
      },
      tenantId,
    );
  }
}
