import type { Notification } from '../../functions/src/domain';
import type { OutgoingMessage } from '../../functions/src/services/ports';
import { chatOf, overdueItem, sweepAndDispatch, textsOf } from '../support/bot';
import { type DemoUserKey, TestApi } from '../support/harness';

/**
 * The card channel against the Bot Connector stand-in: a throttled or unavailable connector (429/503, Retry-After
 * honoured, nothing lost, nothing doubled), a user the bot cannot reach (never installed, removed) and the fallback to
 * the feed.
 */
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ now: new Date('2026-12-01T19:02:00Z'), cardChannel: true });
  await sweepAndDispatch(api);
});
afterAll(() => api.stop());

const connector = (path: string, init: { method: string; body?: unknown }) =>
  fetch(`${api.host.baseUrl}/dev/bot${path}`, { method: init.method, headers: { 'content-type': 'application/json' }, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
const stats = async () => (await (await connector('/stats', { method: 'GET' })).json()) as { sends: number; creates: number; faultsServed: number };

/** A new overdue item of `key`'s and the reminder the sweep made for it (not dispatched). */
async function reminderFor(key: DemoUserKey, title: string): Promise<{ id: string; reminder: Notification }> {
  const id = await overdueItem(api, key, title, 1);
  await api.host.services.overdueSweep.run();
  const reminder = (await api.notifications()).find((n) => n.itemId === id) as Notification;
  return { id, reminder };
}

function messageOf(key: DemoUserKey, reminder: Notification): OutgoingMessage {
  const user = api.user(key);
  return { id: reminder.id, recipient: { userId: user.userId, tenantId: user.tenantId, displayName: user.displayName, email: user.email }, notifications: [reminder] };
}

const card = () => api.host.services.cardChannel!;

describe('the card channel', () => {
  it('answers 429 and 503 as retryable with their Retry-After, sends nothing then, and the card once when it goes', async () => {
    const { id, reminder } = await reminderFor('priya', 'Send the revised SOW');
    const before = (await chatOf(api, 'priya')).activities.length;
    await connector('/faults', { method: 'POST', body: { status: 429, retryAfter: 7 } });
    expect(await card().deliver(messageOf('priya', reminder))).toEqual({ ok: false, retryable: true, retryAfterSeconds: 7, error: 'Bot Connector 429: TooManyRequests: Too many requests.' });
    await connector('/faults', { method: 'POST', body: { status: 503, retryAfter: 30 } });
    expect(await card().deliver(messageOf('priya', reminder))).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 30 });
    await connector('/faults', { method: 'POST', body: { status: 503 } });
    expect(await card().deliver(messageOf('priya', reminder))).toEqual({ ok: false, retryable: true, retryAfterSeconds: undefined, error: 'Bot Connector 503: ServiceUnavailable: The service is unavailable.' });
    expect((await chatOf(api, 'priya')).activities).toHaveLength(before);

    expect(await card().deliver(messageOf('priya', reminder))).toEqual({ ok: true, channel: 'card' });
    const sends = (await stats()).sends;
    // A retry of the same message (the dispatcher died before recording it) finds it delivered: nothing is sent again.
    expect(await card().deliver(messageOf('priya', reminder))).toEqual({ ok: true, channel: 'card' });
    expect((await stats()).sends).toBe(sends);
    const chat = await chatOf(api, 'priya');
    expect(chat.activities).toHaveLength(before + 1);
    expect(chat.activities.filter((a) => JSON.stringify(a.card).includes(id))).toHaveLength(1);
  });

  it('through the dispatcher: Retry-After is honoured, the retry starts with the card, and it is delivered once', async () => {
    const { id } = await reminderFor('priya', 'Send the updated pricing sheet');
    await connector('/faults', { method: 'POST', body: { status: 429, retryAfter: 120 } });
    await api.host.services.dispatcher.run();
    const waiting = (await api.notifications()).find((n) => n.itemId === id) as Notification;
    expect(waiting).toMatchObject({ status: 'pending', retryChannel: 'card', nextAttemptAt: '2026-12-01T19:04:00.000Z' });
    // Not before Retry-After has passed.
    api.clock.advance(60_000);
    expect((await api.host.services.dispatcher.run()).sent).toBe(0);
    api.clock.advance(61_000);
    await api.host.services.dispatcher.run();
    expect((await api.notifications()).find((n) => n.itemId === id)).toMatchObject({ status: 'sent', channel: 'card' });
    const chat = await chatOf(api, 'priya');
    expect(chat.activities.filter((a) => JSON.stringify(a.card).includes(id))).toHaveLength(1);
    expect(textsOf(chat.activities[0]?.card)).toContain('Send the updated pricing sheet');
  });

  it('is unreachable where the app was never installed (Diego), and the dispatcher falls back to the feed', async () => {
    const { id, reminder } = await reminderFor('diego', 'Send the mutual action plan');
    const sends = (await stats()).sends;
    expect(await card().deliver(messageOf('diego', reminder))).toEqual({ ok: false, retryable: false, unreachable: true, error: 'the bot is not installed for this user' });
    expect((await stats()).sends).toBe(sends);
    await api.host.services.dispatcher.run();
    expect((await api.notifications()).find((n) => n.itemId === id)).toMatchObject({ status: 'sent', channel: 'feed', deliveryNote: 'card: the bot is not installed for this user → feed' });
    expect((await chatOf(api, 'diego')).activities).toHaveLength(0);
  });

  it('is unreachable where the connector says the bot is not in the chat any more, and remembers it', async () => {
    const sam = api.user('sam');
    await connector(`/installations/${sam.userId}`, { method: 'PUT', body: { installed: false, tellTheBot: false } });
    const { id } = await reminderFor('sam', 'Send the training plan');
    await api.host.services.dispatcher.run();
    const sent = (await api.notifications()).find((n) => n.itemId === id) as Notification;
    expect(sent).toMatchObject({ status: 'sent', channel: 'feed' });
    expect(sent.deliveryNote).toBe('card: Bot Connector 403: BotNotInConversationRoster: The bot is not part of the conversation roster. → feed');
    expect(await api.stored('users', `bot-conversation-${sam.userId}`, sam.tenantId)).toMatchObject({ installed: false });
    // Installed again (Teams tells the bot): cards reach Sam again.
    await connector(`/installations/${sam.userId}`, { method: 'PUT', body: { installed: true } });
    const again = await reminderFor('sam', 'Send the rollout checklist');
    await api.host.services.dispatcher.run();
    expect((await api.notifications()).find((n) => n.itemId === again.id)).toMatchObject({ status: 'sent', channel: 'card' });
  });

  it('is unreachable, without a call to the connector, once the app was removed for the user', async () => {
    const casey = api.user('casey');
    await connector(`/installations/${casey.userId}`, { method: 'PUT', body: { installed: false } });
    const { reminder } = await reminderFor('casey', 'Send the pilot plan');
    const sends = (await stats()).sends;
    expect(await card().deliver(messageOf('casey', reminder))).toMatchObject({ ok: false, unreachable: true });
    expect((await stats()).sends).toBe(sends);
  });

  it('makes the 1:1 conversation when none is known, and a new one when the connector says the old one is gone', async () => {
    const jordan = api.user('jordan');
    const users = await api.host.services.store.container('users');
    const id = `bot-conversation-${jordan.userId}`;
    const forget = async (conversationId: string | null) => {
      const { resource } = await users.item(id, jordan.tenantId).read();
      await users.item(id, jordan.tenantId).replace({ ...resource, conversationId });
    };
    const { reminder } = await reminderFor('jordan', 'Renew the Followthrough licence');
    await forget('a:gone');
    const creates = (await stats()).creates;
    // The connector does not know the conversation: retried later, and the stale id forgotten.
    expect(await card().deliver(messageOf('jordan', reminder))).toMatchObject({ ok: false, retryable: true, error: 'Bot Connector 404: ConversationNotFound: Conversation not found.' });
    expect((await api.stored('users', id, jordan.tenantId)).conversationId).toBeNull();
    expect(await card().deliver(messageOf('jordan', reminder))).toEqual({ ok: true, channel: 'card' });
    expect((await stats()).creates).toBe(creates + 1);
    expect((await api.stored('users', id, jordan.tenantId)).conversationId).toBe(api.host.botConnector.chatOf(jordan.userId)?.conversationId);
    expect((await chatOf(api, 'jordan')).activities).toHaveLength(1);
  });
});
