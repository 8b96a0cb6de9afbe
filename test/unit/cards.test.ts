import { cardFor } from '../../functions/src/bot/cards';
import { type ActionItem, newActionItem, newNotification, type Notification } from '../../functions/src/domain';
import type { CardContext, CardItemState } from '../../functions/src/services/card-states';
import type { OutgoingMessage } from '../../functions/src/services/ports';

/** The cards as Teams gets them, written out: 19:02 UTC is 14:02 for Priya (New York). */
const NOW = new Date('2026-12-01T19:02:00Z');
const PRIYA = 'p-1';
const LINKS = { teamsAppId: 'app-1', commitmentsTabId: 'commitments', reviewsTabId: 'reviews' };
const OPEN_ITEM = 'https://teams.microsoft.com/l/entity/app-1/commitments?context=%7B%22subEntityId%22%3A%22item%3Ai-1%22%7D';

function item(id: string, title: string, dueAt: string, fields: Partial<ActionItem> = {}): ActionItem {
  const base = newActionItem(
    { title, dueAt, owner: { type: 'user', userId: PRIYA } },
    { id, tenantId: 't-1', createdBy: PRIYA, accountableId: PRIYA, source: 'manual', meetingKey: null, dealId: 'd-1', now: new Date('2026-11-20T10:00:00Z') },
  );
  return { ...base, etag: `"e-${id}"`, ...fields };
}

function notification(id: string, fields: Partial<Notification>): Notification {
  return {
    ...newNotification({ id, tenantId: 't-1', kind: 'reminder', activityType: 'itemOverdue', text: '', templateParameters: {}, recipientId: PRIYA, itemId: null, dealId: null, itemDueAt: null }, NOW),
    etag: '"n"',
    ...fields,
  };
}

function state(value: ActionItem | null, fields: Partial<CardItemState> = {}): CardItemState {
  return { item: value, deal: { id: 'd-1', name: 'Fabrikam renewal', account: 'Fabrikam' }, accountable: { userId: PRIYA, displayName: 'Priya Shah' }, completedBy: null, ...fields };
}

function context(items: [string, CardItemState][], extra: Partial<CardContext> = {}): CardContext {
  return { now: NOW, viewerId: PRIYA, timeZone: 'America/New_York', refreshUserIds: ['29:priya'], items: new Map(items), forms: new Map(), notices: new Map(), banner: null, links: LINKS, ...extra };
}

function message(...notifications: Notification[]): OutgoingMessage {
  return { id: notifications.length === 1 ? (notifications[0] as Notification).id : 'm-1', recipient: { userId: PRIYA, tenantId: 't-1', displayName: 'Priya Shah', email: 'priya@x.example' }, notifications };
}

describe('the reminder card', () => {
  it('of a buyer-side item: title, deal, days overdue, "Chase Dana Whitfield", Done / New date / Snooze / Open, and refresh for Priya', () => {
    const chase = item('i-1', 'Send pricing', '2026-11-27T17:00:00.000Z', { owner: { type: 'contact', name: 'Dana Whitfield', email: 'dana@fabrikam.example' } });
    const n = notification('n-1', { kind: 'buyer-chase', activityType: 'chaseBuyer', itemId: 'i-1', text: 'Chase Dana Whitfield on “Send pricing”: 4 days overdue', templateParameters: { contact: 'Dana Whitfield', title: 'Send pricing' } });
    const data = { m: 'n-1', item: 'i-1', etag: '"e-i-1"' };
    expect(cardFor(message(n), context([['i-1', state(chase)]]))).toEqual({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      fallbackText: 'Chase Dana Whitfield on “Send pricing”: 4 days overdue',
      refresh: { action: { type: 'Action.Execute', verb: 'refresh', data: { m: 'n-1' } }, userIds: ['29:priya'] },
      body: [
        {
          type: 'Container',
          items: [
            { type: 'TextBlock', text: 'Chase the buyer', wrap: true, size: 'Small', isSubtle: true, spacing: 'None' },
            { type: 'TextBlock', text: 'Send pricing', wrap: true, weight: 'Bolder', size: 'Medium', spacing: 'Small' },
            {
              type: 'FactSet',
              facts: [
                { title: 'Deal', value: 'Fabrikam renewal (Fabrikam)' },
                { title: 'Due', value: '4 days overdue (due Fri 27 Nov)' },
                { title: 'Owner', value: 'Chase Dana Whitfield' },
              ],
            },
            {
              type: 'ActionSet',
              actions: [
                { type: 'Action.Execute', title: 'Done', verb: 'done', data, associatedInputs: 'none', style: 'positive' },
                { type: 'Action.Execute', title: 'New date', verb: 'newDateForm', data, associatedInputs: 'none' },
                { type: 'Action.Execute', title: 'Snooze 1 day', verb: 'snooze', data: { ...data, until: 'tomorrow' }, associatedInputs: 'none' },
                { type: 'Action.Execute', title: 'Until Monday', verb: 'snooze', data: { ...data, until: 'monday' }, associatedInputs: 'none' },
                { type: 'Action.OpenUrl', title: 'Open', url: OPEN_ITEM },
              ],
            },
          ],
        },
      ],
    });
  });

  it('done: "Done by you at 14:02" and Open only; done by the manager: their name', () => {
    const done = item('i-1', 'Send pricing', '2026-11-27T17:00:00.000Z', { status: 'done', completedAt: '2026-12-01T19:02:00.000Z' });
    const n = notification('n-1', { itemId: 'i-1', text: 'x' });
    const mine = cardFor(message(n), context([['i-1', state(done, { completedBy: { userId: PRIYA, displayName: 'Priya Shah' } })]]));
    expect(mine.body).toEqual([
      {
        type: 'Container',
        items: [
          { type: 'TextBlock', text: 'Reminder', wrap: true, size: 'Small', isSubtle: true, spacing: 'None' },
          { type: 'TextBlock', text: 'Send pricing', wrap: true, weight: 'Bolder', size: 'Medium', spacing: 'Small' },
          { type: 'FactSet', facts: [{ title: 'Deal', value: 'Fabrikam renewal (Fabrikam)' }] },
          { type: 'TextBlock', text: 'Done by you at 14:02', wrap: true, color: 'Good', weight: 'Bolder' },
          { type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: 'Open', url: OPEN_ITEM }] },
        ],
      },
    ]);
    const morgans = cardFor(message(n), context([['i-1', state(done, { completedBy: { userId: 'm-1', displayName: 'Morgan Lee' } })]]));
    expect(JSON.stringify(morgans)).toContain('"text":"Done by Morgan Lee at 14:02"');
  });

  it('of a removed item: "This item was removed", nothing to press', () => {
    const n = notification('n-1', { itemId: 'i-1', text: 'x', templateParameters: { title: 'Send pricing' } });
    expect(cardFor(message(n), context([['i-1', state(null)]])).body).toEqual([
      {
        type: 'Container',
        items: [
          { type: 'TextBlock', text: 'Reminder', wrap: true, size: 'Small', isSubtle: true, spacing: 'None' },
          { type: 'TextBlock', text: 'This item was removed', wrap: true, weight: 'Bolder' },
          { type: 'TextBlock', text: '“Send pricing”', wrap: true, isSubtle: true, spacing: 'None' },
        ],
      },
    ]);
  });

  it('with the New date form open: each error beside its field, the typed values kept', () => {
    const open = item('i-1', 'Send pricing', '2026-11-27T17:00:00.000Z');
    const n = notification('n-1', { itemId: 'i-1', text: 'x' });
    const card = cardFor(message(n), context([['i-1', state(open)]], { forms: new Map([['i-1', { dueDate: '2026-12-10', reason: 'other', note: '', errors: { note: 'A note is required when the reason is "other"' } }]]) }));
    const items = (card.body?.[0] as { items: any[] }).items;
    expect(items.slice(3)).toEqual([
      { type: 'Input.Date', id: 'dueDate', label: 'New date', isRequired: true, value: '2026-12-10', min: '2026-12-01' },
      {
        type: 'Input.ChoiceSet',
        id: 'reason',
        label: 'Why does it move?',
        isRequired: true,
        style: 'expanded',
        value: 'other',
        choices: [
          { title: 'Waiting on the buyer', value: 'buyer' },
          { title: 'Blocked (people, information, approvals)', value: 'obstacle' },
          { title: 'Other work came first', value: 'priority' },
          { title: 'Not sure how to do it', value: 'skill' },
          { title: 'It slipped my mind', value: 'forgot' },
          { title: 'Something else (say what)', value: 'other' },
        ],
      },
      { type: 'Input.Text', id: 'note', label: 'Note (needed for something else)', isMultiline: true, maxLength: 1000 },
      { type: 'TextBlock', text: 'A note is required when the reason is "other"', wrap: true, color: 'Attention', size: 'Small', spacing: 'None' },
      {
        type: 'ActionSet',
        actions: [
          { type: 'Action.Execute', title: 'Save new date', verb: 'newDate', data: { m: 'n-1', item: 'i-1', etag: '"e-i-1"' }, associatedInputs: 'auto', style: 'positive' },
          { type: 'Action.Execute', title: 'Cancel', verb: 'cancel', data: { m: 'n-1', item: 'i-1', etag: '"e-i-1"' }, associatedInputs: 'none' },
        ],
      },
    ]);
  });
});

describe("the manager's escalation card", () => {
  it('reads "Priya\'s _Send pricing_ is 4 days overdue (waiting on the buyer)" with Nudge, Add to agenda, Open review', () => {
    const slipped = item('i-1', 'Send pricing', '2026-11-27T17:00:00.000Z', {
      slips: [{ from: '2026-11-20T17:00:00.000Z', to: '2026-11-27T17:00:00.000Z', reason: 'buyer', note: null, at: '2026-11-21T10:00:00.000Z', by: PRIYA }],
    });
    const n = notification('n-2', { kind: 'escalation', activityType: 'teamItemOverdue', recipientId: 'm-1', itemId: 'i-1', text: 'x' });
    const card = cardFor(message(n), context([['i-1', state(slipped)]], { viewerId: 'm-1' }));
    const items = (card.body?.[0] as { items: any[] }).items;
    expect(items[1]).toEqual({ type: 'TextBlock', text: "Priya's _Send pricing_ is 4 days overdue (waiting on the buyer)", wrap: true, weight: 'Bolder', size: 'Medium', spacing: 'Small' });
    expect(items.at(-1).actions.map((a: any) => [a.title, a.verb ?? a.url])).toEqual([
      ['Nudge', 'nudge'],
      ['Add to agenda', 'agenda'],
      ['Open review', 'https://teams.microsoft.com/l/entity/app-1/reviews?context=%7B%22subEntityId%22%3A%22review%3Ap-1%22%7D'],
    ]);
  });
});

describe('the digest card', () => {
  it("lists ten rows of the rep's day with Done / New date each, then \"and 7 more\"", () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ itemId: `i-${i}`, title: `Item ${i}`, dueAt: '2026-11-30T17:00:00.000Z', daysOverdue: 1, dealId: null }));
    const n = notification('n-3', { kind: 'daily-digest', activityType: 'dailyDigest', text: 'Your day: 17 overdue', digest: { kind: 'daily', rows, total: 17 } });
    const states = rows.map((r): [string, CardItemState] => [r.itemId, state(item(r.itemId, r.title, r.dueAt), { deal: null })]);
    const card = cardFor(message(n), context(states));
    const items = (card.body?.[0] as { items: any[] }).items;
    expect(items[1]).toEqual({ type: 'TextBlock', text: '17 due today or overdue', wrap: true, size: 'Large', weight: 'Bolder', spacing: 'Small' });
    const rowsShown = items.filter((e) => e.type === 'Container');
    expect(rowsShown).toHaveLength(10);
    expect(rowsShown[0]).toEqual({
      type: 'Container',
      spacing: 'Medium',
      separator: false,
      items: [
        { type: 'TextBlock', text: 'Item 0', wrap: true, weight: 'Bolder' },
        { type: 'TextBlock', text: '1 day overdue (due Mon 30 Nov)', wrap: true, isSubtle: true, size: 'Small', spacing: 'None' },
        {
          type: 'ActionSet',
          actions: [
            { type: 'Action.Execute', title: 'Done', verb: 'done', data: { m: 'n-3', item: 'i-0', etag: '"e-i-0"' }, associatedInputs: 'none', style: 'positive' },
            { type: 'Action.Execute', title: 'New date', verb: 'newDateForm', data: { m: 'n-3', item: 'i-0', etag: '"e-i-0"' }, associatedInputs: 'none' },
          ],
        },
      ],
    });
    expect(items.at(-2)).toEqual({ type: 'TextBlock', text: 'and 7 more', wrap: true, isSubtle: true });
  });

  it("sums up a manager's team week", () => {
    const n = notification('n-4', {
      kind: 'weekly-digest',
      activityType: 'weeklyDigest',
      recipientId: 'm-1',
      text: "Your team's week",
      digest: { kind: 'weekly', overdue: 3, overdueByOwner: [{ userId: 'p-1', name: 'Priya Shah', overdue: 2 }, { userId: 's-1', name: 'Sam Carter', overdue: 1 }], slips: { total: 2, skill: 1, cantDo: 1, other: 0 }, dealsAtRisk: [{ dealId: 'd-1', account: 'Fabrikam', name: 'Fabrikam renewal' }] },
    });
    expect((cardFor(message(n), context([])).body?.[0] as { items: any[] }).items).toEqual([
      { type: 'TextBlock', text: "Your team's week", wrap: true, size: 'Large', weight: 'Bolder' },
      {
        type: 'FactSet',
        facts: [
          { title: 'Overdue', value: '3 (Priya Shah 2, Sam Carter 1)' },
          { title: 'Slips this week', value: "2: 1 skill, 1 can't do, 0 other" },
          { title: 'Deals at risk', value: 'Fabrikam' },
        ],
      },
      { type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: 'Open the team', url: 'https://teams.microsoft.com/l/entity/app-1/reviews?context=%7B%22subEntityId%22%3A%22team%22%7D' }] },
    ]);
  });
});

describe('a message of several notifications', () => {
  it('is cut short of Teams\' card limit: as many sections as fit, then "and N more"', () => {
    const items = Array.from({ length: 8 }, (_, i) => item(`i-${i}`, `A long title of an item, number ${i}, that needs doing soon: `.repeat(3).slice(0, 190), '2026-11-27T17:00:00.000Z'));
    // Long sentences (the card's fallback text carries each) make eight sections too many.
    const notifications = items.map((it, i) => notification(`n-${i}`, { itemId: it.id, text: `reminder ${i}: ${'x'.repeat(2500)}` }));
    const card = cardFor(message(...notifications), context(items.map((it) => [it.id, state(it)])));
    expect(JSON.stringify(card).length).toBeLessThanOrEqual(24_000);
    const shown = (card.body as any[]).filter((e) => e.type === 'Container').length;
    expect(shown).toBeLessThan(8);
    expect(card.body?.at(-2)).toEqual({ type: 'TextBlock', text: `And ${8 - shown} more in Followthrough.`, wrap: true, isSubtle: true });
  });

  it('is one card: a heading, one section each, an item reminded of twice once (its weightiest kind)', () => {
    const a = item('i-1', 'Send pricing', '2026-11-27T17:00:00.000Z');
    const b = item('i-2', 'Book the demo', '2026-11-30T17:00:00.000Z');
    const reminder = notification('n-1', { itemId: 'i-1', text: 'a' });
    const flagged = notification('n-2', { kind: 'agenda-flag', activityType: 'agendaFlagged', itemId: 'i-1', text: 'b' });
    const other = notification('n-3', { itemId: 'i-2', text: 'c' });
    const card = cardFor(message(reminder, flagged, other), context([['i-1', state(a)], ['i-2', state(b)]]));
    expect(card.body?.map((e: any) => (e.type === 'TextBlock' ? e.text : e.items[0].text))).toEqual(['2 things need you', 'On your next review agenda', 'Reminder']);
    expect(card.refresh?.action?.data).toEqual({ m: 'm-1' });
  });
});
