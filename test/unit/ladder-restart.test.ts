import {
  type ActionItem,
  ActionItemPatchInput,
  applyActionItemPatch,
  DEFAULT_LADDER,
  type LadderAction,
  LADDER_GRACE_MS,
  ladderStepDueAt,
  newActionItem,
  nextLadderStep,
  parseInput,
  recordNudges,
  restartAfterNewDate,
  snoozeEnd,
  snoozeLadder,
} from '../../functions/src/domain';

/** Due Monday 2026-11-23 at 17:00 UTC; the clock is always passed in. Default ladder: 0 remind, 2 remind, 3 manager, 7 agenda. */
const DUE = '2026-11-23T17:00:00.000Z';
const REP = 'rep-1';
const at = (iso: string) => new Date(iso);

function item(overrides: Partial<ActionItem> = {}): ActionItem {
  const base = newActionItem(
    { title: 'Send pricing', owner: { type: 'user', userId: REP }, dueAt: DUE },
    { id: 'i1', tenantId: 't1', createdBy: REP, accountableId: REP, source: 'meeting', meetingKey: null, dealId: null, now: at('2026-11-18T09:00:00Z') },
  );
  return { ...base, etag: '"e1"', ...overrides };
}

/** The first `n` steps taken, each when it fell due. */
function climbed(n: number): ActionItem {
  const times = ['2026-11-23T17:00:00.000Z', '2026-11-25T17:00:00.000Z', '2026-11-26T17:00:00.000Z', '2026-11-30T17:00:00.000Z'];
  return item({ nudges: DEFAULT_LADDER.slice(0, n).map((s, step) => ({ step, action: s.action, at: times[step]!, outcome: 'taken' as const })), nextNudgeAt: times[n] ?? null });
}

/** Runs the sweep each time the item asks to be looked at, until the ladder is done: what happened when. */
function climbWholeLadder(subject: ActionItem): [string, LadderAction[]][] {
  const log: [string, LadderAction[]][] = [];
  let current = subject;
  while (current.nextNudgeAt !== null && log.length < 20) {
    const now = at(current.nextNudgeAt);
    const decision = nextLadderStep(current, DEFAULT_LADDER, now);
    if (decision.take.length > 0) log.push([now.toISOString(), decision.take.map((t) => t.action)]);
    current = { ...current, nudges: [...current.nudges, ...recordNudges(decision, now)], nextNudgeAt: decision.nextNudgeAt };
  }
  return log;
}

describe('the grace period after someone acts on an item’s schedule', () => {
  it('is a day', () => {
    expect(LADDER_GRACE_MS).toBe(24 * 60 * 60 * 1000);
  });

  it('a new date within a day of the move restarts the ladder a day after the move', () => {
    expect(restartAfterNewDate('2026-11-27T18:00:00.000Z', at('2026-11-27T17:00:00Z'))).toEqual({ at: '2026-11-28T17:00:00.000Z', fromStep: 0 });
  });

  it('a new date further out needs no restart: the ladder counts from it', () => {
    expect(restartAfterNewDate('2026-11-28T17:00:00.000Z', at('2026-11-27T17:00:00Z'))).toBeNull();
    expect(restartAfterNewDate('2026-12-04T17:00:00.000Z', at('2026-11-27T17:00:00Z'))).toBeNull();
  });

  it('an overdue item moved to an hour from now is first reminded of a day after the move, every later step as far from it as before', () => {
    const overdue = { ...climbed(3), nextNudgeAt: '2026-11-30T17:00:00.000Z' };
    const patch = parseInput(ActionItemPatchInput, { dueAt: '2026-11-27T18:00:00Z', slip: { reason: 'buyer' } });
    const moved = applyActionItemPatch(overdue, patch, { now: at('2026-11-27T17:00:00Z'), by: REP });
    expect(moved).toMatchObject({ nudges: [], ladderRestart: { at: '2026-11-28T17:00:00.000Z', fromStep: 0 }, nextNudgeAt: '2026-11-28T17:00:00.000Z' });
    expect(nextLadderStep(moved, DEFAULT_LADDER, at('2026-11-28T16:59:00Z')).take).toEqual([]);
    expect(climbWholeLadder(moved)).toEqual([
      ['2026-11-28T17:00:00.000Z', ['remind-owner']],
      ['2026-11-30T17:00:00.000Z', ['remind-owner']],
      ['2026-12-01T17:00:00.000Z', ['notify-manager']],
      ['2026-12-05T17:00:00.000Z', ['flag-agenda']],
    ]);
  });

  it('reopening an item clears the restart: its ladder counts from its due date again', () => {
    const restarted = item({ ladderRestart: { at: '2026-11-28T17:00:00.000Z', fromStep: 0 }, status: 'done', completedAt: '2026-11-27T18:00:00.000Z', nextNudgeAt: null });
    const reopened = applyActionItemPatch(restarted, parseInput(ActionItemPatchInput, { status: 'open' }), { now: at('2026-11-29T09:00:00Z'), by: REP });
    expect(reopened).toMatchObject({ ladderRestart: null, nextNudgeAt: DUE });
  });
});

describe('when a snooze ends', () => {
  it.each([
    ['tomorrow: 24 hours later', 'tomorrow', '2026-11-24T15:30:00Z', 'Europe/London', '2026-11-25T15:30:00.000Z'],
    ['Monday from a Thursday: 08:00 on Monday in the user’s zone', 'monday', '2026-11-26T15:00:00Z', 'Europe/London', '2026-11-30T08:00:00.000Z'],
    ['Monday from a Monday: the next week’s', 'monday', '2026-11-23T10:00:00Z', 'Europe/London', '2026-11-30T08:00:00.000Z'],
    ['Monday from a Friday in New York, before the clocks go back: 08:00 EST', 'monday', '2026-10-30T15:00:00Z', 'America/New_York', '2026-11-02T13:00:00.000Z'],
    ['Monday from a Sunday afternoon: not within the day’s grace, so 24 hours later', 'monday', '2026-11-29T20:00:00Z', 'America/New_York', '2026-11-30T20:00:00.000Z'],
  ] as const)('%s', (_what, choice, now, zone, expected) => {
    expect(snoozeEnd(choice, at(now), zone, 8).toISOString()).toBe(expected);
  });
});

describe('a snooze moves only the next reminder', () => {
  it('restarts the ladder at the snooze’s end from the next step, the later steps as far from it as before', () => {
    // The 2-day reminder came on Wednesday at 17:00; at 18:00 the rep snoozes it until Monday.
    const snoozed = snoozeLadder(climbed(2), DEFAULT_LADDER, at('2026-11-30T08:00:00Z'), at('2026-11-25T18:00:00Z'));
    expect(snoozed).toEqual({ ladderRestart: { at: '2026-11-30T08:00:00.000Z', fromStep: 2 }, nextNudgeAt: '2026-11-30T08:00:00.000Z' });
    const after = { ...climbed(2), ...snoozed };
    // The manager hears of it on Monday instead of Thursday; the agenda follows four days after that.
    expect(climbWholeLadder(after)).toEqual([
      ['2026-11-30T08:00:00.000Z', ['notify-manager']],
      ['2026-12-04T08:00:00.000Z', ['flag-agenda']],
    ]);
    // The due date is the same: nothing slipped.
    expect(after.dueAt).toBe(DUE);
  });

  it('a snooze of a step that is due but not taken yet moves it', () => {
    // The sweep has not got to the 2-day reminder yet when the rep snoozes it for a day.
    const due: ActionItem = { ...climbed(1), nextNudgeAt: '2026-11-25T17:00:00.000Z' };
    const snoozed = snoozeLadder(due, DEFAULT_LADDER, at('2026-11-26T17:05:00Z'), at('2026-11-25T17:05:00Z'));
    expect(snoozed).toEqual({ ladderRestart: { at: '2026-11-26T17:05:00.000Z', fromStep: 1 }, nextNudgeAt: '2026-11-26T17:05:00.000Z' });
    expect(ladderStepDueAt({ ...climbed(1), ...snoozed }, DEFAULT_LADDER, 2)).toBe(Date.parse('2026-11-27T17:05:00.000Z'));
  });

  it('moves nothing when the next reminder is that late anyway: a snooze never brings one forward', () => {
    // Right after the due-date reminder, the next one is two days away: snoozing until tomorrow changes nothing.
    expect(snoozeLadder(climbed(1), DEFAULT_LADDER, at('2026-11-24T18:00:00Z'), at('2026-11-23T18:00:00Z'))).toBeNull();
    // Before the item is due, a snooze to before the due date changes nothing either.
    expect(snoozeLadder(item(), DEFAULT_LADDER, at('2026-11-21T09:00:00Z'), at('2026-11-20T09:00:00Z'))).toBeNull();
  });

  it('a second snooze counts from the first: it only ever postpones', () => {
    const first = { ...climbed(2), ...snoozeLadder(climbed(2), DEFAULT_LADDER, at('2026-11-30T08:00:00Z'), at('2026-11-25T18:00:00Z')) };
    // Until tomorrow, from Thursday: Monday is later still — nothing moves.
    expect(snoozeLadder(first, DEFAULT_LADDER, at('2026-11-27T12:00:00Z'), at('2026-11-26T12:00:00Z'))).toBeNull();
    // From Monday at 07:00 until Tuesday: the escalation waits a day more.
    expect(snoozeLadder(first, DEFAULT_LADDER, at('2026-12-01T07:00:00Z'), at('2026-11-30T07:00:00Z'))).toEqual({
      ladderRestart: { at: '2026-12-01T07:00:00.000Z', fromStep: 2 },
      nextNudgeAt: '2026-12-01T07:00:00.000Z',
    });
  });

  it('has nothing to move once the ladder is done, or the item is closed or removed', () => {
    const later = at('2026-12-08T09:00:00Z');
    const now = at('2026-12-07T09:00:00Z');
    expect(snoozeLadder(climbed(4), DEFAULT_LADDER, later, now)).toBeNull();
    expect(snoozeLadder(item({ status: 'done' }), DEFAULT_LADDER, later, now)).toBeNull();
    expect(snoozeLadder(item({ deleted: true }), DEFAULT_LADDER, later, now)).toBeNull();
  });

  it('never restarts within the grace period, whatever it is asked', () => {
    const due: ActionItem = { ...climbed(1), nextNudgeAt: '2026-11-25T17:00:00.000Z' };
    expect(snoozeLadder(due, DEFAULT_LADDER, at('2026-11-25T18:00:00Z'), at('2026-11-25T17:30:00Z'))).toEqual({
      ladderRestart: { at: '2026-11-26T17:30:00.000Z', fromStep: 1 },
      nextNudgeAt: '2026-11-26T17:30:00.000Z',
    });
  });
});
