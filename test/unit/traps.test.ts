import { DEFAULT_LADDER, DEFAULT_TRAPS, type FieldIssue, InvalidInput, parseInput, Traps } from '../../functions/src/domain';

/** The field issues a team's traps are refused with; fails the test if they are accepted. */
function refusal(input: unknown): { status: number; issues: FieldIssue[] } {
  try {
    parseInput(Traps, input);
  } catch (error) {
    if (error instanceof InvalidInput) return { status: error.status, issues: error.issues };
    throw error;
  }
  throw new Error(`Traps ${JSON.stringify(input)} were accepted`);
}

const remind = (afterDays: unknown) => ({ afterDays, action: 'remind-owner' });

describe('default traps', () => {
  it('gives every team sensible traps when it has set none', () => {
    expect(parseInput(Traps, {})).toEqual({
      ladder: [
        { afterDays: 0, action: 'remind-owner' },
        { afterDays: 2, action: 'remind-owner' },
        { afterDays: 3, action: 'notify-manager' },
        { afterDays: 7, action: 'flag-agenda' },
      ],
      nextStepWithinDays: 14,
      staleDealDays: 21,
      weeklyProspectingTarget: 5,
      snoozeLimit: 3,
      digest: { repDailyHour: 8, managerWeeklyDay: 'mon', managerWeeklyHour: 8 },
    });
    expect(DEFAULT_TRAPS).toEqual(parseInput(Traps, {}));
    expect(DEFAULT_TRAPS.ladder).toEqual(DEFAULT_LADDER);
  });

  it('fills in the digest hours a manager left out', () => {
    expect(parseInput(Traps, { digest: { managerWeeklyDay: 'fri' } }).digest).toEqual({ repDailyHour: 8, managerWeeklyDay: 'fri', managerWeeklyHour: 8 });
  });

  it('keeps the defaults for what a manager left out when they change one trap', () => {
    expect(parseInput(Traps, { staleDealDays: 10 })).toEqual({ ...DEFAULT_TRAPS, staleDealDays: 10 });
  });
});

describe('custom traps', () => {
  const custom = {
    ladder: [
      { afterDays: 0, action: 'remind-owner' },
      { afterDays: 1, action: 'notify-manager' },
      { afterDays: 5, action: 'remind-owner' },
      { afterDays: 60, action: 'flag-agenda' },
    ],
    nextStepWithinDays: 7,
    staleDealDays: 10,
    weeklyProspectingTarget: 100,
    snoozeLimit: 0,
    digest: { repDailyHour: 0, managerWeeklyDay: 'sun', managerWeeklyHour: 23 },
  };

  it('come back exactly as the manager set them, and again after a second save', () => {
    const saved = parseInput(Traps, custom);
    expect(saved).toEqual(custom);
    expect(parseInput(Traps, saved)).toEqual(custom);
  });

  it.each([
    ['a one-step ladder', { ladder: [{ afterDays: 0, action: 'flag-agenda' }] }],
    ['a ten-step ladder', { ladder: Array.from({ length: 10 }, (_, i) => remind(i)) }],
    ['no prospecting target', { weeklyProspectingTarget: 0 }],
    ['a one-day stale-deal limit', { staleDealDays: 1 }],
    ['a year-long stale-deal limit', { staleDealDays: 365 }],
    ['a 90-day next-step window', { nextStepWithinDays: 90 }],
  ])('accept %s', (_name, input) => {
    expect(parseInput(Traps, input)).toMatchObject(input);
  });
});

describe('bad traps are refused naming the field', () => {
  it.each([
    ['a negative number of days', { ladder: [remind(-1)] }, 'ladder.0.afterDays', /0 or more/],
    ['a step more than 60 days out', { ladder: [remind(0), remind(61)] }, 'ladder.1.afterDays', /60/],
    ['steps out of order', { ladder: [remind(3), remind(1)] }, 'ladder.1.afterDays', /in order/],
    ['two steps on the same day', { ladder: [remind(0), remind(2), { afterDays: 2, action: 'notify-manager' }] }, 'ladder.2.afterDays', /same day/],
    ['an unknown action', { ladder: [{ afterDays: 0, action: 'call-their-mother' }] }, 'ladder.0.action', /remind-owner, notify-manager, flag-agenda/],
    ['an empty ladder', { ladder: [] }, 'ladder', /at least one step/],
    ['eleven steps', { ladder: Array.from({ length: 11 }, (_, i) => remind(i)) }, 'ladder', /10/],
    ['an unknown field in a step', { ladder: [{ ...remind(0), channel: 'sms' }] }, 'ladder.0.channel', /Unknown field/],
    ['a step without an action', { ladder: [{ afterDays: 0 }] }, 'ladder.0.action', /./],
    ['a weekly prospecting target of 10,000', { weeklyProspectingTarget: 10000 }, 'weeklyProspectingTarget', /100/],
    ['a negative prospecting target', { weeklyProspectingTarget: -1 }, 'weeklyProspectingTarget', /0 or more/],
    ['eleven snoozes', { snoozeLimit: 11 }, 'snoozeLimit', /At most 10/],
    ['half a snooze', { snoozeLimit: 1.5 }, 'snoozeLimit', /whole number/],
    ['a stale-deal limit of 0 days', { staleDealDays: 0 }, 'staleDealDays', /at least 1/i],
    ['a next-step window of 91 days', { nextStepWithinDays: 91 }, 'nextStepWithinDays', /90/],
    ['a rep digest at hour 24', { digest: { repDailyHour: 24 } }, 'digest.repDailyHour', /0–23/],
    ['a manager digest at hour -1', { digest: { managerWeeklyHour: -1 } }, 'digest.managerWeeklyHour', /0–23/],
    ['a manager digest on funday', { digest: { managerWeeklyDay: 'funday' } }, 'digest.managerWeeklyDay', /./],
    ['an unknown field', { colour: 'red' }, 'colour', /Unknown field/],
    ['an unknown digest field', { digest: { repDailyMinute: 30 } }, 'digest.repDailyMinute', /Unknown field/],
    ['half a day', { ladder: [remind(0), remind(1.5)] }, 'ladder.1.afterDays', /whole number/],
    ['a fractional stale-deal limit', { staleDealDays: 2.5 }, 'staleDealDays', /./],
    ['a half-past digest hour', { digest: { repDailyHour: 8.5 } }, 'digest.repDailyHour', /whole hour/],
    ['days given as text', { staleDealDays: '21' }, 'staleDealDays', /./],
  ])('refuses %s', (_name, input, path, message) => {
    const { status, issues } = refusal(input);
    expect(status).toBe(400);
    expect(issues).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('names every bad field at once', () => {
    const { issues } = refusal({ weeklyProspectingTarget: 10000, staleDealDays: 0, ladder: [remind(-2)] });
    expect(issues.map((i) => i.path).sort()).toEqual(['ladder.0.afterDays', 'staleDealDays', 'weeklyProspectingTarget']);
  });

  it('refuses traps that are not an object', () => {
    expect(refusal(null).issues).toEqual([{ path: '', message: expect.any(String) }]);
  });
});
