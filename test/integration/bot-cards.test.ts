import { actionOf, type ChatMessage, chatOf, overdueItem, press, sweepAndDispatch, textsOf } from '../support/bot';
import { type DemoUserKey, TestApi } from '../support/harness';

/**
 * Every button of the reminder cards, pressed through the connector stand-in's `POST /dev/bot/invoke` — an
 * `adaptiveCard/action` invoke signed as Bot Framework signs it, POSTed over HTTP to the local host's /api/messages —
 * and checked in Cosmos DB. 19:02 UTC is 14:02 for Priya and Morgan (New York).
 */
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ now: new Date('2026-12-01T19:02:00Z'), cardChannel: true });
  // The demo data's reminders go out first: each test's own item then comes as a card of its own.
  await sweepAndDispatch(api);
});
afterAll(() => api.stop());

const tenant = () => api.user('priya').tenantId;
/** The item the first test completes on its card: the last test checks that its ladder stopped. */
let completedByCard = '';

/** A new overdue item of `key`'s, swept and dispatched: the card it arrived in. */
async function cardFor(key: DemoUserKey, title: string, daysAgo = 1): Promise<{ id: string; message: ChatMessage }> {
  const id = await overdueItem(api, key, title, daysAgo);
  await sweepAndDispatch(api);
  const message = (await chatOf(api, key)).activities[0] as ChatMessage;
  expect(textsOf(message.card)).toContain(title);
  return { id, message };
}

async function latest(key: DemoUserKey, messageId: string): Promise<ChatMessage> {
  return (await chatOf(api, key)).activities.find((a) => a.id === messageId) as ChatMessage;
}

describe('Done', () => {
  it('completes the item through the one write path, answers "Done by you at 14:02", and stops the ladder', async () => {
    const { id, message } = await cardFor('priya', 'Send the signed order form');
    const done = actionOf(message.card, 'done', id);
    const answer = await press(api, 'priya', message, done);
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(textsOf(answer.body.value)).toEqual(['Reminder', 'Send the signed order form', 'Done by you at 14:02']);

    const stored = await api.stored('items', id, tenant());
    expect(stored).toMatchObject({ status: 'done', completedAt: '2026-12-01T19:02:00.000Z', nextNudgeAt: null });
    const history = await api.call('GET', `/api/action-items/${id}/history`, { as: 'priya' });
    expect(history.body.items.at(-1)).toMatchObject({ via: 'card', by: { kind: 'user', userId: api.user('priya').userId } });
    // The chat's card is the answer now, as Teams replaces it.
    expect(textsOf((await latest('priya', message.id)).card)).toContain('Done by you at 14:02');

    completedByCard = id;
  });

  it('pressed twice at once completes once, and both answers show it done', async () => {
    const { id, message } = await cardFor('priya', 'Return the redlined MSA');
    const done = actionOf(message.card, 'done', id);
    const answers = await Promise.all([press(api, 'priya', message, done), press(api, 'priya', message, done)]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(textsOf(answer.body.value).some((t) => /^Done (by you )?at 14:02$/.test(t))).toBe(true);
    }
    const history = await api.call('GET', `/api/action-items/${id}/history`, { as: 'priya' });
    const completions = history.body.items.filter((e: any) => e.changes.some((c: any) => c.field === 'status' && c.after === 'done'));
    expect(completions).toHaveLength(1);
  });

  it('on a stale card answers with the item as it is now, and changes nothing', async () => {
    const { id, message } = await cardFor('priya', 'Book the executive sponsor call');
    const read = await api.call('GET', `/api/action-items/${id}`, { as: 'priya' });
    await api.call('PATCH', `/api/action-items/${id}`, { as: 'priya', body: { title: 'Book the CFO call' }, headers: { 'if-match': read.headers.get('etag') as string } });
    const answer = await press(api, 'priya', message, actionOf(message.card, 'done', id));
    expect(answer.status).toBe(200);
    expect(textsOf(answer.body.value)).toEqual(['Reminder', 'Book the CFO call', 'This item changed since the card was sent; here it is now.']);
    expect((await api.stored('items', id, tenant())).status).toBe('open');
    // Its buttons now carry the current version: pressed again, it completes.
    const again = await press(api, 'priya', await latest('priya', message.id), actionOf(answer.body.value, 'done', id));
    expect(textsOf(again.body.value)).toContain('Done by you at 14:02');
  });

  it('on a removed item answers "This item was removed"', async () => {
    const { id, message } = await cardFor('priya', 'Send the case study');
    await api.call('DELETE', `/api/action-items/${id}`, { as: 'priya', headers: { 'if-match': '*' } });
    const answer = await press(api, 'priya', message, actionOf(message.card, 'done', id));
    expect(textsOf(answer.body.value)).toEqual(['Reminder', 'This item was removed', '“Send the case study”']);
    expect((await api.stored('items', id, tenant())).status).toBe('open');
  });
});

describe('who may press', () => {
  it('refuses someone who is neither accountable nor their manager, and changes nothing', async () => {
    const { id, message } = await cardFor('priya', 'Send the security questionnaire');
    const before = await api.snapshot();
    const answer = await press(api, 'priya', message, actionOf(message.card, 'done', id), 'sam');
    expect(answer.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'You cannot change this item: only the person accountable for it and their manager can.' });
    expect(await api.snapshot()).toBe(before);
    // The card in the chat stays as it was.
    expect(textsOf((await latest('priya', message.id)).card)).toEqual(textsOf(message.card));
  });

  it('lets their manager act on it', async () => {
    const { id, message } = await cardFor('priya', 'Send the pilot success criteria');
    const answer = await press(api, 'priya', message, actionOf(message.card, 'done', id), 'morgan');
    // The answer replaces the card in Priya's chat: it is worded for her.
    expect(textsOf(answer.body.value)).toContain('Done by Morgan Lee at 14:02');
    expect((await api.stored('items', id, tenant())).status).toBe('done');
  });

  it('refuses an invoke from another tenant, and changes nothing', async () => {
    const { id, message } = await cardFor('priya', 'Send the reference list');
    const before = await api.snapshot();
    const answer = await press(api, 'priya', message, actionOf(message.card, 'done', id), 'casey');
    expect(answer.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Followthrough cannot find this reminder for you. Open Followthrough to see your items.' });
    expect(await api.snapshot()).toBe(before);
  });
});

describe('New date', () => {
  it('opens a form with the date, the reasons and a note', async () => {
    const { id, message } = await cardFor('priya', 'Send the implementation plan');
    const answer = await press(api, 'priya', message, actionOf(message.card, 'newDateForm', id));
    const inputs = JSON.stringify(answer.body.value);
    expect(inputs).toContain('"type":"Input.Date","id":"dueDate","label":"New date","isRequired":true');
    expect(answer.body.value.body[0].items.find((e: any) => e.type === 'Input.ChoiceSet').choices.map((c: any) => c.value)).toEqual(['buyer', 'obstacle', 'priority', 'skill', 'forgot', 'other']);
    expect(actionOf(answer.body.value, 'newDate', id).associatedInputs).toBe('auto');
  });

  it.each([
    ['no reason', { dueDate: '2026-12-10' }, 'Say why it moves: pick a reason.'],
    ['"other" without a note', { dueDate: '2026-12-10', reason: 'other' }, 'A note is required when the reason is "other"'],
    ['a past date', { dueDate: '2026-11-30', reason: 'buyer' }, 'Pick today or a later date.'],
    ['a date after 2100', { dueDate: '2101-01-15', reason: 'buyer' }, 'Must be between 2000-01-01 and 2100-12-31'],
    ['no date', { reason: 'buyer' }, 'Pick the new date.'],
  ])('with %s shows the error inline in the form and changes nothing', async (_name, inputs, error) => {
    const { id, message } = await cardFor('priya', `Send the rollout timeline (${_name})`);
    const form = await press(api, 'priya', message, actionOf(message.card, 'newDateForm', id));
    const before = await api.snapshot();
    const save = actionOf(form.body.value, 'newDate', id);
    const answer = await press(api, 'priya', message, { verb: 'newDate', data: { ...save.data, ...inputs } });
    expect(textsOf(answer.body.value)).toContain(error);
    expect(JSON.stringify(answer.body.value)).toContain('"id":"dueDate"');
    expect(await api.snapshot()).toBe(before);
  });

  it('moves the due date with the slip recorded, and the card shows the new date', async () => {
    const { id, message } = await cardFor('priya', 'Send the data-processing addendum');
    const form = await press(api, 'priya', message, actionOf(message.card, 'newDateForm', id));
    const save = actionOf(form.body.value, 'newDate', id);
    const answer = await press(api, 'priya', message, { verb: 'newDate', data: { ...save.data, dueDate: '2026-12-08', reason: 'buyer', note: 'Legal is on holiday' } });
    // Due 17:00 UTC before: 12:00 in New York, kept on the new day.
    expect(textsOf(answer.body.value)).toEqual(['Reminder', 'Send the data-processing addendum', 'New date set: the reminders start again from it.']);
    expect(JSON.stringify(answer.body.value)).toContain('"title":"Due","value":"Due Tue 8 Dec at 12:00"');
    const stored = await api.stored('items', id, tenant());
    expect(stored.dueAt).toBe('2026-12-08T17:00:00.000Z');
    expect(stored.slips.at(-1)).toMatchObject({ from: '2026-11-30T17:00:00.000Z', to: '2026-12-08T17:00:00.000Z', reason: 'buyer', note: 'Legal is on holiday', by: api.user('priya').userId });
  });
});

describe('Snooze', () => {
  it('moves the next reminder, not the due date', async () => {
    const { id, message } = await cardFor('priya', 'Send the onboarding checklist');
    const answer = await press(api, 'priya', message, actionOf(message.card, 'snooze', id));
    const stored = await api.stored('items', id, tenant());
    expect(stored.dueAt).toBe('2026-11-30T17:00:00.000Z');
    expect(stored.snoozes).toHaveLength(1);
    expect(textsOf(answer.body.value).find((t) => t.startsWith('Snoozed'))).toBe('Snoozed: the next reminder waits until Wed 2 Dec at 14:02.');
  });
});

describe('Snooze beyond the limit', () => {
  it("says so on the card and changes nothing (the team's snoozeLimit, 3 by default)", async () => {
    const { id, message } = await cardFor('priya', 'Send the uptime report');
    let card = message.card;
    for (const until of ['tomorrow', 'monday', 'tomorrow']) {
      const snoozed = await press(api, 'priya', message, { verb: 'snooze', data: { ...actionOf(card, 'snooze', id).data, until } });
      card = snoozed.body.value;
      // Each snooze moves the ladder further: the next one asks for a later end than the one before.
      api.clock.advance(3 * 86_400_000);
    }
    api.clock.advance(-9 * 86_400_000);
    const before = await api.snapshot();
    const answer = await press(api, 'priya', message, actionOf(card, 'snooze', id));
    expect(answer.body.value.body[0]).toMatchObject({ type: 'TextBlock', color: 'Warning', text: expect.stringMatching(/^Snoozed 3 times already/) });
    expect(await api.snapshot()).toBe(before);
  });
});

describe('refresh', () => {
  it('shows the card as it stands when the item changed elsewhere, in place', async () => {
    const { id, message } = await cardFor('priya', 'Send the SOC 2 report');
    await api.call('PATCH', `/api/action-items/${id}`, { as: 'priya', body: { status: 'done' }, headers: { 'if-match': '*' } });
    const refresh = message.card.refresh.action;
    expect(message.card.refresh.userIds).toEqual([api.host.botConnector.teamsUserIdOf(api.user('priya').userId)]);
    const answer = await press(api, 'priya', message, refresh);
    expect(textsOf(answer.body.value)).toEqual(['Reminder', 'Send the SOC 2 report', 'Done by you at 14:02']);
    const chat = await chatOf(api, 'priya');
    expect(chat.activities.filter((a) => JSON.stringify(a.card).includes(id))).toHaveLength(1);
  });
});

describe("the manager's escalation card", () => {
  it('reads "Priya\'s _Provide sample dataset_ is 4 days overdue (waiting on the buyer)"; Nudge reminds Priya now, once', async () => {
    const id = api.host.demo.items.find((i) => i.title === 'Provide sample dataset')?.id as string;
    const message = (await chatOf(api, 'morgan')).activities.find((a) => JSON.stringify(a.card).includes(id)) as ChatMessage;
    expect(textsOf(message.card)).toContain("Priya's _Provide sample dataset_ is 4 days overdue (waiting on the buyer)");

    const before = (await api.notifications()).filter((n) => n.itemId === id && n.recipientId === api.user('priya').userId).length;
    const nudge = await press(api, 'morgan', message, actionOf(message.card, 'nudge', id));
    expect(textsOf(nudge.body.value)).toContain('Nudged Priya Shah at 14:02.');
    const again = await press(api, 'morgan', message, actionOf(message.card, 'nudge', id));
    expect(textsOf(again.body.value)).toContain('Priya Shah was nudged about this today already.');
    const reminders = (await api.notifications()).filter((n) => n.itemId === id && n.recipientId === api.user('priya').userId);
    expect(reminders).toHaveLength(before + 1);
    expect(reminders.find((n) => n.text.startsWith('Morgan Lee asks'))).toMatchObject({ kind: 'reminder', status: 'pending', text: 'Morgan Lee asks about “Provide sample dataset”: 4 days overdue' });
    await api.host.services.dispatcher.run();
    expect(textsOf((await chatOf(api, 'priya')).activities[0]?.card)).toContain('Provide sample dataset');

    // Its buttons carry the version the answer showed (the sweeps of the tests before moved the item on since it was sent).
    const agenda = await press(api, 'morgan', message, actionOf(again.body.value, 'agenda', id));
    expect(textsOf(agenda.body.value)).toContain("On the agenda of Priya Shah's next review.");
    expect((await api.stored('items', id, tenant())).flaggedForReviewAt).toBe('2026-12-01T19:02:00.000Z');
    // Recorded in the item's history as the manager's change through the card.
    const history = await api.call('GET', `/api/action-items/${id}/history`, { as: 'morgan' });
    expect(history.body.items.at(-1)).toMatchObject({ action: 'update', via: 'card', by: { kind: 'user', userId: api.user('morgan').userId }, changes: [{ field: 'flaggedForReviewAt', before: null, after: '2026-12-01T19:02:00.000Z' }] });
    // Priya cannot nudge herself or put her own item on the agenda.
    const own = await press(api, 'morgan', message, actionOf(agenda.body.value, 'nudge', id), 'priya');
    expect(own.body.value).toBe('Only their manager can do this.');
  });
});

describe('after Done', () => {
  it('the ladder stops: days later, the next sweep sends nothing about the item', async () => {
    const sent = (await chatOf(api, 'priya')).activities.length;
    api.clock.advance(3 * 86_400_000);
    await sweepAndDispatch(api);
    expect((await api.notifications()).filter((n) => n.itemId === completedByCard)).toHaveLength(1);
    const after = (await chatOf(api, 'priya')).activities;
    expect(after.length).toBeGreaterThan(sent);
    expect(after.slice(0, after.length - sent).some((a) => JSON.stringify(a.card).includes(completedByCard))).toBe(false);
  });
});
