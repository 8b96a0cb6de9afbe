import { InvalidInput } from '../domain';
import { fingerprint } from './ids';

/**
 * API cursors wrap the store's continuation token together with a fingerprint of the query that produced it, so a
 * cursor replayed with other filters (or by another user) is refused instead of returning a confusing page.
 */
export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

interface CursorBody {
  v: 1;
  /** Fingerprint of the query (filters and user). */
  q: string;
  /** The store's continuation token. */
  t: string;
  /** Checksum of q and t: a cursor edited by hand is refused here rather than handed to the store. */
  s: string;
}

export function queryFingerprint(userId: string, filters: Record<string, unknown>): string {
  const stable = Object.keys(filters)
    .sort()
    .filter((k) => filters[k] !== undefined)
    .map((k) => `${k}=${String(filters[k])}`);
  return fingerprint(userId, ...stable).slice(0, 16);
}

export function encodeCursor(continuationToken: string | null, query: string): string | null {
  if (continuationToken === null) return null;
  const body: CursorBody = { v: 1, q: query, t: continuationToken, s: checksum(query, continuationToken) };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, query: string): string | undefined {
  if (cursor === undefined) return undefined;
  const invalid = new InvalidInput([{ path: 'cursor', message: 'Not a cursor from this list; start again without it' }]);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const c = body as Partial<CursorBody> | null;
  if (!c || c.v !== 1 || typeof c.t !== 'string' || c.t.length === 0 || c.q !== query || c.s !== checksum(query, c.t)) throw invalid;
  return c.t;
}

function checksum(query: string, token: string): string {
  return fingerprint('cursor', query, token).slice(0, 16);
}
