import type { AuditEntryReply } from '../../functions/src/domain/replies';
import { describeEntry } from '../../addin/src/features/history/describe';

const ctx = { timeZone: 'UTC', people: { m1: 'Morgan Lee' }, now: new Date('2026-12-01T20:00:00.000Z') };
const entry = (changes: AuditEntryReply['changes'], by: AuditEntryReply['by'] = { kind: 'user', userId: 'm1', displayName: 'Morgan Lee' }): AuditEntryReply => ({
  id: 'a1',
  entity: { kind: 'actionItem', id: 'i1' },
  at: '2026-12-01T19:02:00.000Z',
  by,
  via: 'card',
  action: 'update',
  changes,
});

describe('putting an item on the review agenda, in its history', () => {
  it("reads as the manager's change", () => {
    expect(describeEntry(entry([{ field: 'flaggedForReviewAt', before: null, after: '2026-12-01T19:02:00.000Z' }]), ctx).what).toBe('put it on the review agenda');
  });

  it("is said once when the ladder's flag step did it", () => {
    const swept = entry(
      [
        { field: 'nudge', before: null, after: { step: 3, action: 'flag-agenda', outcome: 'taken' } },
        { field: 'flaggedForReviewAt', before: null, after: '2026-12-01T19:02:00.000Z' },
      ],
      { kind: 'system', name: 'overdue-sweep' },
    );
    expect(describeEntry(swept, ctx).what).toBe('put it on the review agenda');
  });
});
