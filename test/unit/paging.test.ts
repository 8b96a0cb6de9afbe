import { createHash } from 'node:crypto';
import { InvalidInput } from '../../functions/src/domain';
import { CursorCodec, type CursorScope } from '../../functions/src/services/paging';

/** A fixed key, as the deployment's key store would hand out. */
const keys = (byte: number) => ({ cursorKey: async () => new Uint8Array(32).fill(byte) });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('list cursors', () => {
  const codec = new CursorCodec(keys(7));
  const scope: CursorScope = { list: 'action-items', tenantId: 't1', userId: 'u1', filters: { status: 'open', dealId: undefined } };

  it('round-trips the store token for the same list, filters and user', async () => {
    const cursor = (await codec.encode(scope, '{"token":"abc","range":{}}')) as string;
    await expect(codec.decode(scope, cursor)).resolves.toBe('{"token":"abc","range":{}}');
    await expect(codec.encode(scope, null)).resolves.toBeNull();
  });

  it('ignores filters that are not set', async () => {
    const cursor = (await codec.encode(scope, 'tok')) as string;
    await expect(codec.decode({ ...scope, filters: { status: 'open' } }, cursor)).resolves.toBe('tok');
  });

  it.each<[string, Partial<CursorScope>]>([
    ['another list', { list: 'deals' }],
    ['other filters', { filters: { status: 'done' } }],
    ['another user', { userId: 'u2' }],
    ['another tenant', { tenantId: 't2' }],
  ])('refuses a cursor used for %s', async (_name, change) => {
    const cursor = (await codec.encode(scope, 'tok')) as string;
    await expect(codec.decode({ ...scope, ...change } as CursorScope, cursor)).rejects.toThrow(InvalidInput);
  });

  it('refuses a cursor made by another deployment (another key)', async () => {
    const theirs = (await new CursorCodec(keys(8)).encode(scope, 'tok')) as string;
    await expect(codec.decode(scope, theirs)).rejects.toThrow(InvalidInput);
  });

  it('refuses a cursor whose checksum anyone could recompute without the key', async () => {
    // What the first version did: an unkeyed hash of the scope and token. Without the key it cannot be made valid.
    const unkeyed = createHash('sha256').update(['cursor/v2', 'action-items', 't1', 'u2', 'status=open', 'tok'].join('\u0000')).digest('base64url');
    await expect(codec.decode({ ...scope, userId: 'u2' }, b64({ v: 2, t: 'tok', m: unkeyed }))).rejects.toThrow(InvalidInput);
  });

  it.each([
    ['garbage', 'not-a-cursor!'],
    ['base64 of non-JSON', Buffer.from('hello').toString('base64url')],
    ['JSON null', b64(null)],
    ['JSON of the wrong shape', b64({ v: 2 })],
    ['a first-version cursor', b64({ v: 1, q: 'x', t: 'tok', s: 'y' })],
    ['an empty token', b64({ v: 2, t: '', m: 'x' })],
    ['a MAC of the wrong length', b64({ v: 2, t: 'tok', m: 'short' })],
  ])('refuses %s', async (_name, cursor) => {
    await expect(codec.decode(scope, cursor)).rejects.toThrow(InvalidInput);
  });

  it('refuses a real cursor whose token was swapped', async () => {
    const body = JSON.parse(Buffer.from((await codec.encode(scope, 'tok')) as string, 'base64url').toString('utf8'));
    await expect(codec.decode(scope, b64({ ...body, t: 'other' }))).rejects.toThrow(InvalidInput);
  });
});
