import {
  type ActionItem,
  DAY_MS,
  type Deal,
  type DealBreaches,
  type DealStage,
  DEFAULT_TRAPS,
  dealBreaches,
  hasNextStep,
  lastDealActivity,
  newActionItem,
  NO_BREACHES,
} from '../../functions/src/domain';

/** The daily stale-deals check runs at a fixed moment: Friday 2026-11-20, 12:00 UTC. */
const NOW = new Date('2026-11-20T12:00:00.000Z');
const HOUR_MS = 60 * 60 * 1000;
const daysAgo = (days: number, hours = 0) => new Date(NOW.getTime() - days * DAY_MS - hours * HOUR_MS).toISOString();
const inDays = (days: number, hours = 0) => new Date(NOW.getTime() + days * DAY_MS + hours * HOUR_MS).toISOString();

function deal(overrides: Partial<Deal> = {}): Deal {
  return {
    id: 'deal-1',
    tenantId: 't1',
    etag: '"e"',
    type: 'deal',
    name: 'Contoso renewal',
    account: 'Contoso',
    stage: 'propose',
    amount: 120000,
    currency: 'USD',
    closeDate: '2026-12-31',
    ownerId: 'rep-1',
    createdBy: 'rep-1',
    createdAt: daysAgo(90),
    updatedAt: daysAgo(40),
    lastActivityAt: daysAgo(40),
    ...overrides,
  };
}

/** An item on the deal, created `createdDaysAgo` days ago and untouched since unless overridden. */
function item(dueAt: string, tags: string[], createdDaysAgo: number, overrides: Partial<ActionItem> = {}): ActionItem {
  const base = newActionItem(
    { title: 'Agree the security review date', owner: { type: 'user', userId: 'rep-1' }, dueAt, tags },
    { id: 'i1', tenantId: 't1', createdBy: 'rep-1', accountableId: 'rep-1', source: 'meeting', meetingKey: null, dealId: 'deal-1', now: new Date(daysAgo(createdDaysAgo)) },
  );
  return { ...base, etag: '"e"', ...overrides };
}

/** An open next-step item due in three days, created long ago: keeps the next-step rule, adds no recent activity. */
const oldNextStep = () => item(inDays(3), ['next-step'], 40);

describe('a deal going quiet', () => {
  it.each([
    ['no activity for 22 days', true, deal({ lastActivityAt: daysAgo(22) }), [oldNextStep()]],
    ['no activity for 21 days and an hour', true, deal({ lastActivityAt: daysAgo(21, 1) }), [oldNextStep()]],
    ['no activity for 20 days and 23 hours', false, deal({ lastActivityAt: daysAgo(20, 23) }), [oldNextStep()]],
    ['the deal itself changed 5 days ago', false, deal({ lastActivityAt: daysAgo(5) }), [oldNextStep()]],
    ['an item created 5 days ago', false, deal(), [oldNextStep(), item(inDays(30), [], 5)]],
    ['an item updated 5 days ago', false, deal(), [{ ...oldNextStep(), updatedAt: daysAgo(5) }]],
    ['an item completed 5 days ago', false, deal(), [oldNextStep(), item(daysAgo(6), [], 40, { status: 'done', completedAt: daysAgo(5) })]],
    ['only items untouched for 40 days', true, deal(), [oldNextStep(), item(inDays(30), [], 40)]],
  ])('%s: stale = %s', (_name, stale, subject, items) => {
    expect(dealBreaches(subject, items, DEFAULT_TRAPS, NOW).stale).toBe(stale ? NOW.toISOString() : null);
  });

  it("goes by the team's own stale-deal limit", () => {
    const quietForTen = deal({ lastActivityAt: daysAgo(10) });
    expect(dealBreaches(quietForTen, [oldNextStep()], { ...DEFAULT_TRAPS, staleDealDays: 7 }, NOW).stale).toBe(NOW.toISOString());
    expect(dealBreaches(quietForTen, [oldNextStep()], DEFAULT_TRAPS, NOW).stale).toBeNull();
  });

  it("takes the latest sign of life of the deal and all its items", () => {
    const items = [item(inDays(1), [], 30, { updatedAt: daysAgo(12) }), item(daysAgo(9), [], 20, { status: 'done', completedAt: daysAgo(8) })];
    expect(lastDealActivity(deal({ lastActivityAt: daysAgo(15) }), items)).toBe(daysAgo(8));
  });
});

describe('a deal without a dated next step', () => {
  const active = deal({ lastActivityAt: daysAgo(1) });

  it.each([
    ['an open next-step item due in 3 days', false, [oldNextStep()]],
    ['an open next-step item due in 14 days less an hour', false, [item(inDays(13, 23), ['next-step'], 40)]],
    ['an open next-step item that is overdue', false, [item(daysAgo(2), ['next-step'], 40)]],
    ['an open next-step item among other tags', false, [item(inDays(3), ['map-milestone', 'next-step'], 40)]],
    ['only a next-step item due in 20 days', true, [item(inDays(20), ['next-step'], 40)]],
    ['only a done next-step item', true, [item(inDays(3), ['next-step'], 40, { status: 'done', completedAt: daysAgo(1) })]],
    ['only a cancelled next-step item', true, [item(inDays(3), ['next-step'], 40, { status: 'cancelled' })]],
    ['only a deleted next-step item', true, [item(inDays(3), ['next-step'], 40, { deleted: true })]],
    ['only an item due in 3 days without the tag', true, [item(inDays(3), ['map-milestone'], 40)]],
    ['no items at all', true, []],
  ])('with %s: breaks the rule = %s', (_name, breaks, items) => {
    expect(hasNextStep(items, DEFAULT_TRAPS, NOW)).toBe(!breaks);
    expect(dealBreaches(active, items, DEFAULT_TRAPS, NOW).noNextStep).toBe(breaks ? NOW.toISOString() : null);
  });

  it("goes by the team's own next-step window", () => {
    const inTwenty = [item(inDays(20), ['next-step'], 40)];
    expect(dealBreaches(active, inTwenty, { ...DEFAULT_TRAPS, nextStepWithinDays: 30 }, NOW).noNextStep).toBeNull();
    expect(dealBreaches(active, inTwenty, { ...DEFAULT_TRAPS, nextStepWithinDays: 7 }, NOW).noNextStep).toBe(NOW.toISOString());
  });

  it('flags a quiet deal with no next step for both reasons', () => {
    expect(dealBreaches(deal(), [], DEFAULT_TRAPS, NOW)).toEqual({ stale: NOW.toISOString(), noNextStep: NOW.toISOString() });
  });
});

describe('closed deals', () => {
  it.each(['won', 'lost'] as DealStage[])('a %s deal breaks no traps, whatever it broke before', (stage) => {
    const closed = deal({ stage, breaches: { stale: daysAgo(10), noNextStep: daysAgo(10) } });
    expect(dealBreaches(closed, [], DEFAULT_TRAPS, NOW)).toEqual(NO_BREACHES);
    expect(NO_BREACHES).toEqual({ stale: null, noNextStep: null });
  });

  it.each(['prospect', 'qualify', 'propose', 'negotiate'] as DealStage[])('a deal in %s is checked', (stage) => {
    expect(dealBreaches(deal({ stage }), [], DEFAULT_TRAPS, NOW)).toEqual({ stale: NOW.toISOString(), noNextStep: NOW.toISOString() });
  });
});

describe('one reminder per breach', () => {
  const since: DealBreaches = { stale: daysAgo(6), noNextStep: daysAgo(3) };

  it('keeps the original start of a breach that continues', () => {
    expect(dealBreaches(deal({ breaches: since }), [], DEFAULT_TRAPS, NOW)).toEqual(since);
  });

  it('clears a breach that has ended', () => {
    const revived = deal({ breaches: since, lastActivityAt: daysAgo(0, 2) });
    expect(dealBreaches(revived, [item(inDays(5), ['next-step'], 0)], DEFAULT_TRAPS, NOW)).toEqual(NO_BREACHES);
  });

  it('ends one breach and keeps the other', () => {
    const revived = deal({ breaches: since, lastActivityAt: daysAgo(0, 2) });
    expect(dealBreaches(revived, [], DEFAULT_TRAPS, NOW)).toEqual({ stale: null, noNextStep: since.noNextStep });
  });

  it('gives a breach that comes back later a new start', () => {
    const check = (subject: Deal, items: ActionItem[], day: number) => {
      const now = new Date(NOW.getTime() + day * DAY_MS);
      return { ...subject, breaches: dealBreaches(subject, items, DEFAULT_TRAPS, now) };
    };
    const day = (n: number) => new Date(NOW.getTime() + n * DAY_MS).toISOString();
    const nextStep = item(inDays(2), ['next-step'], 0);

    const dayZero = check(deal({ lastActivityAt: daysAgo(1) }), [], 0);
    expect(dayZero.breaches.noNextStep).toBe(day(0));
    const dayOne = check(dayZero, [], 1);
    expect(dayOne.breaches.noNextStep).toBe(day(0));
    const dayTwo = check(dayOne, [nextStep], 2);
    expect(dayTwo.breaches.noNextStep).toBeNull();
    // The next step is done on day 3; on day 5 the deal has none again.
    const done = { ...nextStep, status: 'done' as const, completedAt: day(3), updatedAt: day(3) };
    const dayFive = check(dayTwo, [done], 5);
    expect(dayFive.breaches).toEqual({ stale: null, noNextStep: day(5) });
  });
});
