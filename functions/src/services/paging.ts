import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidInput } from '../domain';
import type { DeploymentKeys } from './ports';

/** A page of a list as the API answers it. */
export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * What a cursor is bound to: the list, the caller (tenant and user) and the filters that produced it. A cursor
 * used anywhere else — another list, other filters, another user — is refused.
 */
export interface CursorScope {
  list: 'action-items' | 'deals' | 'reviews' | 'notifications' | 'item-history' | 'tenant-audit';
  tenantId: string;
  userId: string;
  /** The list's filters; unset ones are ignored. */
  filters: Record<string, string | number | boolean | undefined>;
}

interface CursorBody {
  v: 2;
  /** The store's continuation token. */
  t: string;
  /** HMAC-SHA256 of the scope and `t` under the deployment's cursor key. */
  m: string;
}

const invalid = () => new InvalidInput([{ path: 'cursor', message: 'Not a cursor from this list; start again without it' }]);

/**
 * API cursors: the store's continuation token with a keyed MAC over the token and its scope. The key is random per
 * deployment and lives in the database (DeploymentKeys), so nobody can make a valid cursor for another list, filter
 * or user, and no secret sits in configuration. Queries still filter by visibility; the MAC makes a forged cursor a
 * clear 400 instead of a page of someone else's query plan.
 */
export class CursorCodec {
  constructor(private readonly keys: DeploymentKeys) {}

  async encode(scope: CursorScope, continuationToken: string | null): Promise<string | null> {
    if (continuationToken === null) return null;
    const body: CursorBody = { v: 2, t: continuationToken, m: await this.mac(scope, continuationToken) };
    return Buffer.from(JSON.stringify(body)).toString('base64url');
  }

  /** The store's continuation token of a cursor made for this scope; 400 naming `cursor` for anything else. */
  async decode(scope: CursorScope, cursor: string | undefined): Promise<string | undefined> {
    if (cursor === undefined) return undefined;
    let body: Partial<CursorBody> | null;
    try {
      body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody> | null;
    } catch {
      throw invalid();
    }
    if (!body || typeof body !== 'object' || body.v !== 2 || typeof body.t !== 'string' || body.t.length === 0 || typeof body.m !== 'string') throw invalid();
    const expected = Buffer.from(await this.mac(scope, body.t));
    const given = Buffer.from(body.m);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    return body.t;
  }

  private async mac(scope: CursorScope, token: string): Promise<string> {
    const filters = Object.keys(scope.filters)
      .filter((k) => scope.filters[k] !== undefined)
      .sort()
      .map((k) => `${k}=${String(scope.filters[k])}`);
    const hmac = createHmac('sha256', await this.keys.cursorKey());
    hmac.update(['cursor/v2', scope.list, scope.tenantId, scope.userId, ...filters, token].join('\u0000'));
    return hmac.digest('base64url');
  }
}
