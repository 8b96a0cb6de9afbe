import {
  type ActionItem,
  ActionItemPatchInput,
  accountableFor,
  applyActionItemPatch,
  DAY_MS,
  DEFAULT_LADDER,
  DEFAULT_TRAPS,
  type LadderAction,
  type LadderStep,
  ladderMessage,
  managerOf,
  newActionItem,
  nextLadderStep,
  type Owner,
  parseInput,
  recordNudges,
  stepDueAt,
  type Team,
  Traps,
  trapsFor,
} from '../../functions/src/domain';

/** Every item here is due Monday 2026-11-23 at 17:00 UTC; the clock is always passed in, never read. */
const DUE = '2026-11-23T17:00:00.000Z';
const HOUR_MS = 60 * 60 * 1000;
const after = (days: number, hours = 0) => new Date(Date.parse(DUE) + days * DAY_MS + hours * HOUR_MS);
const iso = (days: number, hours = 0) => after(days, hours).toISOString();
const REP = 'rep-1';

function item(overrides: Partial<ActionItem> = {}, owner: Owner = { type: 'user', userId: REP }): ActionItem {
  const base = newActionItem(
    { title: 'Send pricing', owner, dueAt: DUE },
    { id: 'i1', tenantId: 't1', createdBy: REP, accountableId: REP, source: 'meeting', meetingKey: null, dealId: null, now: new Date('2026-11-18T09:00:00Z') },
  );
  return { ...base, etag: '"e1"', ...overrides };
}

/** An item that has already had the first `n` steps of the ladder taken. */
function climbed(n: number, ladder: LadderStep[] = DEFAULT_LADDER): ActionItem {
  const nudges = ladder.slice(0, n).map((s, step) => ({ step, action: s.action, at: stepDueAtIso(s), outcome: 'taken' as const }));
  return item({ nudges });
}
const stepDueAtIso = (s: LadderStep) => new Date(stepDueAt({ dueAt: DUE }, s)).toISOString();

/** What the overdue sweep does to an item at `now`: take the due steps, record them, move nextNudgeAt on. */
function sweep(subject: ActionItem, ladder: LadderStep[], now: Date): { item: ActionItem; taken: LadderAction[] } {
  const decision = nextLadderStep(subject, ladder, now);
  return {
    item: { ...subject, nudges: [...subject.nudges, ...recordNudges(decision, now)], nextNudgeAt: decision.nextNudgeAt },
    taken: decision.take.map((t) => t.action),
  };
}

/** Runs the sweep each time the item asks to be looked at, until the ladder is done; returns what happened when. */
function climbWholeLadder(subject: ActionItem, ladder: LadderStep[]): [string, LadderAction[]][] {
  const log: [string, LadderAction[]][] = [];
  let current = subject;
  while (current.nextNudgeAt !== null && log.length < 20) {
    const now = new Date(current.nextNudgeAt);
    const result = sweep(current, ladder, now);
    log.push([now.toISOString(), result.taken]);
    current = result.item;
  }
  return log;
}

const patch = (input: unknown) => parseInput(ActionItemPatchInput, input);

describe('the default escalation ladder', () => {
  it('is remind, remind two days later, tell the manager on day three, put it on the agenda after a week', () => {
    expect(DEFAULT_LADDER).toEqual([
      { afterDays: 0, action: 'remind-owner' },
      { afterDays: 2, action: 'remind-owner' },
      { afterDays: 3, action: 'notify-manager' },
      { afterDays: 7, action: 'flag-agenda' },
    ]);
    expect(DEFAULT_TRAPS.ladder).toEqual(DEFAULT_LADDER);
  });

  it.each([
    ['does nothing an hour before the due time', 0, after(0, -1), [], iso(0)],
    ['reminds the owner at the due time', 0, after(0), [{ step: 0, action: 'remind-owner' }], iso(2)],
    ['waits between the first and second reminder', 1, after(1), [], iso(2)],
    ['reminds the owner again two days past due', 1, after(2), [{ step: 1, action: 'remind-owner' }], iso(3)],
    ['tells the manager three days past due', 2, after(3), [{ step: 2, action: 'notify-manager' }], iso(7)],
    ['waits until a week past due to flag it', 3, after(6, 23), [], iso(7)],
    ['puts it on the review agenda a week past due', 3, after(7), [{ step: 3, action: 'flag-agenda' }], null],
    ['has nothing left once the ladder is climbed', 4, after(30), [], null],
  ])('%s', (_name, stepsTaken, now, take, nextNudgeAt) => {
    expect(nextLadderStep(climbed(stepsTaken), DEFAULT_LADDER, now)).toEqual({ take, skip: [], nextNudgeAt });
  });

  it('starts a new item at its due time', () => {
    expect(item().nextNudgeAt).toBe(DUE);
    expect(item().nudges).toEqual([]);
  });

  it('climbs one step per sweep when the sweep runs on time, then stops', () => {
    expect(climbWholeLadder(item(), DEFAULT_LADDER)).toEqual([
      [iso(0), ['remind-owner']],
      [iso(2), ['remind-owner']],
      [iso(3), ['notify-manager']],
      [iso(7), ['flag-agenda']],
    ]);
  });

  it('records each step taken on the item, in ladder order', () => {
    const once = sweep(item(), DEFAULT_LADDER, after(0)).item;
    const twice = sweep(once, DEFAULT_LADDER, after(2)).item;
    expect(twice.nudges).toEqual([
      { step: 0, action: 'remind-owner', at: iso(0), outcome: 'taken' },
      { step: 1, action: 'remind-owner', at: iso(2), outcome: 'taken' },
    ]);
    expect(twice.nextNudgeAt).toBe(iso(3));
  });

  it('does not take a step again once it is recorded', () => {
    const once = sweep(item(), DEFAULT_LADDER, after(0)).item;
    expect(nextLadderStep(once, DEFAULT_LADDER, after(0, 1))).toEqual({ take: [], skip: [], nextNudgeAt: iso(2) });
  });
});

describe('due dates from before the API kept dates in 2000–2100', () => {
  it.each(['0000-01-01T00:00:00.000Z', '+010000-0101T23:58:59.000Z', '+010000-01-01T23:58:59.000Z', 'not a date'])('chase nobody and are not looked at again (%s)', (dueAt) => {
    expect(nextLadderStep(item({ dueAt }), DEFAULT_LADDER, after(1))).toEqual({ take: [], skip: [], nextNudgeAt: null });
  });
});

describe('custom ladders', () => {
  const ladder = (steps: unknown) => parseInput(Traps, { ladder: steps }).ladder;

  it.each([
    ['a single escalation the next day', ladder([{ afterDays: 1, action: 'notify-manager' }]), [[iso(0), []], [iso(1), ['notify-manager']]]],
    [
      'daily reminders, then the manager, then the agenda',
      ladder([
        { afterDays: 0, action: 'remind-owner' },
        { afterDays: 1, action: 'remind-owner' },
        { afterDays: 2, action: 'remind-owner' },
        { afterDays: 5, action: 'notify-manager' },
        { afterDays: 10, action: 'flag-agenda' },
      ]),
      [[iso(0), ['remind-owner']], [iso(1), ['remind-owner']], [iso(2), ['remind-owner']], [iso(5), ['notify-manager']], [iso(10), ['flag-agenda']]],
    ],
    [
      'straight to the agenda after a grace day',
      ladder([
        { afterDays: 1, action: 'flag-agenda' },
        { afterDays: 60, action: 'notify-manager' },
      ]),
      [[iso(0), []], [iso(1), ['flag-agenda']], [iso(60), ['notify-manager']]],
    ],
  ])('climbs %s', (_name, steps, expected) => {
    expect(climbWholeLadder(item(), steps)).toEqual(expected);
  });

  it('takes the ladder of the team the owner belongs to', () => {
    const fast = ladder([{ afterDays: 0, action: 'notify-manager' }]);
    const teams = [team('team-east', 'mgr-east', [REP], { ...DEFAULT_TRAPS, ladder: fast })];
    expect(nextLadderStep(item(), trapsFor(REP, teams).ladder, after(0)).take).toEqual([{ step: 0, action: 'notify-manager' }]);
  });
});

describe('catching up after the sweep missed a few runs', () => {
  it.each([
    ['three days late: the later reminder and the manager', 0, after(3), [{ step: 1, action: 'remind-owner' }, { step: 2, action: 'notify-manager' }], [{ step: 0, action: 'remind-owner' }], iso(7)],
    [
      'ten days late: one reminder, the manager and the agenda',
      0,
      after(10),
      [{ step: 1, action: 'remind-owner' }, { step: 2, action: 'notify-manager' }, { step: 3, action: 'flag-agenda' }],
      [{ step: 0, action: 'remind-owner' }],
      null,
    ],
    ['a week late after the first reminder: nothing to skip', 1, after(7), [{ step: 1, action: 'remind-owner' }, { step: 2, action: 'notify-manager' }, { step: 3, action: 'flag-agenda' }], [], null],
  ])('%s', (_name, stepsTaken, now, take, skip, nextNudgeAt) => {
    expect(nextLadderStep(climbed(stepsTaken), DEFAULT_LADDER, now)).toEqual({ take, skip, nextNudgeAt });
  });

  it('takes each kind of action once, the latest of its kind, on a custom ladder too', () => {
    const ladder: LadderStep[] = [
      { afterDays: 0, action: 'remind-owner' },
      { afterDays: 1, action: 'notify-manager' },
      { afterDays: 2, action: 'remind-owner' },
      { afterDays: 4, action: 'notify-manager' },
      { afterDays: 9, action: 'flag-agenda' },
    ];
    const decision = nextLadderStep(item(), ladder, after(5));
    expect(decision.take).toEqual([
      { step: 2, action: 'remind-owner' },
      { step: 3, action: 'notify-manager' },
    ]);
    expect(decision.skip).toEqual([
      { step: 0, action: 'remind-owner' },
      { step: 1, action: 'notify-manager' },
    ]);
    expect(decision.nextNudgeAt).toBe(iso(9));
  });

  it('records the passed-over steps as skipped so they are never taken later', () => {
    const now = after(3);
    const caughtUp = sweep(item(), DEFAULT_LADDER, now).item;
    expect(caughtUp.nudges).toEqual([
      { step: 0, action: 'remind-owner', at: now.toISOString(), outcome: 'skipped' },
      { step: 1, action: 'remind-owner', at: now.toISOString(), outcome: 'taken' },
      { step: 2, action: 'notify-manager', at: now.toISOString(), outcome: 'taken' },
    ]);
    expect(nextLadderStep(caughtUp, DEFAULT_LADDER, after(6))).toEqual({ take: [], skip: [], nextNudgeAt: iso(7) });
  });

  it('records a step nobody could receive (a team without a manager) and moves on', () => {
    const decision = nextLadderStep(climbed(2), DEFAULT_LADDER, after(3));
    expect(recordNudges(decision, after(3), (step) => (step === 2 ? 'no-recipient' : 'taken'))).toEqual([
      { step: 2, action: 'notify-manager', at: iso(3), outcome: 'no-recipient' },
    ]);
    expect(decision.nextNudgeAt).toBe(iso(7));
  });
});

describe('rescheduling in the middle of the ladder', () => {
  const NEW_DUE = iso(10);
  const rescheduled = () => {
    const escalated = { ...climbed(3), nextNudgeAt: iso(7) };
    return applyActionItemPatch(escalated, patch({ dueAt: NEW_DUE, slip: { reason: 'buyer', note: 'CFO on leave' } }), { now: after(4), by: REP });
  };

  it('clears the steps taken and looks again at the new due date', () => {
    const moved = rescheduled();
    expect(moved.nudges).toEqual([]);
    expect(moved.nextNudgeAt).toBe(NEW_DUE);
    expect(moved.slips).toEqual([{ from: DUE, to: NEW_DUE, reason: 'buyer', note: 'CFO on leave', at: iso(4), by: REP }]);
  });

  it('takes nothing before the new due date, even though the old ladder was half climbed', () => {
    expect(nextLadderStep(rescheduled(), DEFAULT_LADDER, after(7))).toEqual({ take: [], skip: [], nextNudgeAt: NEW_DUE });
  });

  it('starts the ladder over from the first reminder at the new due date', () => {
    expect(climbWholeLadder(rescheduled(), DEFAULT_LADDER)).toEqual([
      [iso(10), ['remind-owner']],
      [iso(12), ['remind-owner']],
      [iso(13), ['notify-manager']],
      [iso(17), ['flag-agenda']],
    ]);
  });

  it('takes it off the review agenda when the due date moves', () => {
    const flagged = { ...climbed(4), flaggedForReviewAt: iso(7), nextNudgeAt: null };
    const moved = applyActionItemPatch(flagged, patch({ dueAt: NEW_DUE, slip: { reason: 'priority' } }), { now: after(8), by: REP });
    expect(moved).toMatchObject({ flaggedForReviewAt: null, nudges: [], nextNudgeAt: NEW_DUE });
  });
});

describe('completing or cancelling in the middle of the ladder', () => {
  it.each([
    ['done', iso(2, 1)],
    ['cancelled', null],
  ] as const)('stops the ladder when the item is %s', (status, completedAt) => {
    const halfway = { ...climbed(2), nextNudgeAt: iso(3) };
    const closed = applyActionItemPatch(halfway, patch({ status }), { now: after(2, 1), by: REP });
    expect(closed).toMatchObject({ status, completedAt, nextNudgeAt: null });
    expect(nextLadderStep(closed, DEFAULT_LADDER, after(30))).toEqual({ take: [], skip: [], nextNudgeAt: null });
  });

  it('restarts the ladder when a done item is reopened, catching up from its due date', () => {
    const done = applyActionItemPatch({ ...climbed(2), nextNudgeAt: iso(3) }, patch({ status: 'done' }), { now: after(2, 1), by: REP });
    const reopened = applyActionItemPatch(done, patch({ status: 'open' }), { now: after(4), by: REP });
    expect(reopened).toMatchObject({ status: 'open', completedAt: null, nudges: [], nextNudgeAt: DUE });
    expect(nextLadderStep(reopened, DEFAULT_LADDER, after(4))).toEqual({
      take: [
        { step: 1, action: 'remind-owner' },
        { step: 2, action: 'notify-manager' },
      ],
      skip: [{ step: 0, action: 'remind-owner' }],
      nextNudgeAt: iso(7),
    });
  });

  it('takes nothing for a deleted item', () => {
    expect(nextLadderStep(item({ deleted: true }), DEFAULT_LADDER, after(10))).toEqual({ take: [], skip: [], nextNudgeAt: null });
  });
});

describe('buyer-side items', () => {
  const buyer: Owner = { type: 'contact', name: 'Dana Okafor', email: 'dana@contoso.example' };
  const accountableId = accountableFor(buyer, { dealOwnerId: REP, createdBy: 'mgr-east' });
  const buyerItem = () => item({ title: 'Return the signed order form', accountableId }, buyer);

  it('chases the rep who owns the deal', () => {
    expect(accountableId).toBe(REP);
  });

  it.each([
    ['at the due time', after(0), 'Chase Dana Okafor on “Return the signed order form”: due now'],
    ['two days past due', after(2), 'Chase Dana Okafor on “Return the signed order form”: 2 days overdue'],
  ])('asks the rep to chase the buyer %s', (_name, now, text) => {
    expect(ladderMessage('remind-owner', buyerItem(), now, 'Riley Chen')).toEqual({
      kind: 'buyer-chase',
      activityType: 'chaseBuyer',
      text,
      templateParameters: { contact: 'Dana Okafor', title: 'Return the signed order form' },
    });
  });

  it("escalates to the rep's manager naming the accountable rep, not the buyer", () => {
    const teams = [team('team-east', 'mgr-east', [REP])];
    expect(managerOf(buyerItem().accountableId, teams)).toBe('mgr-east');
    const message = ladderMessage('notify-manager', buyerItem(), after(3), 'Riley Chen');
    expect(message).toMatchObject({
      kind: 'escalation',
      activityType: 'teamItemOverdue',
      text: "Riley Chen's item “Return the signed order form” is 3 days overdue",
      templateParameters: { owner: 'Riley Chen', daysOverdue: '3' },
    });
    expect(message.text).not.toContain('Dana');
  });

  it('flags a buyer-side item for the agenda like any other', () => {
    expect(ladderMessage('flag-agenda', buyerItem(), after(7), 'Riley Chen')).toMatchObject({
      kind: 'agenda-flag',
      activityType: 'agendaFlagged',
      text: '“Return the signed order form” is 7 days overdue and goes on your next review agenda',
    });
  });
});

describe("a rep's own items", () => {
  it.each([
    ['due now', after(0), 'itemDue', '“Send pricing” is due now'],
    ['one day overdue', after(1, 2), 'itemOverdue', '“Send pricing” is 1 day overdue'],
    ['two days overdue', after(2), 'itemOverdue', '“Send pricing” is 2 days overdue'],
  ] as const)('reminds the owner the item is %s', (_name, now, activityType, text) => {
    expect(ladderMessage('remind-owner', item(), now, 'Riley Chen')).toMatchObject({ kind: 'reminder', activityType, text });
  });
});

function team(id: string, managerId: string | null, memberIds: string[], traps: Traps = DEFAULT_TRAPS): Team {
  return { id, tenantId: 't1', type: 'team', name: id, managerId, memberIds, traps, createdAt: '', updatedAt: '', etag: '' };
}

describe('who hears about an escalation', () => {
  const teams = [
    team('team-east', 'mgr-east', ['rep-1', 'rep-2']),
    team('team-leads', 'vp-sales', ['mgr-east']),
    team('team-west', 'mgr-west', ['rep-3']),
    team('team-orphans', null, ['rep-4']),
    // A player-coach listed as a member of the team they manage; the team's id sorts before their other team's.
    team('team-a-coached', 'coach', ['coach', 'rep-5']),
    team('team-z-coaches', 'vp-sales', ['coach']),
  ];

  it.each([
    ["a rep: their team's manager", 'rep-1', 'mgr-east'],
    ["a manager who is also a member of another team: that team's manager", 'mgr-east', 'vp-sales'],
    ['a manager who owns an item and belongs to no team: nobody', 'mgr-west', null],
    ['a rep in a team without a manager: nobody', 'rep-4', null],
    ['someone in no team: nobody', 'stranger', null],
    ['a player-coach in their own team and another: the other manager, never themselves', 'coach', 'vp-sales'],
  ])('for %s', (_name, userId, manager) => {
    expect(managerOf(userId, teams)).toBe(manager);
  });

  it('never tells a player-coach about their own item when they manage the only team they are in', () => {
    expect(managerOf('coach', [team('team-a-coached', 'coach', ['coach', 'rep-5'])])).toBeNull();
  });
});

describe('whose traps apply', () => {
  const strict = { ...DEFAULT_TRAPS, staleDealDays: 7 };
  const relaxed = { ...DEFAULT_TRAPS, staleDealDays: 30 };
  const west = { ...DEFAULT_TRAPS, staleDealDays: 14 };
  // team-east sorts before team-leads: the team a manager belongs to wins over the one they manage all the same.
  const teams = [team('team-east', 'mgr-east', ['rep-1'], strict), team('team-leads', 'vp-sales', ['mgr-east'], relaxed), team('team-west', 'mgr-west', ['rep-3'], west)];

  it.each([
    ['a rep gets their team’s traps', 'rep-1', strict],
    ['a manager who is a member of another team gets that team’s traps, not the team they manage', 'mgr-east', relaxed],
    ['a manager in no team gets the traps of the team they manage', 'mgr-west', west],
    ['someone in no team gets the defaults', 'stranger', DEFAULT_TRAPS],
  ])('%s', (_name, userId, traps) => {
    expect(trapsFor(userId, teams)).toEqual(traps);
  });
});
