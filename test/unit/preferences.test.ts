import {
  DEFAULT_PREFERENCES,
  fieldIssues,
  foldAt,
  heldForDigest,
  instantAtLocal,
  nextDailyDigest,
  NotificationPreferencesInput,
  quietHoursEnd,
} from '../../functions/src/domain';

const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';
const NIGHT = { start: '22:00', end: '07:00' };
const at = (iso: string) => new Date(iso);
const end = (now: string, zone: string, quiet = NIGHT) => quietHoursEnd(at(now), zone, quiet)?.toISOString() ?? null;

describe('quiet hours that span midnight (22:00–07:00)', () => {
  it.each([
    ['23:00 waits for 07:00 the next morning', '2026-11-24T23:00:00Z', '2026-11-25T07:00:00.000Z'],
    ['22:00 sharp is quiet already', '2026-11-24T22:00:00Z', '2026-11-25T07:00:00.000Z'],
    ['00:30 waits for 07:00 the same day', '2026-11-25T00:30:00Z', '2026-11-25T07:00:00.000Z'],
    ['06:59 waits one minute', '2026-11-25T06:59:00Z', '2026-11-25T07:00:00.000Z'],
    ['07:00 sharp is not quiet any more', '2026-11-25T07:00:00Z', null],
    ['21:59 is not quiet yet', '2026-11-24T21:59:00Z', null],
    ['noon is not quiet', '2026-11-25T12:00:00Z', null],
  ])('%s (London in winter, where the clocks show UTC)', (_what, now, expected) => {
    expect(end(now, LONDON)).toBe(expected);
  });
});

describe('quiet hours within a day (12:00–14:00)', () => {
  const lunch = { start: '12:00', end: '14:00' };
  it.each([
    ['13:00 waits for 14:00', '2026-11-25T13:00:00Z', '2026-11-25T14:00:00.000Z'],
    ['14:00 is not quiet', '2026-11-25T14:00:00Z', null],
    ['23:00 is not quiet', '2026-11-25T23:00:00Z', null],
  ])('%s', (_what, now, expected) => {
    expect(end(now, LONDON, lunch)).toBe(expected);
  });

  it('none at all: nothing waits', () => {
    expect(quietHoursEnd(at('2026-11-25T03:00:00Z'), LONDON, null)).toBeNull();
  });
});

describe('quiet hours in the user’s own zone, across a change of the clocks', () => {
  it('London, 25 October 2026 (02:00 BST becomes 01:00 GMT): 23:00 BST waits nine hours, until 07:00 GMT', () => {
    // 23:00 BST on the 24th is 22:00 UTC; 07:00 GMT on the 25th is 07:00 UTC. Adding the eight hours of the wall clock
    // to 23:00 would end the quiet hours at 06:00 on the 25th's clocks.
    expect(end('2026-10-24T22:00:00Z', LONDON)).toBe('2026-10-25T07:00:00.000Z');
    // And inside the repeated hour (01:30 GMT, the second time the clocks show 01:30): still 07:00 GMT.
    expect(end('2026-10-25T01:30:00Z', LONDON)).toBe('2026-10-25T07:00:00.000Z');
  });

  it('New York, 1 November 2026 (02:00 EDT becomes 01:00 EST): 22:30 EDT waits until 07:00 EST, 12:00 UTC', () => {
    expect(end('2026-11-01T02:30:00Z', NEW_YORK)).toBe('2026-11-01T12:00:00.000Z');
    // At 06:30 EST, half an hour to go.
    expect(end('2026-11-01T11:30:00Z', NEW_YORK)).toBe('2026-11-01T12:00:00.000Z');
  });

  it('London, 29 March 2026 (01:00 GMT becomes 02:00 BST): 23:00 GMT waits seven hours, until 07:00 BST', () => {
    expect(end('2026-03-28T23:00:00Z', LONDON)).toBe('2026-03-29T06:00:00.000Z');
  });

  it('an end the clocks jump over (01:30 on the spring-forward night) is the moment they jump', () => {
    expect(end('2026-03-28T23:30:00Z', LONDON, { start: '23:00', end: '01:30' })).toBe('2026-03-29T01:00:00.000Z');
  });

  it('an end the clocks show twice (01:30 on the fall-back night) is its first occurrence', () => {
    expect(end('2026-10-24T22:30:00Z', LONDON, { start: '23:00', end: '01:30' })).toBe('2026-10-25T00:30:00.000Z');
  });

  it('a zone half an hour off UTC with no daylight saving (Kolkata)', () => {
    expect(end('2026-11-24T17:00:00Z', 'Asia/Kolkata')).toBe('2026-11-25T01:30:00.000Z');
  });
});

describe('the instant a wall-clock time falls on', () => {
  it.each([
    ['07:00 in New York before the clocks go back', '2026-10-31', 7 * 60, NEW_YORK, '2026-10-31T11:00:00.000Z'],
    ['07:00 in New York after', '2026-11-01', 7 * 60, NEW_YORK, '2026-11-01T12:00:00.000Z'],
    ['02:30 in New York on the spring-forward day (does not exist: 03:00 EDT)', '2026-03-08', 150, NEW_YORK, '2026-03-08T07:00:00.000Z'],
    ['midnight in London in summer', '2026-07-01', 0, LONDON, '2026-06-30T23:00:00.000Z'],
  ])('%s', (_what, date, minute, zone, expected) => {
    expect(instantAtLocal(date, minute, zone).toISOString()).toBe(expected);
  });
});

describe('the preferences a user may save', () => {
  it('default to the card, then the feed, then email; no quiet hours; every reminder', () => {
    expect(NotificationPreferencesInput.parse({})).toEqual({ channels: ['card', 'feed', 'email'], quietHours: null, digestOnly: false });
    expect(DEFAULT_PREFERENCES).toEqual(NotificationPreferencesInput.parse({}));
  });

  it('come back as given', () => {
    const mine = { channels: ['email', 'card'], quietHours: { start: '22:00', end: '07:00' }, digestOnly: true };
    expect(NotificationPreferencesInput.parse(mine)).toEqual(mine);
  });

  it.each([
    ['no channel at all', { channels: [] }, 'channels', 'Give at least one channel'],
    ['a channel twice', { channels: ['feed', 'email', 'feed'] }, 'channels.2', 'feed is listed twice: give each channel once'],
    ['an unknown channel', { channels: ['sms'] }, 'channels.0', 'Must be one of card, feed, email'],
    ['quiet hours at 24:00', { quietHours: { start: '24:00', end: '07:00' } }, 'quietHours.start', 'Must be a time of day from 00:00 to 23:59, as HH:MM'],
    ['quiet hours in the wrong format', { quietHours: { start: '22:00', end: '7am' } }, 'quietHours.end', 'Must be a time of day from 00:00 to 23:59, as HH:MM'],
    ['quiet hours that end when they start', { quietHours: { start: '22:00', end: '22:00' } }, 'quietHours.end', 'Must differ from start'],
    ['quiet hours without an end', { quietHours: { start: '22:00' } }, 'quietHours.end', 'Must be a time of day, HH:MM'],
    ['digest only as a word', { digestOnly: 'yes' }, 'digestOnly', 'Must be true or false'],
    ['an unknown field', { sms: true }, 'sms', 'Unknown field'],
  ])('refuse %s, naming the field', (_what, input, path, message) => {
    const result = NotificationPreferencesInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error && fieldIssues(result.error)).toEqual([{ path, message }]);
  });
});

describe('digest only', () => {
  const digestOnly = { ...DEFAULT_PREFERENCES, digestOnly: true };

  it('holds back the reminders about the user’s own items, and nothing else', () => {
    expect(['reminder', 'buyer-chase', 'agenda-flag'].map((k) => heldForDigest(k as 'reminder', digestOnly))).toEqual([true, true, true]);
    expect(['escalation', 'stale-deal', 'no-next-step', 'daily-digest', 'weekly-digest'].map((k) => heldForDigest(k as 'reminder', digestOnly))).toEqual([false, false, false, false, false]);
    expect(heldForDigest('reminder', DEFAULT_PREFERENCES)).toBe(false);
  });

  it.each([
    ['a Tuesday before 08:00 EST: that morning', '2026-11-24T12:00:00Z', '2026-11-24', '2026-11-24T13:00:00.000Z'],
    ['a Tuesday at 08:00 sharp: the next morning', '2026-11-24T13:00:00Z', '2026-11-25', '2026-11-25T13:00:00.000Z'],
    ['a Friday afternoon: Monday', '2026-11-27T20:00:00Z', '2026-11-30', '2026-11-30T13:00:00.000Z'],
    ['a Friday before the clocks go back: Monday at 08:00 EST', '2026-10-30T20:00:00Z', '2026-11-02', '2026-11-02T13:00:00.000Z'],
  ])('folds into the next weekday digest at the user’s hour — %s', (_what, now, date, digestAt) => {
    expect(nextDailyDigest(at(now), NEW_YORK, 8)).toEqual({ date, at: at(digestAt) });
  });

  it('folds once the digest’s hour and its catch-up window have passed (three hours)', () => {
    expect(foldAt(at('2026-11-30T13:00:00Z')).toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });
});
