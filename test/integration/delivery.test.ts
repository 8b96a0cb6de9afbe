import type { DeliveryChannelName, Notification } from '../../functions/src/domain';
import type { DeliveryChannel, DeliveryResult, OutgoingMessage } from '../../functions/src/services/ports';
import { type DemoUserKey, TestApi } from '../support/harness';

/** A channel message as the scripted channels saw it. */
interface Seen {
  channel: DeliveryChannelName;
  userId: string;
  messageId: string;
  notificationIds: string[];
}

/**
 * The three channels, scripted per user: the card reaches only users the bot is installed for, the feed everyone
 * but those it is told cannot be reached, the email everyone. Every call is recorded, so a test sees which channel
 * was asked and what each message carried.
 */
class ScriptedChannels {
  readonly calls: Seen[] = [];
  readonly installed = new Set<string>();
  readonly noFeed = new Set<string>();
  /** Answers the feed gives next, in order, before it delivers again. */
  readonly feedAnswers: DeliveryResult[] = [];
  /** While set, the feed never answers (a dispatcher killed while delivering), and says when it was called. */
  private hanging: (() => void) | null = null;

  /** From now on the feed never answers; resolves once it has been called. */
  hangFeed(): Promise<void> {
    return new Promise((resolve) => (this.hanging = resolve));
  }

  stopHanging(): void {
    this.hanging = null;
  }

  get delivered(): Seen[] {
    return this.calls.filter((c) => this.outcomes.get(c) === 'ok');
  }

  private readonly outcomes = new Map<Seen, 'ok' | 'not'>();

  channels(): DeliveryChannel[] {
    return [
      this.channel('card', (m) => (this.installed.has(m.recipient.userId) ? { ok: true, channel: 'card' } : { ok: false, retryable: false, unreachable: true, error: 'the bot is not installed for this user' })),
      this.channel('feed', (m) => {
        if (this.noFeed.has(m.recipient.userId)) return { ok: false, retryable: false, unreachable: true, error: 'graph 403: Forbidden: not installed' };
        return this.feedAnswers.shift() ?? { ok: true, channel: 'feed' };
      }),
      this.channel('email', () => ({ ok: true, channel: 'email' })),
    ];
  }

  private channel(name: DeliveryChannelName, answer: (m: OutgoingMessage) => DeliveryResult & { unreachable?: boolean }): DeliveryChannel {
    return {
      name,
      deliver: async (message) => {
        if (name === 'feed' && this.hanging) {
          this.hanging();
          return new Promise(() => undefined);
        }
        const seen = { channel: name, userId: message.recipient.userId, messageId: message.id, notificationIds: message.notifications.map((n) => n.id) };
        this.calls.push(seen);
        const result = answer(message);
        this.outcomes.set(seen, result.ok ? 'ok' : 'not');
        return result;
      },
    };
  }

  reset(): void {
    this.calls.length = 0;
  }
}

const NOW = new Date('2026-11-24T15:00:00Z');
const MINUTE = 60_000;

/** Starts the API with scripted channels and delivers what the demo data has due, so each test starts from quiet. */
async function quietApi(now = NOW): Promise<{ api: TestApi; channels: ScriptedChannels }> {
  const channels = new ScriptedChannels();
  const api = await TestApi.start({ now, channels: channels.channels() });
  await api.host.services.overdueSweep.run();
  await api.host.services.dispatcher.run();
  channels.reset();
  return { api, channels };
}

/** Items of a user due a minute before the API's clock; the sweep makes one reminder each. */
async function dueItems(api: TestApi, who: DemoUserKey, titles: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const title of titles) {
    const created = await api.call('POST', '/api/action-items', { as: who, body: { title, dueAt: new Date(api.clock.now().getTime() - MINUTE).toISOString(), owner: { type: 'user', userId: api.user(who).userId } } });
    expect(created.status).toBe(201);
    ids.push(created.body.id);
  }
  return ids;
}

async function remindersOf(api: TestApi, itemIds: string[]): Promise<Notification[]> {
  return (await api.notifications()).filter((n) => n.itemId !== null && itemIds.includes(n.itemId)).sort((a, b) => a.id.localeCompare(b.id));
}

async function setPreferences(api: TestApi, who: DemoUserKey, preferences: object): Promise<void> {
  expect((await api.call('PUT', '/api/me/preferences', { as: who, body: preferences })).status).toBe(200);
}

describe('channels in the user’s order, with fallback', () => {
  let api: TestApi;
  let channels: ScriptedChannels;
  beforeAll(async () => {
    ({ api, channels } = await quietApi());
    channels.installed.add(api.user('diego').userId);
    channels.noFeed.add(api.user('sam').userId);
  });
  afterAll(() => api.stop());

  it('tries card, feed, email by default, and records which channel took it and why the earlier ones did not', async () => {
    api.clock.advance(10 * MINUTE);
    const [priya] = await dueItems(api, 'priya', ['Send the pricing sheet']);
    const [diego] = await dueItems(api, 'diego', ['Book the demo']);
    const [sam] = await dueItems(api, 'sam', ['Call the CFO']);
    await api.host.services.overdueSweep.run();
    await api.host.services.dispatcher.run();

    const byItem = new Map((await remindersOf(api, [priya!, diego!, sam!])).map((n) => [n.itemId, n]));
    expect(byItem.get(priya!)).toMatchObject({ status: 'sent', channel: 'feed', deliveryNote: 'card: the bot is not installed for this user → feed', attempts: 1, lastError: null });
    expect(byItem.get(diego!)).toMatchObject({ status: 'sent', channel: 'card', deliveryNote: null });
    expect(byItem.get(sam!)).toMatchObject({ status: 'sent', channel: 'email', deliveryNote: 'card: the bot is not installed for this user; feed: graph 403: Forbidden: not installed → email' });
    expect(channels.calls.map((c) => [c.userId, c.channel]).sort()).toEqual(
      [
        [api.user('priya').userId, 'card'],
        [api.user('priya').userId, 'feed'],
        [api.user('diego').userId, 'card'],
        [api.user('sam').userId, 'card'],
        [api.user('sam').userId, 'feed'],
        [api.user('sam').userId, 'email'],
      ].sort(),
    );
    // The user sees the record too.
    const mine = await api.call('GET', '/api/notifications?limit=1', { as: 'sam' });
    expect(mine.body.items[0]).toMatchObject({ itemId: sam, status: 'sent', channel: 'email', deliveryNote: 'card: the bot is not installed for this user; feed: graph 403: Forbidden: not installed → email' });
  });

  it('follows the order the user chose, and fails with the reasons when none of their channels can reach them', async () => {
    channels.reset();
    await setPreferences(api, 'priya', { channels: ['email', 'feed'] });
    api.clock.advance(10 * MINUTE);
    const [first] = await dueItems(api, 'priya', ['Send the MSA']);
    await api.host.services.overdueSweep.run();
    await api.host.services.dispatcher.run();
    expect((await remindersOf(api, [first!]))[0]).toMatchObject({ status: 'sent', channel: 'email', deliveryNote: null });
    expect(channels.calls.map((c) => c.channel)).toEqual(['email']);

    await setPreferences(api, 'priya', { channels: ['card'] });
    api.clock.advance(10 * MINUTE);
    const [second] = await dueItems(api, 'priya', ['Send the SOW']);
    await api.host.services.overdueSweep.run();
    const run = await api.host.services.dispatcher.run();
    expect(run).toMatchObject({ failed: 1, messages: 0 });
    expect((await remindersOf(api, [second!]))[0]).toMatchObject({
      status: 'failed',
      channel: null,
      lastError: 'No channel could reach this user: card: the bot is not installed for this user',
      deliveryNote: 'card: the bot is not installed for this user',
    });
    await setPreferences(api, 'priya', {});
  });

  it('retries a retryable failure later on the same channel, after Retry-After, without asking the earlier ones again', async () => {
    channels.reset();
    channels.feedAnswers.push({ ok: false, retryable: true, retryAfterSeconds: 120, error: 'graph 429: TooManyRequests: slow down' });
    api.clock.advance(10 * MINUTE);
    const [itemId] = await dueItems(api, 'priya', ['Send the security review']);
    await api.host.services.overdueSweep.run();
    const first = await api.host.services.dispatcher.run();
    expect(first).toMatchObject({ retrying: 1, sent: 0 });
    const waiting = (await remindersOf(api, [itemId!]))[0];
    expect(waiting).toMatchObject({
      status: 'pending',
      attempts: 1,
      retryChannel: 'feed',
      nextAttemptAt: new Date(api.clock.now().getTime() + 120_000).toISOString(),
      lastError: 'graph 429: TooManyRequests: slow down',
      deliveryNote: 'card: the bot is not installed for this user → feed',
    });

    api.clock.advance(119_000);
    expect((await api.host.services.dispatcher.run()).examined).toBe(0);
    api.clock.advance(1_000);
    expect(await api.host.services.dispatcher.run()).toMatchObject({ sent: 1, messages: 1 });
    expect((await remindersOf(api, [itemId!]))[0]).toMatchObject({ status: 'sent', channel: 'feed', attempts: 2, retryChannel: null, lastError: null, messageId: waiting?.id });
    // The card was asked once (it cannot reach her); the retry went straight to the feed.
    expect(channels.calls.map((c) => c.channel)).toEqual(['card', 'feed', 'feed']);
  });
});

describe('one message per user per dispatch run', () => {
  let api: TestApi;
  let channels: ScriptedChannels;
  beforeEach(async () => {
    ({ api, channels } = await quietApi());
    api.clock.advance(10 * MINUTE);
  });
  afterEach(() => api.stop());

  it('five items of one user due together are one message; two users, two messages', async () => {
    const priyas = await dueItems(api, 'priya', ['One', 'Two', 'Three', 'Four', 'Five']);
    const diegos = await dueItems(api, 'diego', ['Six']);
    expect((await api.host.services.overdueSweep.run()).notificationsCreated).toBe(6);

    expect(await api.host.services.dispatcher.run()).toEqual({ examined: 6, sent: 6, retrying: 0, failed: 0, cancelled: 0, skipped: 0, deferred: 0, folded: 0, messages: 2 });

    const delivered = channels.delivered;
    expect(delivered.map((d) => [d.userId, d.channel, d.notificationIds.length]).sort()).toEqual(
      [
        [api.user('diego').userId, 'feed', 1],
        [api.user('priya').userId, 'feed', 5],
      ].sort(),
    );
    const priyasReminders = await remindersOf(api, priyas);
    const message = delivered.find((d) => d.userId === api.user('priya').userId)!;
    expect(message.notificationIds.sort()).toEqual(priyasReminders.map((n) => n.id));
    expect(message.messageId).toMatch(/^m-[0-9a-f]{40}$/);
    expect(priyasReminders.every((n) => n.status === 'sent' && n.messageId === message.messageId && n.channel === 'feed')).toBe(true);
    // A message of one has its notification's id.
    const [diegos1] = await remindersOf(api, diegos);
    expect(delivered.find((d) => d.userId === api.user('diego').userId)?.messageId).toBe(diegos1?.id);
  });

  it('drops from the message a reminder whose item changed meanwhile, and sends the rest', async () => {
    const [done, moved, removed, kept] = await dueItems(api, 'priya', ['Done meanwhile', 'Rescheduled meanwhile', 'Removed meanwhile', 'Still due']);
    await api.host.services.overdueSweep.run();
    await api.call('PATCH', `/api/action-items/${done}`, { as: 'priya', headers: { 'if-match': '*' }, body: { status: 'done' } });
    await api.call('PATCH', `/api/action-items/${moved}`, { as: 'priya', headers: { 'if-match': '*' }, body: { dueAt: '2026-12-04T17:00:00Z', slip: { reason: 'buyer' } } });
    await api.call('DELETE', `/api/action-items/${removed}`, { as: 'priya', headers: { 'if-match': '*' } });

    expect(await api.host.services.dispatcher.run()).toMatchObject({ examined: 4, sent: 1, cancelled: 3, messages: 1 });
    expect(channels.delivered.map((d) => d.notificationIds)).toEqual([[(await remindersOf(api, [kept!]))[0]?.id]]);
    const statuses = Object.fromEntries((await remindersOf(api, [done!, moved!, removed!, kept!])).map((n) => [n.itemId, n.status]));
    expect(statuses).toEqual({ [done!]: 'cancelled', [moved!]: 'cancelled', [removed!]: 'cancelled', [kept!]: 'sent' });
  });

  it('settles every notification of the message with the same outcome', async () => {
    const ids = await dueItems(api, 'priya', ['A', 'B', 'C']);
    await api.host.services.overdueSweep.run();
    channels.feedAnswers.push({ ok: false, retryable: true, error: 'graph 503: ServiceUnavailable: later' });
    expect(await api.host.services.dispatcher.run({ random: () => 0.5 })).toMatchObject({ retrying: 3, messages: 0 });
    const waiting = await remindersOf(api, ids);
    // Backoff after the first attempt: between 15 and 30 s, 22.5 s with the jitter fixed at one half.
    expect(waiting.map((n) => [n.status, n.attempts, n.nextAttemptAt, n.retryChannel])).toEqual(Array(3).fill(['pending', 1, new Date(api.clock.now().getTime() + 22_500).toISOString(), 'feed']));
    expect(new Set(waiting.map((n) => n.messageId)).size).toBe(1);
  });

  it('two dispatchers at once still deliver each notification exactly once', async () => {
    const ids = [...(await dueItems(api, 'priya', ['P1', 'P2', 'P3', 'P4', 'P5'])), ...(await dueItems(api, 'diego', ['D1', 'D2', 'D3']))];
    await api.host.services.overdueSweep.run();
    const { dispatcher } = api.host.services;
    const runs = await Promise.all([dispatcher.run(), dispatcher.run()]);
    expect(runs[0].sent + runs[1].sent).toBe(8);
    expect(runs[0].skipped + runs[1].skipped + runs[0].sent + runs[1].sent).toBe(runs[0].examined + runs[1].examined);
    const carried = channels.delivered.flatMap((d) => d.notificationIds).sort();
    expect(carried).toEqual((await remindersOf(api, ids)).map((n) => n.id));
    expect((await remindersOf(api, ids)).every((n) => n.status === 'sent' && n.attempts === 1)).toBe(true);
    expect((await dispatcher.run()).examined).toBe(0);
  });

  it('a dispatcher that dies while delivering leaves its leases to run out; the next run sends the message once', async () => {
    const ids = await dueItems(api, 'priya', ['K1', 'K2', 'K3']);
    await api.host.services.overdueSweep.run();
    const reached = channels.hangFeed();
    // Killed midway: it took the leases and never came back from the channel.
    void api.host.services.dispatcher.run();
    await reached;
    channels.stopHanging();
    expect((await remindersOf(api, ids)).map((n) => [n.status, n.attempts])).toEqual(Array(3).fill(['pending', 1]));
    expect((await api.host.services.dispatcher.run()).examined).toBe(0);

    api.clock.advance(5 * MINUTE);
    expect(await api.host.services.dispatcher.run()).toMatchObject({ examined: 3, sent: 3, messages: 1 });
    expect(channels.delivered.map((d) => d.notificationIds.length)).toEqual([3]);
  });
});

describe('quiet hours', () => {
  let api: TestApi;
  let channels: ScriptedChannels;
  // Demo data is made for Saturday 24 October 2026; the clocks go back in London on the 25th, in New York on 1 November.
  beforeAll(async () => {
    ({ api, channels } = await quietApi(new Date('2026-10-24T12:00:00Z')));
  });
  afterAll(() => api.stop());

  it('a reminder in Sam’s quiet hours (22:00–07:00, London) waits until 07:00 on the clock, across the night the clocks go back', async () => {
    await setPreferences(api, 'sam', { quietHours: { start: '22:00', end: '07:00' } });
    // 23:00 BST on Saturday the 24th; 07:00 GMT on Sunday the 25th is nine hours later.
    api.clock.set(new Date('2026-10-24T22:00:00Z'));
    const [quiet] = await dueItems(api, 'sam', ['Send the proposal']);
    const [loud] = await dueItems(api, 'diego', ['Send the contract']);
    await api.host.services.overdueSweep.run();
    channels.reset();
    await api.host.services.dispatcher.run();
    const [waiting] = await remindersOf(api, [quiet!]);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: '2026-10-25T07:00:00.000Z', deliveryNote: 'quiet hours until 07:00 (Europe/London)' });
    // Diego in Chicago is not in quiet hours: his went out at once.
    expect((await remindersOf(api, [loud!]))[0]?.status).toBe('sent');

    api.clock.set(new Date('2026-10-25T06:59:00Z'));
    await api.host.services.dispatcher.run();
    expect(channels.calls.filter((d) => d.userId === api.user('sam').userId)).toEqual([]);
    api.clock.set(new Date('2026-10-25T07:00:00Z'));
    await api.host.services.dispatcher.run();
    // The record now says how it went out (the quiet-hours note was only while it waited).
    expect((await remindersOf(api, [quiet!]))[0]).toMatchObject({ status: 'sent', attempts: 1, channel: 'feed', deliveryNote: 'card: the bot is not installed for this user → feed' });
    // Everything that waited for the end of his night went out as one message at 07:00.
    const sams = channels.delivered.filter((d) => d.userId === api.user('sam').userId);
    expect(sams).toHaveLength(1);
    expect(sams[0]?.notificationIds).toContain(waiting?.id);
  });

  it('in New York on 1 November, 22:30 EDT waits for 07:00 EST (12:00 UTC); 06:00 after midnight waits for the same morning', async () => {
    await setPreferences(api, 'priya', { quietHours: { start: '22:00', end: '07:00' } });
    api.clock.set(new Date('2026-11-01T02:30:00Z'));
    const [evening] = await dueItems(api, 'priya', ['Late-evening reminder']);
    await api.host.services.overdueSweep.run();
    await api.host.services.dispatcher.run();
    expect((await remindersOf(api, [evening!]))[0]).toMatchObject({ status: 'pending', nextAttemptAt: '2026-11-01T12:00:00.000Z', deliveryNote: 'quiet hours until 07:00 (America/New_York)' });

    api.clock.set(new Date('2026-11-01T12:00:00Z'));
    await api.host.services.dispatcher.run();
    expect((await remindersOf(api, [evening!]))[0]).toMatchObject({ status: 'sent', channel: 'feed' });

    // 06:00 EST on Monday the 2nd (11:00 UTC), after midnight: it waits for 07:00 the same morning.
    api.clock.set(new Date('2026-11-02T11:00:00Z'));
    const [early] = await dueItems(api, 'priya', ['Early-morning reminder']);
    await api.host.services.overdueSweep.run();
    await api.host.services.dispatcher.run();
    expect((await remindersOf(api, [early!]))[0]).toMatchObject({ status: 'pending', nextAttemptAt: '2026-11-02T12:00:00.000Z' });
  });
});

describe('digest only', () => {
  let api: TestApi;
  let channels: ScriptedChannels;
  beforeAll(async () => {
    ({ api, channels } = await quietApi());
    await setPreferences(api, 'priya', { digestOnly: true });
  });
  afterAll(() => api.stop());

  it('holds Priya’s reminders for her next daily digest; the escalation to her manager still goes', async () => {
    // Tuesday 24 November, 10:00 in New York. An item due four days ago: her reminder and Morgan's escalation.
    const created = await api.call('POST', '/api/action-items', { as: 'priya', body: { title: 'Send the renewal quote', dueAt: '2026-11-20T14:00:00Z', owner: { type: 'user', userId: api.user('priya').userId } } });
    await api.host.services.overdueSweep.run();
    const run = await api.host.services.dispatcher.run();
    expect(run).toMatchObject({ deferred: 1 });
    const byKind = new Map((await remindersOf(api, [created.body.id])).map((n) => [n.kind, n]));
    expect(byKind.get('reminder')).toMatchObject({
      status: 'pending',
      attempts: 0,
      heldForDigest: '2026-11-25',
      // Her digest is at 08:00 EST on Wednesday (13:00 UTC); the fold comes after its catch-up window.
      nextAttemptAt: '2026-11-25T16:00:00.000Z',
      deliveryNote: 'digest only: held for the daily digest of 2026-11-25',
    });
    expect(byKind.get('escalation')).toMatchObject({ status: 'sent', recipientId: api.user('morgan').userId });
    expect(channels.delivered.some((d) => d.userId === api.user('priya').userId)).toBe(false);
  });

  it('folds the held reminder into the digest that lists its item: one message to her, the digest', async () => {
    channels.reset();
    api.clock.set(new Date('2026-11-25T13:00:30Z'));
    expect((await api.host.services.digests.run()).repDigests).toBeGreaterThanOrEqual(1);
    await api.host.services.dispatcher.run();
    const digest = (await api.notifications()).find((n) => n.kind === 'daily-digest' && n.recipientId === api.user('priya').userId)!;
    expect(digest).toMatchObject({ status: 'sent', channel: 'feed' });
    const item = (await remindersOf(api, (await api.notifications()).map((n) => n.itemId ?? ''))).find((n) => n.kind === 'reminder' && n.heldForDigest === '2026-11-25')!;
    expect(digest.digest?.kind === 'daily' && digest.digest.rows.some((r) => r.itemId === item.itemId)).toBe(true);

    api.clock.set(new Date('2026-11-25T16:00:00Z'));
    expect(await api.host.services.dispatcher.run()).toMatchObject({ folded: 1, messages: 0 });
    const folded = (await api.notifications()).find((n) => n.id === item.id);
    expect(folded).toMatchObject({ status: 'sent', channel: 'feed', messageId: digest.messageId, deliveryNote: 'digest only: folded into the daily digest of 2026-11-25' });
    // Priya got one message all day: her digest.
    expect(channels.delivered.filter((d) => d.userId === api.user('priya').userId).map((d) => d.notificationIds)).toEqual([[digest.id]]);
  });

  it('a held reminder whose item is done by the fold is cancelled; with digest only switched off it goes on its own', async () => {
    api.clock.set(new Date('2026-11-25T17:00:00Z'));
    const [done, other] = await dueItems(api, 'priya', ['Done before the digest', 'Goes on its own']);
    await api.host.services.overdueSweep.run();
    await api.host.services.dispatcher.run();
    const held = await remindersOf(api, [done!, other!]);
    expect(held.map((n) => [n.status, n.heldForDigest, n.nextAttemptAt])).toEqual(Array(2).fill(['pending', '2026-11-26', '2026-11-26T16:00:00.000Z']));

    await api.call('PATCH', `/api/action-items/${done}`, { as: 'priya', headers: { 'if-match': '*' }, body: { status: 'done' } });
    await setPreferences(api, 'priya', { digestOnly: false });
    channels.reset();
    api.clock.set(new Date('2026-11-26T16:00:00Z'));
    await api.host.services.dispatcher.run();
    const after = Object.fromEntries((await remindersOf(api, [done!, other!])).map((n) => [n.itemId, n.status]));
    expect(after).toEqual({ [done!]: 'cancelled', [other!]: 'sent' });
    expect(channels.delivered.filter((d) => d.userId === api.user('priya').userId)).toHaveLength(1);
  });
});
