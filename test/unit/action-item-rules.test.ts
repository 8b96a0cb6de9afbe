import {
  type ActionItem,
  ActionItemCreateInput,
  ActionItemPatchInput,
  accountableFor,
  applyActionItemPatch,
  daysOverdue,
  InvalidInput,
  isOverdue,
  newActionItem,
  parseInput,
  slipRequired,
} from '../../functions/src/domain';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const ME = 'rep-1';

function item(overrides: Partial<ActionItem> = {}): ActionItem {
  const base = newActionItem(
    { title: 'Send pricing', owner: { type: 'user', userId: ME }, dueAt: '2026-11-22T17:00:00.000Z' },
    { id: 'i1', tenantId: 't1', createdBy: ME, accountableId: ME, source: 'manual', meetingKey: null, dealId: null, now: new Date('2026-11-18T09:00:00Z') },
  );
  return { ...base, etag: '"e1"', ...overrides };
}

describe('overdue', () => {
  it.each([
    ['open, due in the future', { dueAt: '2026-11-21T12:00:00.000Z' }, false, 0],
    ['open, due a minute ago', { dueAt: '2026-11-20T11:59:00.000Z' }, true, 0],
    ['open, due 36 hours ago', { dueAt: '2026-11-19T00:00:00.000Z' }, true, 1],
    ['open, due 10 days ago', { dueAt: '2026-11-10T12:00:00.000Z' }, true, 10],
    ['done, due 10 days ago', { dueAt: '2026-11-10T12:00:00.000Z', status: 'done' as const }, false, 0],
    ['cancelled, due 10 days ago', { dueAt: '2026-11-10T12:00:00.000Z', status: 'cancelled' as const }, false, 0],
  ])('%s', (_name, fields, overdue, days) => {
    const subject = item(fields);
    expect(isOverdue(subject, NOW)).toBe(overdue);
    expect(daysOverdue(subject, NOW)).toBe(days);
  });
});

describe('who is chased for an item', () => {
  it('is the owner when the owner is one of our users', () => {
    expect(accountableFor({ type: 'user', userId: 'u2' }, { dealOwnerId: 'u9', createdBy: 'u1' })).toBe('u2');
  });
  it("is the deal's owner for a buyer-side item", () => {
    expect(accountableFor({ type: 'contact', name: 'Dana' }, { dealOwnerId: 'u9', createdBy: 'u1' })).toBe('u9');
  });
  it('is the creator for a buyer-side item without a deal', () => {
    expect(accountableFor({ type: 'contact', name: 'Dana' }, { dealOwnerId: null, createdBy: 'u1' })).toBe('u1');
  });
});

describe('no silent slips', () => {
  it.each([
    ['moving an open item later', {}, '2026-11-25T17:00:00.000Z', true],
    ['moving an open item earlier', {}, '2026-11-21T17:00:00.000Z', false],
    ['keeping the same due date', {}, '2026-11-22T17:00:00.000Z', false],
    ['moving an overdue item earlier', { dueAt: '2026-11-15T17:00:00.000Z' }, '2026-11-14T17:00:00.000Z', true],
    ['moving an overdue item later', { dueAt: '2026-11-15T17:00:00.000Z' }, '2026-11-30T17:00:00.000Z', true],
  ])('%s: slip required = %s', (_name, fields, to, required) => {
    expect(slipRequired(item(fields), to, NOW)).toBe(required);
  });

  it('refuses a later due date without a reason', () => {
    const patch = parseInput(ActionItemPatchInput, { dueAt: '2026-11-29T17:00:00Z' });
    expect(() => applyActionItemPatch(item(), patch, { now: NOW, by: ME })).toThrow(InvalidInput);
  });

  it('records each slip and restarts the ladder at the new due date', () => {
    const nudged = item({ nudges: [{ step: 0, action: 'remind-owner', at: '2026-11-22T17:00:00Z', outcome: 'taken' }], nextNudgeAt: '2026-11-24T17:00:00.000Z' });
    const once = applyActionItemPatch(nudged, parseInput(ActionItemPatchInput, { dueAt: '2026-11-29T17:00:00Z', slip: { reason: 'buyer', note: 'CFO away' } }), { now: NOW, by: ME });
    const twice = applyActionItemPatch(once, parseInput(ActionItemPatchInput, { dueAt: '2026-12-03T17:00:00Z', slip: { reason: 'skill' } }), { now: NOW, by: 'mgr' });
    expect(twice.slips).toEqual([
      { from: '2026-11-22T17:00:00.000Z', to: '2026-11-29T17:00:00.000Z', reason: 'buyer', note: 'CFO away', at: NOW.toISOString(), by: ME },
      { from: '2026-11-29T17:00:00.000Z', to: '2026-12-03T17:00:00.000Z', reason: 'skill', note: null, at: NOW.toISOString(), by: 'mgr' },
    ]);
    expect(twice.nudges).toEqual([]);
    expect(twice.nextNudgeAt).toBe('2026-12-03T17:00:00.000Z');
  });

  it('refuses a slip that does not move the due date', () => {
    const patch = parseInput(ActionItemPatchInput, { title: 'Send pricing v2', slip: { reason: 'priority' } });
    expect(() => applyActionItemPatch(item(), patch, { now: NOW, by: ME })).toThrow(/slip/);
  });

  it('needs a note when the reason is other', () => {
    expect(() => parseInput(ActionItemPatchInput, { dueAt: '2026-11-29T17:00:00Z', slip: { reason: 'other' } })).toThrow(
      expect.objectContaining({ issues: [{ path: 'slip.note', message: expect.any(String) }] }),
    );
  });
});

describe('completing and reopening', () => {
  it('stamps completion and stops the ladder; reopening restarts it', () => {
    const done = applyActionItemPatch(item(), parseInput(ActionItemPatchInput, { status: 'done' }), { now: NOW, by: ME });
    expect(done).toMatchObject({ status: 'done', completedAt: NOW.toISOString(), nextNudgeAt: null });
    const reopened = applyActionItemPatch(done, parseInput(ActionItemPatchInput, { status: 'open' }), { now: NOW, by: ME });
    expect(reopened).toMatchObject({ status: 'open', completedAt: null, nextNudgeAt: '2026-11-22T17:00:00.000Z', nudges: [] });
  });

  it('leaves the ladder where it is when only the title changes', () => {
    const nudged = item({ nextNudgeAt: '2026-11-24T17:00:00.000Z' });
    const renamed = applyActionItemPatch(nudged, parseInput(ActionItemPatchInput, { title: 'Send final pricing' }), { now: NOW, by: ME });
    expect(renamed.nextNudgeAt).toBe('2026-11-24T17:00:00.000Z');
    expect(renamed.title).toBe('Send final pricing');
  });
});

describe('the create schema', () => {
  const valid = { title: 'Send pricing', dueAt: '2026-11-24T17:00:00+01:00', owner: { type: 'user', userId: 'u1' } };

  it('normalizes the due date to UTC and tags to lower case, once each', () => {
    const parsed = parseInput(ActionItemCreateInput, { ...valid, tags: ['MAP-Milestone', 'map-milestone', ' next-step '] });
    expect(parsed.dueAt).toBe('2026-11-24T16:00:00.000Z');
    expect(parsed.tags).toEqual(['map-milestone', 'next-step']);
  });

  it.each([
    ['a bare date', { dueAt: '2026-11-24' }, 'dueAt'],
    ['a date without an offset', { dueAt: '2026-11-24T17:00:00' }, 'dueAt'],
    ['the 30th of February', { dueAt: '2026-02-30T17:00:00Z' }, 'dueAt'],
    ['an empty title', { title: '   ' }, 'title'],
    ['a 201-character title', { title: 'x'.repeat(201) }, 'title'],
    ['an unknown owner type', { owner: { type: 'robot' } }, 'owner.type'],
    ['a contact without a name', { owner: { type: 'contact', email: 'a@b.example' } }, 'owner.name'],
    ['an unknown field', { colour: 'red' }, 'colour'],
    ['a tag with spaces', { tags: ['two words'] }, 'tags.0'],
  ])('names the field for %s', (_name, change, path) => {
    expect(() => parseInput(ActionItemCreateInput, { ...valid, ...change })).toThrow(
      expect.objectContaining({ issues: expect.arrayContaining([expect.objectContaining({ path })]) }),
    );
  });

  it('accepts a 200-character title', () => {
    expect(parseInput(ActionItemCreateInput, { ...valid, title: 'x'.repeat(200) }).title).toHaveLength(200);
  });
});
