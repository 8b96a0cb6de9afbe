import {
  type ActionItem,
  DEFAULT_TRAPS,
  type Deal,
  isoWeek,
  localDayBounds,
  localTime,
  managerDigest,
  managerDigestDue,
  newActionItem,
  repDigest,
  repDigestDue,
  type Slip,
  type SlipReason,
  slipsByReason,
  utcOffsetMinutes,
} from '../../functions/src/domain';

const NEW_YORK = 'America/New_York';
const LONDON = 'Europe/London';
const KOLKATA = 'Asia/Kolkata';
const SYDNEY = 'Australia/Sydney';
const SANTIAGO = 'America/Santiago';
const { repDailyHour } = DEFAULT_TRAPS.digest;
const HOUR_MS = 60 * 60 * 1000;

describe("a rep's daily digest in their own time zone", () => {
  it('defaults to 8 in the morning', () => {
    expect(repDailyHour).toBe(8);
  });

  // US clocks go back on Sunday 2026-11-01 and forward on Sunday 2027-03-14.
  it.each([
    ['08:00 EST on the Monday after fall-back', '2026-11-02T13:00:00Z', true],
    ['08:59 EST', '2026-11-02T13:59:00Z', true],
    ['07:00 EST (08:00 UTC-4 would be summer time)', '2026-11-02T12:00:00Z', false],
    ['09:00 EST, catching up', '2026-11-02T14:00:00Z', true],
    ['10:00 EST, catching up', '2026-11-02T15:00:00Z', true],
    ['11:00 EST, too late', '2026-11-02T16:00:00Z', false],
    ['08:00 EST on the Monday before spring-forward', '2027-03-08T13:00:00Z', true],
    ['08:00 EDT on the Monday after spring-forward', '2027-03-15T12:00:00Z', true],
    ['07:00 EDT', '2027-03-15T11:00:00Z', false],
    ['09:00 EDT, catching up', '2027-03-15T13:00:00Z', true],
    ['10:00 EDT, catching up', '2027-03-15T14:00:00Z', true],
    ['11:00 EDT, too late', '2027-03-15T15:00:00Z', false],
    ['08:00 on a Friday', '2026-11-06T13:00:00Z', true],
    ['08:00 on a Saturday', '2026-11-07T13:00:00Z', false],
    ['08:00 on a Sunday', '2026-11-08T13:00:00Z', false],
  ])('for a rep in New York: %s → %s', (_name, instant, due) => {
    expect(repDigestDue(new Date(instant), NEW_YORK, repDailyHour)).toBe(due);
  });

  it.each([
    ['Friday 20:00 EST, already Saturday in UTC', '2026-11-07T01:00:00Z', true],
    ['Sunday 20:00 EST, already Monday in UTC', '2026-11-09T01:00:00Z', false],
  ])('goes by the weekday where the rep is: %s → %s', (_name, instant, due) => {
    expect(repDigestDue(new Date(instant), NEW_YORK, 20)).toBe(due);
  });

  // UK clocks go back on Sunday 2026-10-25 and forward on Sunday 2027-03-28.
  it.each([
    ['08:00 GMT in winter', '2026-11-02T08:00:00Z', true],
    ['07:00 GMT in winter', '2026-11-02T07:00:00Z', false],
    ['08:00 BST in summer', '2027-03-29T07:00:00Z', true],
    ['07:00 BST in summer', '2027-03-29T06:00:00Z', false],
    ['11:00 BST, too late', '2027-03-29T10:00:00Z', false],
  ])('for a rep in London: %s → %s', (_name, instant, due) => {
    expect(repDigestDue(new Date(instant), LONDON, repDailyHour)).toBe(due);
  });

  it.each([
    ['08:00 IST', '2026-11-02T02:30:00Z', true],
    ['07:59 IST', '2026-11-02T02:29:00Z', false],
    ['10:59 IST, still catching up', '2026-11-02T05:29:00Z', true],
    ['11:00 IST, too late', '2026-11-02T05:30:00Z', false],
    ['08:00 IST on a Saturday', '2026-11-07T02:30:00Z', false],
  ])('for a rep in Kolkata (UTC+05:30): %s → %s', (_name, instant, due) => {
    expect(repDigestDue(new Date(instant), KOLKATA, repDailyHour)).toBe(due);
  });
});

describe("a manager's weekly digest", () => {
  it.each([
    ['Monday 08:00 EST, the default', '2026-11-02T13:00:00Z', 'mon', 8, true],
    ['Monday 10:00 EST, catching up', '2026-11-02T15:00:00Z', 'mon', 8, true],
    ['Monday 11:00 EST', '2026-11-02T16:00:00Z', 'mon', 8, false],
    ['Tuesday 08:00 EST', '2026-11-03T13:00:00Z', 'mon', 8, false],
    ['Friday 16:00 EST for a Friday digest', '2026-11-06T21:00:00Z', 'fri', 16, true],
    ['Thursday 16:00 EST for a Friday digest', '2026-11-05T21:00:00Z', 'fri', 16, false],
    ['Monday 08:00 EST for a Friday digest', '2026-11-02T13:00:00Z', 'fri', 8, false],
    ['Friday 22:00 EST, Saturday in UTC', '2026-11-07T03:00:00Z', 'fri', 22, true],
    ['Sunday 09:00 EDT for a Sunday digest', '2027-03-14T13:00:00Z', 'sun', 9, true],
  ] as const)('in New York: %s → %s', (_name, instant, day, hour, due) => {
    expect(managerDigestDue(new Date(instant), NEW_YORK, day, hour)).toBe(due);
  });
});

describe('local days and weeks', () => {
  it.each([
    ['a New York winter day', '2026-11-16T15:00:00Z', NEW_YORK, '2026-11-16T05:00:00.000Z', '2026-11-17T05:00:00.000Z', 24],
    ['the New York spring-forward day', '2027-03-14T15:00:00Z', NEW_YORK, '2027-03-14T05:00:00.000Z', '2027-03-15T04:00:00.000Z', 23],
    ['the New York fall-back day', '2026-11-01T15:00:00Z', NEW_YORK, '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z', 25],
    ['late on the fall-back evening (already the next day in UTC)', '2026-11-02T04:30:00Z', NEW_YORK, '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z', 25],
    ['the London spring-forward day', '2027-03-28T12:00:00Z', LONDON, '2027-03-28T00:00:00.000Z', '2027-03-28T23:00:00.000Z', 23],
    ['the London fall-back day', '2026-10-25T12:00:00Z', LONDON, '2026-10-24T23:00:00.000Z', '2026-10-26T00:00:00.000Z', 25],
    ['a Kolkata day that starts the evening before in UTC', '2026-11-16T20:00:00Z', KOLKATA, '2026-11-16T18:30:00.000Z', '2026-11-17T18:30:00.000Z', 24],
    ['the Sydney spring-forward day (southern hemisphere)', '2026-10-04T05:00:00Z', SYDNEY, '2026-10-03T14:00:00.000Z', '2026-10-04T13:00:00.000Z', 23],
    ['the Sydney fall-back day', '2027-04-04T05:00:00Z', SYDNEY, '2027-04-03T13:00:00.000Z', '2027-04-04T14:00:00.000Z', 25],
    // Chile moves its clocks at midnight: Saturday 2026-09-05 24:00 (UTC-4) becomes Sunday 01:00 (UTC-3).
    ['the Saturday before Santiago skips midnight', '2026-09-05T15:00:00Z', SANTIAGO, '2026-09-05T04:00:00.000Z', '2026-09-06T04:00:00.000Z', 24],
    ['the Santiago day that starts at 01:00', '2026-09-06T15:00:00Z', SANTIAGO, '2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z', 23],
  ])('bounds %s', (_name, instant, zone, start, end, hours) => {
    const bounds = localDayBounds(new Date(instant), zone);
    expect(bounds.start.toISOString()).toBe(start);
    expect(bounds.end.toISOString()).toBe(end);
    expect((bounds.end.getTime() - bounds.start.getTime()) / HOUR_MS).toBe(hours);
  });

  it.each([
    [NEW_YORK, '2026-11-02T13:00:00Z', -300],
    [NEW_YORK, '2027-03-15T12:00:00Z', -240],
    [LONDON, '2026-11-02T08:00:00Z', 0],
    [LONDON, '2027-03-29T07:00:00Z', 60],
    [KOLKATA, '2026-11-02T02:30:00Z', 330],
  ])('knows %s is %s at UTC offset %s minutes', (zone, instant, offset) => {
    expect(utcOffsetMinutes(new Date(instant), zone)).toBe(offset);
  });

  it("reads a Kolkata rep's Monday morning while it is still Sunday in UTC", () => {
    expect(localTime(new Date('2026-11-01T21:30:00Z'), KOLKATA)).toEqual({ date: '2026-11-02', hour: 3, weekday: 'mon' });
  });

  it.each([
    ['2026-01-01', '2026-W01'],
    ['2026-11-23', '2026-W48'],
    ['2026-12-28', '2026-W53'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2024-12-30', '2025-W01'],
  ])('puts %s in ISO week %s', (date, week) => {
    expect(isoWeek(date)).toBe(week);
  });

  it("keys a manager's week by their local date, not UTC's", () => {
    // Sunday 2027-01-03 22:00 in New York is Monday 2027-01-04 in UTC.
    const sundayEvening = new Date('2027-01-04T03:00:00Z');
    expect(isoWeek(localTime(sundayEvening, NEW_YORK).date)).toBe('2026-W53');
    expect(isoWeek(localTime(sundayEvening, 'UTC').date)).toBe('2027-W01');
  });
});

/** Monday 2026-11-16, 08:00 in New York (13:00 UTC). */
const NOW = new Date('2026-11-16T13:00:00Z');

function item(title: string, dueAt: string, overrides: Partial<ActionItem> = {}): ActionItem {
  const base = newActionItem(
    { title, owner: { type: 'user', userId: 'rep-1' }, dueAt },
    { id: title, tenantId: 't1', createdBy: 'rep-1', accountableId: 'rep-1', source: 'manual', meetingKey: null, dealId: null, now: new Date('2026-11-01T09:00:00Z') },
  );
  return { ...base, etag: '"e"', ...overrides };
}

describe("the rep's digest", () => {
  const callCfo = item('Call the CFO', '2026-11-10T17:00:00.000Z');
  const sendDeck = item('Send the deck', '2026-11-13T17:00:00.000Z');
  const lateTonight = item('Confirm the pilot scope', '2026-11-17T04:30:00.000Z'); // 23:30 EST today
  const earlyTomorrow = item('Book the demo room', '2026-11-17T05:30:00.000Z'); // 00:30 EST tomorrow
  const finished = item('Share the MAP', '2026-11-12T17:00:00.000Z', { status: 'done', completedAt: '2026-11-12T16:00:00.000Z' });
  const dropped = item('Intro to legal', '2026-11-16T20:00:00.000Z', { status: 'cancelled' });

  it('lists overdue items first, oldest first, then what is due before the end of the rep’s local day', () => {
    const digest = repDigest([lateTonight, sendDeck, earlyTomorrow, finished, callCfo, dropped], NOW, NEW_YORK);
    const text = 'Your day: 1 due today, 2 overdue — “Call the CFO” (5 days overdue); “Send the deck” (2 days overdue); “Confirm the pilot scope” (due today)';
    expect(digest).toEqual({
      kind: 'daily-digest',
      activityType: 'dailyDigest',
      text,
      templateParameters: { summary: text },
      // The rows a digest card shows, in the same order: overdue oldest first, then due today.
      digest: {
        kind: 'daily',
        rows: [
          { itemId: 'Call the CFO', title: 'Call the CFO', dueAt: '2026-11-10T17:00:00.000Z', daysOverdue: 5, dealId: null },
          { itemId: 'Send the deck', title: 'Send the deck', dueAt: '2026-11-13T17:00:00.000Z', daysOverdue: 2, dealId: null },
          { itemId: 'Confirm the pilot scope', title: 'Confirm the pilot scope', dueAt: '2026-11-17T04:30:00.000Z', daysOverdue: 0, dealId: null },
        ],
        total: 3,
      },
    });
  });

  it('counts the same late-evening item as tomorrow’s for a rep in London', () => {
    expect(repDigest([lateTonight, callCfo], NOW, LONDON)?.text).toBe('Your day: 1 overdue — “Call the CFO” (5 days overdue)');
  });

  it('says only what is due today when nothing is overdue', () => {
    expect(repDigest([lateTonight], NOW, NEW_YORK)?.text).toBe('Your day: 1 due today — “Confirm the pilot scope” (due today)');
  });

  it('shows three items and counts the rest', () => {
    const many = [1, 2, 3, 4, 5].map((n) => item(`Follow-up ${n}`, `2026-11-0${n}T17:00:00.000Z`));
    expect(repDigest(many, NOW, NEW_YORK)?.text).toBe(
      'Your day: 5 overdue — “Follow-up 1” (14 days overdue); “Follow-up 2” (13 days overdue); “Follow-up 3” (12 days overdue); and 2 more',
    );
    expect(repDigest(many, NOW, NEW_YORK)?.digest).toMatchObject({ kind: 'daily', total: 5 });
  });

  it('carries at most 50 rows and counts every item', () => {
    const lots = Array.from({ length: 60 }, (_, n) => item(`Call ${n}`, '2026-11-14T17:00:00.000Z'));
    const digest = repDigest(lots, NOW, NEW_YORK)?.digest;
    expect(digest?.kind === 'daily' && [digest.rows.length, digest.total]).toEqual([50, 60]);
  });

  it.each([
    ['nothing at all', []],
    ['only work due tomorrow and closed items', [earlyTomorrow, finished, dropped]],
  ])('is not sent when the rep has %s', (_name, items) => {
    expect(repDigest(items, NOW, NEW_YORK)).toBeNull();
  });
});

describe("the manager's weekly digest", () => {
  const daysAgo = (n: number) => new Date(NOW.getTime() - n * 24 * HOUR_MS).toISOString();
  const slip = (reason: SlipReason, at: string): Slip => ({ from: '2026-11-01T17:00:00.000Z', to: '2026-11-30T17:00:00.000Z', reason, note: reason === 'other' ? 'n/a' : null, at, by: 'rep-1' });
  const names = new Map([
    ['rep-1', 'Riley Chen'],
    ['rep-2', 'Sam Ortiz'],
  ]);
  const deal = (account: string): Deal => ({
    id: account,
    tenantId: 't1',
    etag: '"e"',
    type: 'deal',
    name: `${account} renewal`,
    account,
    stage: 'propose',
    amount: 10000,
    currency: 'USD',
    closeDate: null,
    ownerId: 'rep-1',
    createdBy: 'rep-1',
    createdAt: daysAgo(60),
    updatedAt: daysAgo(30),
    lastActivityAt: daysAgo(30),
  });

  const items = [
    item('A', daysAgo(3)),
    item('B', daysAgo(1)),
    item('C', daysAgo(2), { accountableId: 'rep-2' }),
    item('D', '2026-11-20T17:00:00.000Z', { accountableId: 'rep-2' }),
    item('E', daysAgo(4), { accountableId: 'rep-2', status: 'done' }),
  ];
  const slipped = [
    item('F', '2026-11-30T17:00:00.000Z', { slips: [slip('skill', daysAgo(2)), slip('skill', daysAgo(9)), slip('buyer', daysAgo(1))] }),
    item('G', '2026-11-30T17:00:00.000Z', { slips: [slip('obstacle', daysAgo(3)), slip('priority', daysAgo(7)), slip('forgot', daysAgo(1)), slip('other', daysAgo(8))] }),
  ];

  it('counts slips of the last seven days by reason', () => {
    expect(slipsByReason(slipped, new Date(daysAgo(7)))).toEqual({ skill: 1, obstacle: 1, buyer: 1, priority: 1, forgot: 1, other: 0 });
  });

  it("counts the team's overdue items per rep, splits slips into skill and can't-do, and names the deals at risk", () => {
    const digest = managerDigest({ items, slipped, dealsAtRisk: [deal('Contoso'), deal('Fabrikam')], names }, NOW);
    const text = "Your team's week: 3 overdue items (Riley Chen 2, Sam Ortiz 1); 5 slips this week: 1 skill, 3 can't-do, 1 other; 2 deals at risk: Contoso, Fabrikam";
    expect(digest).toEqual({
      kind: 'weekly-digest',
      activityType: 'weeklyDigest',
      text,
      templateParameters: { summary: text },
      digest: {
        kind: 'weekly',
        overdue: 3,
        overdueByOwner: [
          { userId: 'rep-1', name: 'Riley Chen', overdue: 2 },
          { userId: 'rep-2', name: 'Sam Ortiz', overdue: 1 },
        ],
        slips: { total: 5, skill: 1, cantDo: 3, other: 1 },
        dealsAtRisk: [
          { dealId: 'Contoso', account: 'Contoso', name: 'Contoso renewal' },
          { dealId: 'Fabrikam', account: 'Fabrikam', name: 'Fabrikam renewal' },
        ],
      },
    });
  });

  it('says so when the week was quiet', () => {
    const quiet = managerDigest({ items: [items[3]!], slipped: [], dealsAtRisk: [], names }, NOW);
    expect(quiet.text).toBe("Your team's week: 0 overdue items; no slips this week; no deals at risk");
  });
});
