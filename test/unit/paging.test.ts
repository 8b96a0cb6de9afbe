import { InvalidInput } from '../../functions/src/domain';
import { decodeCursor, encodeCursor, queryFingerprint } from '../../functions/src/services/paging';

describe('list cursors', () => {
  const query = queryFingerprint('u1', { status: 'open', dealId: undefined });

  it('round-trips the store token for the same query and user', () => {
    const cursor = encodeCursor('{"token":"abc","range":{}}', query) as string;
    expect(decodeCursor(cursor, query)).toBe('{"token":"abc","range":{}}');
    expect(encodeCursor(null, query)).toBeNull();
  });

  it.each([
    ['garbage', 'not-a-cursor!'],
    ['base64 of non-JSON', Buffer.from('hello').toString('base64url')],
    ['JSON of the wrong shape', Buffer.from('{"v":2}').toString('base64url')],
    ['a cursor of another query', encodeCursor('t', queryFingerprint('u1', { status: 'done' })) as string],
    ['a cursor of another user', encodeCursor('t', queryFingerprint('u2', { status: 'open' })) as string],
  ])('refuses %s', (_name, cursor) => {
    expect(() => decodeCursor(cursor, query)).toThrow(InvalidInput);
  });

  it('ignores filters that are not set', () => {
    expect(queryFingerprint('u1', { status: 'open' })).toBe(query);
  });
});
