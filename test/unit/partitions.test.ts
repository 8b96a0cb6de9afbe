import { bucketOf, colocate, partitionKeyFor, tenantScope } from '../../functions/src/store/partitions';

describe('where a document lives', () => {
  it('is the bucket its UUID names by its first two hex digits, whatever the case', () => {
    expect(bucketOf('3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8')).toBe('3f');
    expect(bucketOf('AB2A9C1E-8B7D-4E6F-A5B4-C3D2E1F0A9B8')).toBe('ab');
  });

  it('is the first two hex digits of the SHA-256 of any other id', () => {
    // sha256('meeting-x') = 378a…, sha256('goals-t1') = e6ae… (computed with `printf %s … | sha256sum`).
    expect(bucketOf('meeting-x')).toBe('37');
    expect(bucketOf('goals-t1')).toBe('e6');
  });

  it('moves a UUID into a bucket deterministically, and leaves other ids alone', () => {
    expect(colocate('3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8', '0e')).toBe('0e2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8');
    expect(bucketOf(colocate('3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8', '0e'))).toBe('0e');
    expect(colocate('meeting-x', '0e')).toBe('meeting-x');
    expect(colocate('3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8', 'zz')).toBe('3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8');
  });

  it('is [tenant, bucket] in a container that grows with use, the tenant in one bounded by the tenant', () => {
    expect(partitionKeyFor('items', 't1', '3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8')).toEqual(['t1', '3f']);
    expect(partitionKeyFor('notifications', 't1', 'meeting-x')).toEqual(['t1', '37']);
    expect(partitionKeyFor('users', 't1', '3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8')).toBe('t1');
    expect(tenantScope('items', 't1')).toEqual(['t1']);
    expect(tenantScope('teams', 't1')).toBe('t1');
  });
});
