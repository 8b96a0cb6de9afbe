import { canSeeDeal, canSeeItem, DEFAULT_TRAPS, type Team, viewerFrom } from '../../functions/src/domain';

const team = (id: string, managerId: string | null, memberIds: string[]): Team => ({ id, tenantId: 't', type: 'team', name: id, managerId, memberIds, traps: DEFAULT_TRAPS, createdAt: '', updatedAt: '', etag: '' });
const user = (id: string, roles: ('rep' | 'manager' | 'admin')[] = ['rep']) => ({ id, tenantId: 't', displayName: id, email: `${id}@x.example`, roles });

describe('who sees what', () => {
  const east = team('east', 'mgr', ['ann', 'bob']);
  const west = team('west', 'other-mgr', ['cy']);

  it('lets a rep see what they are accountable for or created, nothing of teammates', () => {
    const ann = viewerFrom(user('ann'), [east]);
    expect(canSeeItem(ann, { accountableId: 'ann', createdBy: 'bob' })).toBe(true);
    expect(canSeeItem(ann, { accountableId: 'bob', createdBy: 'ann' })).toBe(true);
    expect(canSeeItem(ann, { accountableId: 'bob', createdBy: 'bob' })).toBe(false);
    expect(canSeeDeal(ann, { ownerId: 'bob' })).toBe(false);
    expect(ann.roles).toEqual(['rep']);
  });

  it("lets a manager see their team members' work and not other teams'", () => {
    const mgr = viewerFrom(user('mgr', ['rep']), [east]);
    expect(mgr.roles).toEqual(['manager', 'rep']);
    expect(canSeeItem(mgr, { accountableId: 'bob', createdBy: 'bob' })).toBe(true);
    expect(canSeeDeal(mgr, { ownerId: 'ann' })).toBe(true);
    expect(canSeeItem(mgr, { accountableId: 'cy', createdBy: 'cy' })).toBe(false);
  });

  it('treats a manager who is also a member of another team as a rep there', () => {
    const mgr = viewerFrom(user('mgr'), [east, team('leads', 'vp', ['mgr'])]);
    expect(mgr.teamIds).toEqual(['east', 'leads']);
    expect(canSeeItem(mgr, { accountableId: 'vp', createdBy: 'vp' })).toBe(false);
  });

  it('lets an admin see the whole tenant', () => {
    const admin = viewerFrom(user('ops', ['admin']), []);
    expect(canSeeItem(admin, { accountableId: 'cy', createdBy: 'cy' })).toBe(true);
    expect(canSeeDeal(admin, { ownerId: 'bob' })).toBe(true);
  });

  it('gives a team without a manager no manager view', () => {
    const ann = viewerFrom(user('ann'), [team('orphans', null, ['ann', 'bob'])]);
    expect(canSeeItem(ann, { accountableId: 'bob', createdBy: 'bob' })).toBe(false);
    void west;
  });
});
