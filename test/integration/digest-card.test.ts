import { actionOf, chatOf, press, textsOf } from '../support/bot';
import { TestApi } from '../support/harness';

/** The rep's daily digest as one card, its rows pressed on the local host. 13:30 UTC is 08:30 for Priya (New York). */
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ now: new Date('2026-12-01T13:30:00Z'), cardChannel: true });
});
afterAll(() => api.stop());

describe("the rep's daily digest card", () => {
  it('lists what is due today and overdue with Done / New date per row; Done on a row completes that item', async () => {
    await api.host.services.digests.run();
    await api.host.services.dispatcher.run();
    const message = (await chatOf(api, 'priya')).activities.find((a) => textsOf(a.card).includes('Your day'));
    expect(message).toBeDefined();
    const digest = (await api.notifications()).find((n) => n.kind === 'daily-digest' && n.recipientId === api.user('priya').userId);
    expect(digest?.status).toBe('sent');
    expect(digest?.channel).toBe('card');
    const rows = digest?.digest?.kind === 'daily' ? digest.digest.rows : [];
    expect(rows.length).toBeGreaterThan(1);
    const first = rows[0]!;
    for (const row of rows.slice(0, 10)) expect(textsOf(message!.card)).toContain(row.title);

    const answer = await press(api, 'priya', message!, actionOf(message!.card, 'done', first.itemId));
    const texts = textsOf(answer.body.value);
    expect(texts[texts.indexOf(first.title) + 1]).toBe('Done by you at 08:30');
    expect((await api.stored('items', first.itemId, api.user('priya').tenantId)).status).toBe('done');
    // The other rows keep their buttons.
    expect(actionOf(answer.body.value, 'done', rows[1]!.itemId)).toBeDefined();
  });
});
