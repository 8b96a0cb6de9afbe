import {
  type ActionItem,
  type AgendaInput,
  buildReviewAgenda,
  COACHING_QUESTION,
  DAY_MS,
  type Deal,
  type DealRisk,
  DEFAULT_TRAPS,
  newActionItem,
  type Owner,
  quarterOf,
  type RepAgenda,
  type Slip,
  type SlipReason,
  teamAgendaRow,
  weekStart,
} from '../../functions/src/domain';

/** The manager opens the agenda on Wednesday 2026-11-25 at 15:00 UTC: 10:00 for a rep in New York. */
const NOW = new Date('2026-11-25T15:00:00.000Z');
const NEW_YORK = 'America/New_York';
const REP = 'rep-1';
const HOUR_MS = 60 * 60 * 1000;
const daysAgo = (days: number, hours = 0) => new Date(NOW.getTime() - days * DAY_MS - hours * HOUR_MS).toISOString();
const inDays = (days: number, hours = 0) => new Date(NOW.getTime() + days * DAY_MS + hours * HOUR_MS).toISOString();

/** Monday 00:00 in New York of the eight weeks the agenda looks at; US clocks went back on Sunday 2026-11-01. */
const WEEK = {
  oct05: '2026-10-05T04:00:00.000Z',
  oct12: '2026-10-12T04:00:00.000Z',
  oct19: '2026-10-19T04:00:00.000Z',
  oct26: '2026-10-26T04:00:00.000Z',
  nov02: '2026-11-02T05:00:00.000Z',
  nov09: '2026-11-09T05:00:00.000Z',
  nov16: '2026-11-16T05:00:00.000Z',
  nov23: '2026-11-23T05:00:00.000Z',
};
const EIGHT_WEEKS_OLDEST_FIRST = [WEEK.oct05, WEEK.oct12, WEEK.oct19, WEEK.oct26, WEEK.nov02, WEEK.nov09, WEEK.nov16, WEEK.nov23];

const BUYER: Owner = { type: 'contact', name: 'Dana Okafor', email: 'dana@contoso.example' };

/** An open item of the rep, due in 30 days, created 30 days ago (so it adds no recent activity) unless overridden. */
function item(id: string, overrides: Partial<ActionItem> = {}, owner: Owner = { type: 'user', userId: REP }): ActionItem {
  const base = newActionItem(
    { title: `Item ${id}`, owner, dueAt: inDays(30) },
    { id, tenantId: 't1', createdBy: REP, accountableId: REP, source: 'meeting', meetingKey: null, dealId: null, now: new Date(daysAgo(30)) },
  );
  return { ...base, etag: '"e"', ...overrides };
}

const done = (id: string, dueAt: string, completedAt: string, overrides: Partial<ActionItem> = {}) =>
  item(id, { status: 'done', dueAt, completedAt, updatedAt: completedAt, nextNudgeAt: null, ...overrides });

const slip = (reason: SlipReason, at: string, note: string | null = null): Slip => ({ from: daysAgo(20), to: inDays(5), reason, note, at, by: REP });

function deal(id: string, overrides: Partial<Deal> = {}): Deal {
  return {
    id,
    tenantId: 't1',
    etag: '"e"',
    type: 'deal',
    name: `Deal ${id}`,
    account: 'Contoso',
    stage: 'propose',
    amount: 100_000,
    currency: 'USD',
    closeDate: '2026-12-31',
    ownerId: REP,
    createdBy: REP,
    createdAt: daysAgo(90),
    updatedAt: daysAgo(1),
    lastActivityAt: daysAgo(1),
    ...overrides,
  };
}

/** An open next-step item on the deal, created long ago. */
const nextStep = (dealId: string, dueAt = inDays(3), overrides: Partial<ActionItem> = {}) => item(`next-${dealId}`, { dealId, tags: ['next-step'], dueAt, ...overrides });

function agenda(overrides: Partial<AgendaInput> = {}): RepAgenda {
  return buildReviewAgenda({ repId: REP, kind: 'weekly', now: NOW, timeZone: NEW_YORK, items: [], deals: [], lastReview: null, traps: DEFAULT_TRAPS, ...overrides });
}

const ids = (refs: { itemId: string }[]) => refs.map((r) => r.itemId);

describe('a rep with nothing', () => {
  it('gets an agenda with every section empty, no rates and zero averages', () => {
    const subject = agenda();
    expect(subject).toEqual({
      repId: REP,
      kind: 'weekly',
      asOf: NOW.toISOString(),
      since: { at: daysAgo(7), reviewId: null },
      commitments: [],
      overdue: [],
      slips: [],
      dueSoon: [],
      completed: { onTime: 0, late: 0, items: [] },
      dealsAtRisk: [],
      focus: { dealId: null, share: 0, activities: 0, flagged: false },
      prospecting: { target: 5, thisWeek: 0, weeks: [WEEK.nov23, WEEK.nov16, WEEK.nov09, WEEK.nov02].map((w) => ({ weekStart: w, completed: 0 })) },
      kpis: { onTimeRate: EIGHT_WEEKS_OLDEST_FIRST.map((w) => ({ weekStart: w, completed: 0, rate: null })), averageDaysOverdue: 0, openItems: 0 },
    });
    expect(subject).not.toHaveProperty('plan');
  });

  it('gets an empty plan in a quarterly review', () => {
    expect(agenda({ kind: 'quarterly' }).plan).toEqual({
      quarter: '2026-Q4',
      quota: null,
      wonByMonth: [
        { month: '2026-10', amount: 0 },
        { month: '2026-11', amount: 0 },
        { month: '2026-12', amount: 0 },
      ],
      wonTotal: 0,
      commitments: [],
    });
  });
});

describe('since: the last review of the rep', () => {
  const items = [done('c8', daysAgo(7), daysAgo(8)), done('c6', daysAgo(5), daysAgo(6)), done('c4', daysAgo(3), daysAgo(4)), done('c2', daysAgo(1), daysAgo(2))];

  it.each([
    ['with no last review: 7 days ago', null, { at: daysAgo(7), reviewId: null }, ['c2', 'c4', 'c6']],
    ['with a review 3 days ago: that review', { id: 'rev-1', heldAt: daysAgo(3), commitmentIds: [] }, { at: daysAgo(3), reviewId: 'rev-1' }, ['c2']],
  ])('starts %s', (_name, lastReview, since, completedIds) => {
    const subject = agenda({ items, lastReview });
    expect(subject.since).toEqual(since);
    expect(ids(subject.completed.items)).toEqual(completedIds);
  });
});

describe('commitments from the last review', () => {
  const lastReview = { id: 'rev-1', heldAt: daysAgo(7), commitmentIds: ['c-done', 'c-open', 'c-overdue', 'c-cancelled', 'c-gone'] };
  const items = [
    done('c-done', daysAgo(1), daysAgo(3)),
    item('c-open', { dueAt: inDays(3) }),
    item('c-overdue', { dueAt: daysAgo(2) }),
    item('c-cancelled', { status: 'cancelled', dueAt: inDays(1), nextNudgeAt: null }),
    item('not-committed', { dueAt: daysAgo(2) }),
  ];

  it('lists each item committed at the last review with where it stands, earliest due first', () => {
    expect(agenda({ items, lastReview }).commitments.map((c) => [c.itemId, c.status, c.completedAt])).toEqual([
      ['c-overdue', 'overdue', null],
      ['c-done', 'done', daysAgo(3)],
      ['c-cancelled', 'cancelled', null],
      ['c-open', 'open', null],
    ]);
  });

  it('has no commitments without a last review', () => {
    expect(agenda({ items }).commitments).toEqual([]);
  });
});

describe('overdue items', () => {
  const items = [
    item('two-days', { dueAt: daysAgo(2) }),
    item('three-hours', { dueAt: daysAgo(0, 3) }),
    item('ten-days', { dueAt: daysAgo(10), slips: [slip('buyer', daysAgo(20)), slip('skill', daysAgo(12))], flaggedForReviewAt: daysAgo(3) }),
    item('buyer-side', { dueAt: daysAgo(5) }, BUYER),
    item('not-yet', { dueAt: inDays(0, 1) }),
    done('done-late', daysAgo(20), daysAgo(1)),
    item('cancelled', { status: 'cancelled', dueAt: daysAgo(4) }),
    item('deleted', { dueAt: daysAgo(30), deleted: true }),
  ];

  it('lists open items past due, most overdue first, with days overdue, slips and whether the ladder flagged them', () => {
    expect(agenda({ items }).overdue.map((o) => [o.itemId, o.daysOverdue, o.slipCount, o.lastSlipReason, o.flagged])).toEqual([
      ['ten-days', 10, 2, 'skill', true],
      ['buyer-side', 5, 0, null, false],
      ['two-days', 2, 0, null, false],
      ['three-hours', 0, 0, null, false],
    ]);
  });

  it('averages the days overdue and counts the open items', () => {
    // (10 + 5 + 2 + 0) / 4 = 4.25, to one decimal.
    expect(agenda({ items }).kpis).toMatchObject({ averageDaysOverdue: 4.3, openItems: 5 });
  });
});

describe('slips since the last review, grouped by reason', () => {
  it.each([
    ['skill', 'knows-what-to-do', 'Does the rep know what to do?'],
    ['obstacle', 'can-do-it', 'Can they do it — what is in the way?'],
    ['buyer', 'can-do-it', 'Can they do it — what is in the way?'],
    ['priority', 'can-do-it', 'Can they do it — what is in the way?'],
    ['forgot', 'system', 'What trap would catch this?'],
    ['other', 'other', 'What happened, and what would prevent it?'],
  ] as const)('puts a %s slip in the %s group with the question “%s”', (reason, category, question) => {
    const slipped = item('slipped', { dueAt: daysAgo(1), slips: [slip(reason, daysAgo(2), 'why')] });
    expect(agenda({ items: [slipped] }).slips).toEqual([{ reason, category, question, count: 1, items: [{ itemId: 'slipped', title: 'Item slipped', note: 'why', at: daysAgo(2) }] }]);
    expect(COACHING_QUESTION[category]).toBe(question);
  });

  it("counts each of an item's reschedules since the last review in its reason's group, and none before it", () => {
    const lastReview = { id: 'rev-1', heldAt: daysAgo(5), commitmentIds: [] };
    const rescheduled = item('rescheduled', {
      dueAt: daysAgo(1),
      slips: [slip('skill', daysAgo(12), 'before the review'), slip('buyer', daysAgo(4), 'CFO on leave'), slip('skill', daysAgo(3), 'Unsure of the business case'), slip('forgot', daysAgo(2))],
    });
    const another = item('another', { dueAt: inDays(2), slips: [slip('obstacle', daysAgo(1), 'Legal queue'), slip('skill', daysAgo(1, -2))] });
    const subject = agenda({ items: [rescheduled, another], lastReview });

    expect(subject.slips.map((g) => [g.reason, g.count, g.items.map((s) => [s.itemId, s.note])])).toEqual([
      [
        'skill',
        2,
        [
          ['rescheduled', 'Unsure of the business case'],
          ['another', null],
        ],
      ],
      ['buyer', 1, [['rescheduled', 'CFO on leave']]],
      ['forgot', 1, [['rescheduled', null]]],
      ['obstacle', 1, [['another', 'Legal queue']]],
    ]);
    expect(subject.overdue).toEqual([expect.objectContaining({ itemId: 'rescheduled', slipCount: 4, lastSlipReason: 'forgot' })]);
  });

  it('looks back 7 days when there was no review', () => {
    const slipped = item('slipped', { dueAt: inDays(2), slips: [slip('priority', daysAgo(8)), slip('obstacle', daysAgo(6))] });
    expect(agenda({ items: [slipped] }).slips.map((g) => [g.reason, g.count])).toEqual([['obstacle', 1]]);
  });
});

describe('buyer-side items', () => {
  const items = [
    item('chase-overdue', { dueAt: daysAgo(3), slips: [slip('buyer', daysAgo(1), 'Signer travelling')] }, BUYER),
    item('chase-soon', { dueAt: inDays(2) }, BUYER),
    done('chase-done', daysAgo(1), daysAgo(2), { owner: BUYER }),
  ];

  it('appear in overdue, slips, due soon and completed like any other item, naming the buyer as owner', () => {
    const subject = agenda({ items });
    expect(subject.overdue.map((o) => [o.itemId, o.owner])).toEqual([['chase-overdue', BUYER]]);
    expect(subject.slips.map((g) => [g.reason, ids(g.items)])).toEqual([['buyer', ['chase-overdue']]]);
    expect(subject.dueSoon.map((o) => [o.itemId, o.owner])).toEqual([['chase-soon', BUYER]]);
    expect(subject.completed.items.map((o) => [o.itemId, o.owner, o.onTime])).toEqual([['chase-done', BUYER, true]]);
  });
});

describe('due soon: the next 7 days', () => {
  it.each([
    ['due in an hour', item('x', { dueAt: inDays(0, 1) }), true],
    ['due in 6 days 23 hours', item('x', { dueAt: inDays(6, 23) }), true],
    ['due in exactly 7 days', item('x', { dueAt: inDays(7) }), true],
    ['due in 7 days and an hour', item('x', { dueAt: inDays(7, 1) }), false],
    ['an hour overdue (it is in overdue instead)', item('x', { dueAt: daysAgo(0, 1) }), false],
    ['done, due tomorrow', done('x', inDays(1), daysAgo(1)), false],
    ['cancelled, due tomorrow', item('x', { status: 'cancelled', dueAt: inDays(1) }), false],
  ])('%s: listed = %s', (_name, subject, listed) => {
    expect(ids(agenda({ items: [subject] }).dueSoon)).toEqual(listed ? ['x'] : []);
  });

  it('lists the earliest due first', () => {
    const items = [item('friday', { dueAt: inDays(2) }), item('tomorrow', { dueAt: inDays(1) }), item('next-week', { dueAt: inDays(6) })];
    expect(ids(agenda({ items }).dueSoon)).toEqual(['tomorrow', 'friday', 'next-week']);
  });
});

describe('completed since the last review', () => {
  const lastReview = { id: 'rev-1', heldAt: daysAgo(5), commitmentIds: [] };
  const items = [
    done('on-time', daysAgo(1), daysAgo(2)),
    done('at-the-due-time', daysAgo(3), daysAgo(3)),
    done('late', daysAgo(4), daysAgo(1)),
    done('at-the-review', daysAgo(6), daysAgo(5)),
    done('before-the-review', daysAgo(7), daysAgo(6)),
    item('cancelled', { status: 'cancelled', dueAt: daysAgo(2) }),
  ];

  it('splits what got done on time from what got done late, latest first', () => {
    const { completed } = agenda({ items, lastReview });
    expect(completed).toMatchObject({ onTime: 2, late: 2 });
    expect(completed.items.map((c) => [c.itemId, c.onTime, c.completedAt])).toEqual([
      ['late', false, daysAgo(1)],
      ['on-time', true, daysAgo(2)],
      ['at-the-due-time', true, daysAgo(3)],
      ['at-the-review', false, daysAgo(5)],
    ]);
  });
});

describe('deals at risk', () => {
  const risks = (deals: Deal[], items: ActionItem[], traps = DEFAULT_TRAPS, now = NOW) => agenda({ deals, items, traps, now }).dealsAtRisk;

  it.each<[string, Deal, ActionItem[], DealRisk[]]>([
    ['an active deal with a next step due in 3 days', deal('d'), [nextStep('d')], []],
    ['a deal with no items', deal('d'), [], ['no-next-step']],
    ['a deal whose next step is due in 20 days, past nextStepWithinDays (14)', deal('d'), [nextStep('d', inDays(20))], ['no-next-step']],
    ['a deal whose next step is due in 13 days', deal('d'), [nextStep('d', inDays(13))], []],
    ['a deal whose next step is overdue', deal('d'), [nextStep('d', daysAgo(2))], []],
    ['a deal whose next step is done', deal('d'), [nextStep('d', inDays(3), { status: 'done', completedAt: daysAgo(1) })], ['no-next-step']],
    ['a deal with an open item not tagged next-step', deal('d'), [item('x', { dealId: 'd', dueAt: inDays(3) })], ['no-next-step']],
    ['a deal quiet for 22 days', deal('d', { lastActivityAt: daysAgo(22) }), [nextStep('d')], ['stale']],
    ['a deal quiet for 22 days with an item done 2 days ago', deal('d', { lastActivityAt: daysAgo(22) }), [nextStep('d'), done('x', daysAgo(1), daysAgo(2), { dealId: 'd' })], []],
    ['a deal whose close date was yesterday', deal('d', { closeDate: '2026-11-24' }), [nextStep('d')], ['close-date-passed']],
    ['a deal closing today', deal('d', { closeDate: '2026-11-25' }), [nextStep('d')], []],
    ['a deal without a close date', deal('d', { closeDate: null }), [nextStep('d')], []],
    ['a quiet deal past its close date with no next step', deal('d', { lastActivityAt: daysAgo(30), closeDate: '2026-10-31' }), [], ['no-next-step', 'stale', 'close-date-passed']],
  ])('%s: %j', (_name, subject, items, reasons) => {
    expect(risks([subject], items).map((r) => r.reasons)).toEqual(reasons.length > 0 ? [reasons] : []);
  });

  it.each(['won', 'lost'] as const)('leaves out a %s deal, whatever it breaks', (stage) => {
    expect(risks([deal('d', { stage, lastActivityAt: daysAgo(60), closeDate: '2026-09-30' })], [])).toEqual([]);
  });

  it("goes by the team's own next-step window", () => {
    const inTwenty = [nextStep('d', inDays(20))];
    expect(risks([deal('d')], inTwenty, { ...DEFAULT_TRAPS, nextStepWithinDays: 30 })).toEqual([]);
    expect(risks([deal('d')], [nextStep('d', inDays(10))], { ...DEFAULT_TRAPS, nextStepWithinDays: 7 }).map((r) => r.reasons)).toEqual([['no-next-step']]);
  });

  it("reads the close date in the rep's time zone: 22:00 on the close date in New York is not past it", () => {
    const lateEvening = new Date('2026-11-26T03:00:00.000Z');
    expect(risks([deal('d', { closeDate: '2026-11-25', lastActivityAt: daysAgo(1) })], [nextStep('d')], DEFAULT_TRAPS, lateEvening)).toEqual([]);
  });

  it('lists the deals with most reasons first, then the largest', () => {
    const deals = [deal('small-one', { amount: 500_000 }), deal('three', { amount: 10_000, lastActivityAt: daysAgo(30), closeDate: '2026-11-01' }), deal('large-one', { amount: 900_000 })];
    expect(risks(deals, [])).toEqual([
      { dealId: 'three', name: 'Deal three', account: 'Contoso', stage: 'propose', amount: 10_000, reasons: ['no-next-step', 'stale', 'close-date-passed'] },
      { dealId: 'large-one', name: 'Deal large-one', account: 'Contoso', stage: 'propose', amount: 900_000, reasons: ['no-next-step'] },
      { dealId: 'small-one', name: 'Deal small-one', account: 'Contoso', stage: 'propose', amount: 500_000, reasons: ['no-next-step'] },
    ]);
  });
});

describe('focus: the share of the last 14 days of activity on the busiest deal', () => {
  /** Items created 3 days ago on a deal (or on none), and prospecting items completed this week (no deal). */
  function activity(onA: number, onB: number, onNoDeal: number, prospectingThisWeek: number): ActionItem[] {
    const created = (prefix: string, n: number, dealId: string | null) => Array.from({ length: n }, (_, i) => item(`${prefix}-${i}`, { dealId, createdAt: daysAgo(3), updatedAt: daysAgo(3) }));
    const prospecting = Array.from({ length: prospectingThisWeek }, (_, i) => done(`p-${i}`, inDays(1), daysAgo(1), { tags: ['prospecting'] }));
    return [...created('a', onA, 'deal-a'), ...created('b', onB, 'deal-b'), ...created('n', onNoDeal, null), ...prospecting];
  }

  it.each([
    ['80 % on one deal while prospecting is below target', activity(4, 0, 0, 1), { dealId: 'deal-a', share: 0.8, activities: 5, flagged: true }],
    ['80 % on one deal with prospecting at target', activity(20, 0, 0, 5), { dealId: 'deal-a', share: 0.8, activities: 25, flagged: false }],
    ['exactly 60 % on one deal with no prospecting', activity(3, 0, 2, 0), { dealId: 'deal-a', share: 0.6, activities: 5, flagged: false }],
    ['two thirds on one deal with no prospecting', activity(2, 1, 0, 0), { dealId: 'deal-a', share: 0.67, activities: 3, flagged: true }],
    ['spread over two deals and other work', activity(2, 3, 2, 0), { dealId: 'deal-b', share: 0.43, activities: 7, flagged: false }],
    ['only work outside deals', activity(0, 0, 4, 0), { dealId: null, share: 0, activities: 4, flagged: false }],
  ])('%s', (_name, items, focus) => {
    expect(agenda({ items }).focus).toEqual(focus);
  });

  it('leaves out activity older than 14 days', () => {
    const old = Array.from({ length: 5 }, (_, i) => item(`old-${i}`, { dealId: 'deal-a', createdAt: daysAgo(15), updatedAt: daysAgo(15) }));
    expect(agenda({ items: [...old, item('recent', { createdAt: daysAgo(1) })] }).focus).toEqual({ dealId: null, share: 0, activities: 1, flagged: false });
  });

  it('counts creating, completing and rescheduling an item as activity', () => {
    const onDeal = item('on-deal', { dealId: 'deal-a', createdAt: daysAgo(5), slips: [slip('buyer', daysAgo(2))] });
    const doneOnDeal = done('done-on-deal', daysAgo(1), daysAgo(1), { dealId: 'deal-a' });
    expect(agenda({ items: [onDeal, doneOnDeal, item('other', { createdAt: daysAgo(1) })] }).focus).toEqual({ dealId: 'deal-a', share: 0.75, activities: 4, flagged: true });
  });

  it('counts every reschedule of the last 14 days, not only those since the last review', () => {
    // Issue 5: "the share of the rep's last-14-days activity". With no review, `since` is 7 days ago; a reschedule
    // 10 days ago is still within the 14 days.
    const rescheduledEarlier = item('rescheduled', { dealId: 'deal-a', slips: [slip('buyer', daysAgo(10))] });
    expect(agenda({ items: [rescheduledEarlier, item('other', { createdAt: daysAgo(1) })] }).focus).toEqual({ dealId: 'deal-a', share: 0.5, activities: 2, flagged: false });
  });
});

describe('prospecting this week against the target', () => {
  const prospecting = (id: string, completedAt: string) => done(id, completedAt, completedAt, { tags: ['prospecting'] });
  const items = [
    prospecting('today', daysAgo(0, 1)),
    prospecting('monday-early', '2026-11-23T05:30:00.000Z'),
    prospecting('last-week', '2026-11-18T15:00:00.000Z'),
    prospecting('nov-10', '2026-11-10T15:00:00.000Z'),
    prospecting('nov-11', '2026-11-11T15:00:00.000Z'),
    prospecting('nov-12', '2026-11-12T15:00:00.000Z'),
    prospecting('nov-03', '2026-11-03T15:00:00.000Z'),
    prospecting('oct-27', '2026-10-27T15:00:00.000Z'),
    done('not-prospecting', daysAgo(1), daysAgo(1), { tags: ['next-step'] }),
    item('open-prospecting', { tags: ['prospecting'], dueAt: inDays(1) }),
  ];

  it('counts prospecting items completed this week and in each of the last 4 weeks, newest first', () => {
    expect(agenda({ items, traps: { ...DEFAULT_TRAPS, weeklyProspectingTarget: 3 } }).prospecting).toEqual({
      target: 3,
      thisWeek: 2,
      weeks: [
        { weekStart: WEEK.nov23, completed: 2 },
        { weekStart: WEEK.nov16, completed: 1 },
        { weekStart: WEEK.nov09, completed: 3 },
        { weekStart: WEEK.nov02, completed: 1 },
      ],
    });
  });
});

describe('kpis: on-time completion per week for 8 weeks', () => {
  it('gives the rate of each week, oldest first, and no rate for a week with nothing completed', () => {
    const items = [
      done('this-week-on-time', inDays(1), daysAgo(1)),
      done('this-week-late', '2026-11-23T10:00:00.000Z', '2026-11-24T10:00:00.000Z'),
      done('nov-09-a', '2026-11-12T17:00:00.000Z', '2026-11-10T15:00:00.000Z'),
      done('nov-09-b', '2026-11-12T17:00:00.000Z', '2026-11-12T17:00:00.000Z'),
      done('nov-09-late', '2026-11-09T17:00:00.000Z', '2026-11-13T15:00:00.000Z'),
      done('oct-05-late', '2026-10-05T17:00:00.000Z', '2026-10-06T12:00:00.000Z'),
      done('sep-28-outside', '2026-10-04T17:00:00.000Z', '2026-10-04T12:00:00.000Z'),
      item('cancelled', { status: 'cancelled', dueAt: daysAgo(3) }),
    ];
    const completedAndRate: Record<string, [number, number | null]> = { [WEEK.nov23]: [2, 0.5], [WEEK.nov09]: [3, 0.67], [WEEK.oct05]: [1, 0] };
    expect(agenda({ items }).kpis.onTimeRate).toEqual(
      EIGHT_WEEKS_OLDEST_FIRST.map((w) => ({ weekStart: w, completed: completedAndRate[w]?.[0] ?? 0, rate: completedAndRate[w]?.[1] ?? null })),
    );
  });
});

describe("week boundaries in the rep's time zone", () => {
  it.each([
    ['Wednesday 10:00 New York', WEEK.nov23, '2026-11-25T15:00:00Z', NEW_YORK],
    ['Monday 00:00 New York', WEEK.nov23, '2026-11-23T05:00:00Z', NEW_YORK],
    ['Sunday 23:59 New York, already Monday in UTC', WEEK.nov16, '2026-11-23T04:59:00Z', NEW_YORK],
    ['Sunday 1 Nov 01:30 EDT, before clocks go back', WEEK.oct26, '2026-11-01T05:30:00Z', NEW_YORK],
    ['Sunday 1 Nov 01:30 EST, after clocks go back', WEEK.oct26, '2026-11-01T06:30:00Z', NEW_YORK],
    ['Sunday 1 Nov 23:30 EST', WEEK.oct26, '2026-11-02T04:30:00Z', NEW_YORK],
    ['Monday 2 Nov 00:30 EST', WEEK.nov02, '2026-11-02T05:30:00Z', NEW_YORK],
    ['Saturday 7 Nov 23:30 EST', WEEK.nov02, '2026-11-08T04:30:00Z', NEW_YORK],
    ['Sunday 8 Mar 2026 12:00 EDT, the day clocks go forward', '2026-03-02T05:00:00.000Z', '2026-03-08T16:00:00Z', NEW_YORK],
    ['Monday 9 Mar 2026 00:30 EDT', '2026-03-09T04:00:00.000Z', '2026-03-09T04:30:00Z', NEW_YORK],
    ['Monday 00:30 in Tokyo, still Sunday in UTC', '2026-11-22T15:00:00.000Z', '2026-11-22T15:30:00Z', 'Asia/Tokyo'],
  ])('%s: the week starts %s', (_name, start, instant, timeZone) => {
    expect(weekStart(new Date(instant), timeZone).toISOString()).toBe(start);
  });

  it.each([
    ['Sunday 22 Nov 23:30 New York belongs to the week before', '2026-11-23T04:30:00Z', WEEK.nov16],
    ['Monday 23 Nov 00:30 New York belongs to this week', '2026-11-23T05:30:00Z', WEEK.nov23],
    ['Sunday 1 Nov 23:30 EST (after clocks went back) belongs to the week of 26 Oct', '2026-11-02T04:30:00Z', WEEK.oct26],
    ['Monday 2 Nov 00:30 EST belongs to the week of 2 Nov', '2026-11-02T05:30:00Z', WEEK.nov02],
    ['Monday 5 Oct 00:30 EDT belongs to the oldest of the 8 weeks', '2026-10-05T04:30:00Z', WEEK.oct05],
    ['Sunday 4 Oct 23:30 EDT is before the 8 weeks', '2026-10-05T03:30:00Z', null],
  ])('a prospecting item completed %s', (_name, completedAt, week) => {
    const subject = agenda({ items: [done('p', completedAt, completedAt, { tags: ['prospecting'] })] });
    const weeksWith = (weeks: { weekStart: string; completed: number }[]) => weeks.filter((w) => w.completed > 0).map((w) => w.weekStart);
    expect(weeksWith(subject.kpis.onTimeRate)).toEqual(week ? [week] : []);
    expect(weeksWith(subject.prospecting.weeks)).toEqual(week && week >= WEEK.nov02 ? [week] : []);
  });
});

describe('the plan review (kind=quarterly)', () => {
  const deals = [
    deal('won-oct', { stage: 'won', amount: 50_000, closeDate: '2026-10-15' }),
    deal('won-nov-a', { stage: 'won', amount: 70_000, closeDate: '2026-11-03' }),
    deal('won-nov-b', { stage: 'won', amount: 30_000, closeDate: '2026-11-20' }),
    deal('won-last-quarter', { stage: 'won', amount: 999_000, closeDate: '2026-09-30' }),
    deal('won-undated', { stage: 'won', amount: 999_000, closeDate: null }),
    deal('lost-nov', { stage: 'lost', amount: 999_000, closeDate: '2026-11-10' }),
    deal('open-dec', { stage: 'negotiate', amount: 999_000, closeDate: '2026-12-15' }),
  ];
  const items = [
    item('commit-later', { tags: ['review-commitment'], source: 'review', dueAt: inDays(10) }),
    item('commit-overdue', { tags: ['review-commitment'], source: 'review', dueAt: daysAgo(2) }),
    done('commit-done', daysAgo(1), daysAgo(2), { tags: ['review-commitment'], source: 'review' }),
    item('not-a-commitment', { dueAt: inDays(1) }),
  ];

  it("adds the quarter's won amount per month against the quota, and the rep's open commitments", () => {
    const { plan } = agenda({ kind: 'quarterly', items, deals, quota: 300_000 });
    expect(plan).toMatchObject({
      quarter: '2026-Q4',
      quota: 300_000,
      wonByMonth: [
        { month: '2026-10', amount: 50_000 },
        { month: '2026-11', amount: 100_000 },
        { month: '2026-12', amount: 0 },
      ],
      wonTotal: 150_000,
    });
    expect(ids(plan?.commitments ?? [])).toEqual(['commit-overdue', 'commit-later']);
  });

  it.each(['weekly', 'pipeline'] as const)('is not part of a %s review', (kind) => {
    expect(agenda({ kind, items, deals, quota: 300_000 })).not.toHaveProperty('plan');
  });

  it.each([
    ['2026-01-01T00:00:00Z', '2026-Q1', ['2026-01', '2026-02', '2026-03']],
    ['2026-03-31T23:59:00Z', '2026-Q1', ['2026-01', '2026-02', '2026-03']],
    ['2026-04-01T00:00:00Z', '2026-Q2', ['2026-04', '2026-05', '2026-06']],
    ['2026-08-15T12:00:00Z', '2026-Q3', ['2026-07', '2026-08', '2026-09']],
    ['2026-12-31T12:00:00Z', '2026-Q4', ['2026-10', '2026-11', '2026-12']],
  ])('puts %s in %s', (instant, quarter, months) => {
    expect(quarterOf(new Date(instant))).toEqual({ quarter, months });
  });
});

describe("the team's row at a glance", () => {
  it("summarises a rep's agenda, slips by category: does the rep know what to do, or can't they do it", () => {
    const lastReview = { id: 'rev-1', heldAt: daysAgo(6), commitmentIds: [] };
    const items = [
      item('a', { dueAt: daysAgo(2), slips: [slip('skill', daysAgo(5)), slip('skill', daysAgo(4)), slip('obstacle', daysAgo(3))] }),
      item('b', { dueAt: inDays(3), slips: [slip('buyer', daysAgo(2)), slip('priority', daysAgo(2)), slip('forgot', daysAgo(1)), slip('other', daysAgo(1), 'Sick'), slip('skill', daysAgo(9))] }),
      done('c', daysAgo(1), daysAgo(2), { tags: ['prospecting'] }),
    ];
    const subject = agenda({ items, deals: [deal('d', { lastActivityAt: daysAgo(30) })], lastReview });
    expect(teamAgendaRow(subject, 'Riley Chen', lastReview.heldAt)).toEqual({
      repId: REP,
      name: 'Riley Chen',
      openItems: 2,
      overdue: 1,
      onTimeTrend: [null, null, null, null, null, null, null, 1],
      slipsByCategory: { 'knows-what-to-do': 2, 'can-do-it': 3, system: 1, other: 1 },
      dealsAtRisk: 1,
      prospecting: { thisWeek: 1, target: 5 },
      focusFlagged: false,
      lastReviewAt: daysAgo(6),
    });
  });
});
